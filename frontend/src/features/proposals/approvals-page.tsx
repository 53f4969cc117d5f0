import { useState } from "preact/hooks";
import type { ComponentChildren } from "preact";
import { api, call, ok } from "../../api/client";
import { can } from "../../auth/permissions";
import { useSession } from "../../auth/session-context";
import { ProblemPage } from "../../components/problem-page";
import { NotificationBanner } from "../../components/notification-banner";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { RagTag } from "../../components/rag-tag";
import { formatDate, formatDateTime } from "../../lib/dates";
import { useResource } from "../../lib/use-resource";
import { takeFlash } from "../../router/history";
import { paths } from "../../router/routes";
import { evidenceType } from "../evidence/evidence-text";
import { proposalTitle } from "./proposal-text";

const FORBIDDEN = { type: "about:blank", title: "Forbidden", status: 403, code: "forbidden",
  detail: "Only Heads of Service, assistant directors and the director, and those covering for them, decide on proposals." };

/** "as Daniel Hughes's cover", when the API says the user decides an item only in someone's name. */
function asCover(who: { name: string } | null | undefined): ComponentChildren {
  return who ? <><br /><span class="govuk-hint govuk-!-margin-0">As {who.name}’s cover</span></> : null;
}

/**
 * Everything waiting for this user's decision, oldest first in each group: status changes, new due
 * dates and evidence, as the API lists them (what the user may decide, themselves or as someone's cover).
 */
