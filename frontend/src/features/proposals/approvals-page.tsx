import { api, call, ok } from "../../api/client";
import { can } from "../../auth/permissions";
import { useSession } from "../../auth/session-context";
import { FlashBanner } from "../../components/flash-banner";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { ProblemPage } from "../../components/problem-page";
import { RagTag } from "../../components/rag-tag";
import { Tag } from "../../components/tag";
import { formatDate, formatDateTime } from "../../lib/dates";
import { useResource } from "../../lib/use-resource";
import { paths } from "../../router/routes";
import { EVIDENCE_STATES, evidenceType, mayReview, type Evidence } from "../evidence/evidence-text";
import { proposalTitle, type Proposal } from "./proposal-text";

const FORBIDDEN = { type: "about:blank", title: "Forbidden", status: 403, code: "forbidden",
  detail: "Only Heads of Service, assistant directors and the director decide on proposals." };

/**
 * The approvals queue: the proposals the API says this user may decide (GET /proposals?decidable=true),
 * oldest first, and the evidence waiting for review on those actions. The API lists neither evidence
 * nor re-schedules awaiting a decision across the plan; those on other actions are found on the
 * action's page.
 */
export function ApprovalsPage() {
  const { me } = useSession();
  const allowed = can(me, "proposal:decide");
  const [resource] = useResource(async () => {
    if (!allowed) return ok({ proposals: [] as Proposal[], evidence: [] as { item: Evidence; proposal: Proposal }[] });
    const queue = await call(api.GET("/api/v1/proposals", { params: { query: { decidable: true, limit: 500 } } }));
    if (!queue.ok) return queue;
    const proposals = queue.data.items;
    const lists = await Promise.all(proposals.map(async (proposal) => {
      const [action, items] = await Promise.all([
        call(api.GET("/api/v1/actions/{action_id}", { params: { path: { action_id: proposal.action_id } } })),
        call(api.GET("/api/v1/actions/{action_id}/evidence", { params: { path: { action_id: proposal.action_id } } })),
      ]);
      if (!action.ok || !items.ok) return [];
      return items.data.filter((item) => mayReview(me, item, action.data)).map((item) => ({ item, proposal }));
    }));
    // An item supporting two actions in the queue is listed once.
    const evidence = lists.flat().filter((entry, i, all) => all.findIndex((other) => other.item.id === entry.item.id) === i);
    return ok({ proposals, evidence });
  });
  if (!allowed) return <ProblemPage problem={FORBIDDEN} />;
  return (
    <Loaded resource={resource}>
      {({ proposals, evidence }) => (
        <>
          <FlashBanner />
          <PageHeading title="Approvals" />
          <h2 class="govuk-heading-m">Status changes waiting for your decision</h2>
          {proposals.length === 0 ? (
            <p class="govuk-body">Nothing is waiting for your decision.</p>
          ) : (
            <table class="govuk-table">
              <caption class="govuk-table__caption govuk-visually-hidden">Status changes waiting for your decision, oldest first</caption>
              <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                  <th scope="col" class="govuk-table__header">Action</th>
                  <th scope="col" class="govuk-table__header">Change</th>
                  <th scope="col" class="govuk-table__header">Proposed</th>
                  <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Decide</span></th>
                </tr>
              </thead>
              <tbody class="govuk-table__body">
                {proposals.map((proposal) => (
                  <tr class="govuk-table__row" key={proposal.id}>
                    <th scope="row" class="govuk-table__header">
                      <a class="govuk-link" href={paths.action(proposal.action_id)}>
                        <span class="govuk-visually-hidden">Action </span>{proposal.action_ref}
                      </a>
                    </th>
                    <td class="govuk-table__cell">
                      <RagTag status={proposal.from_status} /> to <RagTag status={proposal.to_status} />
                    </td>
                    <td class="govuk-table__cell">
                      {proposal.proposed_by?.name ?? "Someone no longer listed"}, {formatDateTime(proposal.proposed_at)}
                    </td>
                    <td class="govuk-table__cell">
                      <a class="govuk-link" href={paths.proposal(proposal.id)}>
                        Decide<span class="govuk-visually-hidden"> on {proposalTitle(proposal)} for action {proposal.action_ref}</span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2 class="govuk-heading-m">Evidence waiting for your review</h2>
          <p class="govuk-body">On the actions above. Evidence on other actions is reviewed from the action’s page.</p>
          {evidence.length === 0 ? (
            <p class="govuk-body">No evidence on these actions is waiting for your review.</p>
          ) : (
            <table class="govuk-table">
              <caption class="govuk-table__caption govuk-visually-hidden">Evidence waiting for your review</caption>
              <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                  <th scope="col" class="govuk-table__header">Evidence</th>
                  <th scope="col" class="govuk-table__header">Action</th>
                  <th scope="col" class="govuk-table__header">Type</th>
                  <th scope="col" class="govuk-table__header">Evidences</th>
                  <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Review</span></th>
                </tr>
              </thead>
              <tbody class="govuk-table__body">
                {evidence.map(({ item, proposal }) => (
                  <tr class="govuk-table__row" key={`${item.id}-${proposal.id}`}>
                    <th scope="row" class="govuk-table__header">
                      {item.title} <Tag text={EVIDENCE_STATES[item.state].text} colour={EVIDENCE_STATES[item.state].colour} />
                    </th>
                    <td class="govuk-table__cell">{proposal.action_ref}</td>
                    <td class="govuk-table__cell">{evidenceType(item)}</td>
                    <td class="govuk-table__cell">{item.effective_on ? formatDate(item.effective_on) : "Not given"}</td>
                    <td class="govuk-table__cell">
                      <a class="govuk-link" href={paths.reviewEvidence(item.id, paths.approvals())}>
                        Review<span class="govuk-visually-hidden"> {item.title}</span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </Loaded>
  );
}
