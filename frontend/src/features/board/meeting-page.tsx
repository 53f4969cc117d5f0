import { useState } from "preact/hooks";
import { api, call, ok } from "../../api/client";
import { explainWriteProblem, ifMatch } from "../../api/etag";
import { can, readsOnly } from "../../auth/permissions";
import { useSession } from "../../auth/session-context";
import { BackLink } from "../../components/back-link";
import { FlashBanner } from "../../components/flash-banner";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { SummaryList } from "../../components/summary-list";
import { formatDate, formatDateTime } from "../../lib/dates";
import { useFormErrors } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";
import { saveFile } from "../../lib/save-file";
import { PdfStatus, usePdfDownload } from "../reports/pdf-download";
import { COMMENTARY_STATES, MEETING_STATES, mayWriteCommentary, meetingTitle, type Meeting } from "./board-text";
import { DecisionsTable } from "./decisions-table";

const KINDS = [
  { kind: "pdf", text: "PDF", path: "/api/v1/meetings/{meeting_id}/pack.pdf" },  // laid out by a background job
  { kind: "xlsx", text: "Spreadsheet (XLSX)", path: "/api/v1/meetings/{meeting_id}/pack.xlsx" },
  { kind: "csv", text: "CSV", path: "/api/v1/meetings/{meeting_id}/pack.csv" },
] as const;

/** A meeting: its details, the pack frozen when its papers closed, commentary by area and its decisions. */
export function MeetingPage({ meetingId }: { meetingId: number }) {
  const path = { params: { path: { meeting_id: meetingId } } };
  const [resource] = useResource(async () => {
    const [meeting, commentary, decisions] = await Promise.all([
      call(api.GET("/api/v1/meetings/{meeting_id}", path)),
      call(api.GET("/api/v1/meetings/{meeting_id}/commentary", path)),
      call(api.GET("/api/v1/meetings/{meeting_id}/decisions", path)),
    ]);
    if (!meeting.ok) return meeting;
    if (!commentary.ok) return commentary;
    if (!decisions.ok) return decisions;
    return ok({ meeting: meeting.data, etag: meeting.etag, commentary: commentary.data, decisions: decisions.data });
  });
  return <Loaded resource={resource}>{(data) => <MeetingView {...data} />}</Loaded>;
}

type Data = {
  meeting: Meeting; etag?: string;
  commentary: { area: { id: number; number: number; title: string; lead?: { name: string } | null };
    commentary?: { id: number; state: keyof typeof COMMENTARY_STATES; published?: unknown } | null }[];
  decisions: Parameters<typeof DecisionsTable>[0]["decisions"];
};