export function ApprovalsPage() {
  const { me } = useSession();
  const decides = can(me, "proposal:decide") || can(me, "evidence:review") || can(me, "commentary:review");
  // Taken here, not by a FlashBanner below: a cover who has just decided the last item in their queue
  // is shown what they did and an empty queue, not a refusal.
  const [flash] = useState(takeFlash);
  const [resource] = useResource(async () => {
    const [proposals, reschedules, evidence, commentary] = await Promise.all([
      call(api.GET("/api/v1/proposals", { params: { query: { decidable: true, limit: 500 } } })),
      call(api.GET("/api/v1/reschedules", { params: { query: { decidable: true, limit: 500 } } })),
      call(api.GET("/api/v1/evidence/awaiting-review", { params: { query: { limit: 500 } } })),
      call(api.GET("/api/v1/commentary/awaiting-clearance")),
    ]);
    if (!proposals.ok) return proposals;
    if (!reschedules.ok) return reschedules;
    if (!evidence.ok) return evidence;
    if (!commentary.ok) return commentary;
    return ok({ proposals: proposals.data, reschedules: reschedules.data, evidence: evidence.data, commentary: commentary.data });
  });
  return (
    <Loaded resource={resource}>
      {({ proposals, reschedules, evidence, commentary }) => {
        const total = proposals.total + reschedules.total + evidence.total + commentary.length;
        // A cover without powers of their own has a queue only while covering.
        if (!decides && total === 0 && !flash) return <ProblemPage problem={FORBIDDEN} />;
        return (
          <>
            {flash && <NotificationBanner kind={flash.kind} heading={flash.text} />}
            <PageHeading title="Approvals" />
            <p class="govuk-body">
              {total === 0 ? "Nothing is waiting for your decision." : `${total} ${total === 1 ? "item is" : "items are"} waiting for your decision.`}
            </p>
            <ul class="govuk-list">
              <li><a class="govuk-link" href="#status-changes">Status changes ({proposals.total})</a></li>
              <li><a class="govuk-link" href="#due-dates">New due dates ({reschedules.total})</a></li>
              <li><a class="govuk-link" href="#evidence">Evidence to review ({evidence.total})</a></li>
              <li><a class="govuk-link" href="#commentary">Commentary for the board ({commentary.length})</a></li>
            </ul>

            <h2 class="govuk-heading-m" id="status-changes">Status changes ({proposals.total})</h2>
            {proposals.total === 0 ? <p class="govuk-body">No status changes are waiting for your decision.</p> : (
              <Table caption="Status changes waiting for your decision, oldest first" headings={["Action", "Change", "Proposed"]}
                rows={proposals.items.map((p) => ({
                  key: p.id, ref: p.action_ref, actionId: p.action_id,
                  cells: [<><RagTag status={p.from_status} /> to <RagTag status={p.to_status} /></>,
                    <>{p.proposed_by?.name ?? "Someone no longer listed"}, {formatDateTime(p.proposed_at)}</>],
                  link: <a class="govuk-link" href={paths.proposal(p.id)}>
                    Decide<span class="govuk-visually-hidden"> on {proposalTitle(p)} for action {p.action_ref}</span>
                  </a>,
                  as: p.decide_as,
                }))} />
            )}

            <h2 class="govuk-heading-m" id="due-dates">New due dates ({reschedules.total})</h2>
            {reschedules.total === 0 ? <p class="govuk-body">No new due dates are waiting for your decision.</p> : (
              <Table caption="New due dates waiting for your decision, oldest first" headings={["Action", "Due date", "Asked"]}
                rows={reschedules.items.map((r) => ({
                  key: r.id, ref: r.action_ref, actionId: r.action_id,
                  cells: [<>{r.from_due_on ? formatDate(r.from_due_on) : "No date"} to {formatDate(r.to_due_on)}</>,
                    <>{r.proposed_by?.name ?? "Someone no longer listed"}, {formatDateTime(r.proposed_at)}</>],
                  link: <a class="govuk-link" href={paths.rescheduleDecision(r.id)}>
                    Decide<span class="govuk-visually-hidden"> on the new due date for action {r.action_ref}</span>
                  </a>,
                  as: r.decide_as,
                }))} />
            )}

            <h2 class="govuk-heading-m" id="evidence">Evidence to review ({evidence.total})</h2>
            {evidence.total === 0 ? <p class="govuk-body">No evidence is waiting for your review.</p> : (
              <Table caption="Evidence waiting for your review, oldest first" headings={["Action", "Evidence", "Added"]}
                rows={evidence.items.map(({ evidence: e, home_action_ref, review_as }) => ({
                  key: e.id, ref: home_action_ref, actionId: e.home_action_id,
                  cells: [<>{e.title} ({evidenceType(e)})</>,
                    <>{e.uploaded_by?.name ?? "Someone no longer listed"}, {formatDateTime(e.uploaded_at)}</>],
                  link: <a class="govuk-link" href={paths.reviewEvidence(e.id, paths.approvals())}>
                    Review<span class="govuk-visually-hidden"> {e.title}</span>
                  </a>,
                  as: review_as,
                }))} />
            )}

            <h2 class="govuk-heading-m" id="commentary">Commentary for the board ({commentary.length})</h2>
            {commentary.length === 0 ? <p class="govuk-body">No commentary is waiting for you.</p> : (
              <table class="govuk-table app-stack">
                <caption class="govuk-table__caption govuk-visually-hidden">Commentary waiting for your review or publication</caption>
                <thead class="govuk-table__head">
                  <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">Area</th>
                    <th scope="col" class="govuk-table__header">Meeting</th>
                    <th scope="col" class="govuk-table__header">Written</th>
                    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Action</span></th>
                  </tr>
                </thead>
                <tbody class="govuk-table__body">
                  {commentary.map(({ commentary: c, meeting, waiting_for }) => (
                    <tr class="govuk-table__row" key={c.id}>
                      <th scope="row" class="govuk-table__header" data-label="Area">{c.area.number}. {c.area.title}</th>
                      <td class="govuk-table__cell" data-label="Meeting">{meeting.forum.name}, {formatDate(meeting.held_on)}</td>
                      <td class="govuk-table__cell" data-label="Written">{c.current.written_by?.name ?? "Someone no longer listed"}, {formatDateTime(c.current.written_at)}</td>
                      <td class="govuk-table__cell" data-label="Action">
                        <a class="govuk-link" href={paths.commentary(c.id)}>
                          {waiting_for === "review" ? "Review" : "Publish"}<span class="govuk-visually-hidden"> the commentary for area {c.area.number}</span>
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        );
      }}
    </Loaded>
  );
}

interface Row {
  key: number;
  ref: string;
  actionId: number;
  cells: ComponentChildren[];
  link: ComponentChildren;
  as: { name: string } | null | undefined;
}

function Table({ caption, headings, rows }: { caption: string; headings: string[]; rows: Row[] }) {
  return (
    <table class="govuk-table app-stack">
      <caption class="govuk-table__caption govuk-visually-hidden">{caption}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          {headings.map((heading) => <th scope="col" class="govuk-table__header" key={heading}>{heading}</th>)}
          <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Decide</span></th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {rows.map((row) => (
          <tr class="govuk-table__row" key={row.key}>
            <th scope="row" class="govuk-table__header" data-label={headings[0]}>
              <a class="govuk-link" href={paths.action(row.actionId)}><span class="govuk-visually-hidden">Action </span>{row.ref}</a>
            </th>
            {row.cells.map((cell, i) => <td class="govuk-table__cell" key={i} data-label={headings[i + 1]}>{cell}</td>)}
            <td class="govuk-table__cell">{row.link}{asCover(row.as)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