function MeetingView({ meeting, etag, commentary, decisions }: Data) {
  const { me } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const form = useFormErrors({});
  const open = meeting.state === "scheduled";
  const manages = !readsOnly(me) && can(me, "meeting:manage");
  const title = meetingTitle(meeting, formatDate(meeting.held_on));

  async function closePapers() {
    if (busy) return;
    setBusy(true);
    const result = await call(api.POST("/api/v1/meetings/{meeting_id}/close-papers", {
      params: { path: { meeting_id: meeting.id }, header: ifMatch(etag) },
    }));
    setBusy(false);
    if (!result.ok) return form.fail(explainWriteProblem(result.problem, "meeting"));
    navigate(paths.meeting(meeting.id), { replace: true, flash: { kind: "success", text: "The papers are closed: the pack is frozen" } });
  }

  const filename = (kind: string) => `board-pack-${meeting.held_on}.${kind}`;
  const options = { params: { path: { meeting_id: meeting.id } }, parseAs: "blob" as const };
  const pdf = usePdfDownload(() => api.GET("/api/v1/meetings/{meeting_id}/pack.pdf", options), filename("pdf"), form.fail);

  async function download(kind: (typeof KINDS)[number]) {
    const file = await call(api.GET(kind.path, options));
    if (!file.ok) return form.fail(file.problem);
    saveFile(file.data as Blob, filename(kind.kind));
  }

  return (
    <>
      <BackLink href={paths.board(meeting.plan_id)}>Back to board meetings</BackLink>
      <FormErrors form={form} />
      <FlashBanner />
      <PageHeading title={title} caption="Board meeting" hasErrors={!!form.errors} />
      <SummaryList rows={[
        { key: "Papers", value: open ? MEETING_STATES.scheduled + ": the papers are open"
          : `Closed ${meeting.papers_closed_at ? formatDateTime(meeting.papers_closed_at) : ""}${meeting.papers_closed_by ? ` by ${meeting.papers_closed_by.name}` : ""}` },
        { key: "Time", value: meeting.start_time ? meeting.start_time.slice(0, 5) : "Not set" },
        { key: "Where", value: meeting.location || "Not set" },
        { key: "Attendees", value: <span class="app-preserve-lines">{meeting.attendees || "Not recorded"}</span> },
        { key: "Papers circulated", value: <span class="app-preserve-lines">{meeting.papers || "None listed"}</span> },
        { key: "Notes", value: <span class="app-preserve-lines">{meeting.notes || "None yet"}</span> },
        { key: "Changes since", value: meeting.previous
          ? <a class="govuk-link" href={paths.meeting(meeting.previous.id)}>{meeting.previous.forum.name}, {formatDate(meeting.previous.held_on)}</a>
          : "No earlier meeting of this forum" },
      ]} />

      <h2 class="govuk-heading-m">Board pack</h2>
      {open ? (
        <>
          <p class="govuk-body">
            The pack is made when the papers close, and stays as it was then. Until then, see the plan as it
            stands in the <a class="govuk-link" href={paths.boardReport(meeting.plan_id, { meeting: String(meeting.id) })}>board report for this meeting</a>.
          </p>
          {manages && !confirming && (
            <button type="button" class="govuk-button govuk-button--warning" onClick={() => setConfirming(true)}>Close the papers</button>
          )}
          {manages && confirming && (
            <div class="govuk-warning-text" role="group" aria-labelledby="confirm-close">
              <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
              <div class="govuk-warning-text__text">
                <span class="govuk-visually-hidden">Warning</span>
                <p class="govuk-body" id="confirm-close">
                  Closing the papers freezes every action's status, due date and commentary, the evidence counts, the
                  measures and the published commentary as they stand now. It cannot be undone.
                </p>
                <div class="govuk-button-group">
                  <button type="button" class="govuk-button govuk-button--warning" disabled={busy} onClick={closePapers}>Yes, close the papers</button>
                  <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setConfirming(false)}>Cancel</button>
                </div>
              </div>
            </div>
          )}
        </>
      ) : (
        <ul class="govuk-list">
          {KINDS.map((kind) => (
            <li key={kind.kind}>
              <a class="govuk-link" href={`/api/v1/meetings/${meeting.id}/pack.${kind.kind}`}
                onClick={(event) => {
                  if (kind.kind === "pdf") return pdf.start(event);
                  event.preventDefault();
                  void download(kind);
                }}>
                Download the pack as {kind.text}
              </a>
            </li>
          ))}
        </ul>
      )}
      {!open && <PdfStatus status={pdf.status} filename={filename("pdf")} />}

      <h2 class="govuk-heading-m">Commentary by area</h2>
      {meeting.forum.slug !== "improvement-board" && commentary.every((row) => !row.commentary) ? (
        <p class="govuk-body">This forum does not receive area commentary.</p>
      ) : (
        <table class="govuk-table app-stack">
          <caption class="govuk-table__caption govuk-visually-hidden">Commentary for this meeting, by area</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Area</th>
              <th scope="col" class="govuk-table__header">Commentary</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {commentary.map(({ area, commentary: c }) => (
              <tr class="govuk-table__row" key={area.id}>
                <th scope="row" class="govuk-table__header" data-label="Area">{area.number}. {area.title}</th>
                <td class="govuk-table__cell" data-label="Commentary">
                  {c ? <a class="govuk-link" href={paths.commentary(c.id)}>{COMMENTARY_STATES[c.state]}<span class="govuk-visually-hidden"> (area {area.number})</span></a>
                    : "Not written"}
                  {open && !readsOnly(me) && mayWriteCommentary(me, area.id) && (
                    <> · <a class="govuk-link" href={paths.writeCommentary(meeting.id, area.id)}>
                      {c ? "Write a new version" : "Write"}<span class="govuk-visually-hidden"> commentary for area {area.number}</span>
                    </a></>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 class="govuk-heading-m">Decisions and actions arising</h2>
      <DecisionsTable decisions={decisions} showMeeting={false} caption="Decisions of this meeting" />
      {manages && <a class="govuk-button govuk-button--secondary" href={paths.recordDecision(meeting.id)}>Record a decision</a>}
    </>
  );
}
