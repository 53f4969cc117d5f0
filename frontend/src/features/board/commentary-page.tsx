import { useState } from "preact/hooks";
import { api, call, ok } from "../../api/client";
import { explainWriteProblem, ifMatch } from "../../api/etag";
import type { components } from "../../api/schema";
import { can, readsOnly } from "../../auth/permissions";
import { useSession } from "../../auth/session-context";
import { BackLink } from "../../components/back-link";
import { FlashBanner } from "../../components/flash-banner";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { Textarea } from "../../components/textarea";
import { formatDate, formatDateTime } from "../../lib/dates";
import { useFormErrors } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";
import { COMMENTARY_STATES, meetingTitle } from "./board-text";

type Commentary = components["schemas"]["CommentaryPublic"];
const FIELDS = { reason: { id: "reason", label: "What should change", missing: "Enter what the author should change" } };

/** One area's commentary: its versions, and reviewing, returning or publishing its latest. */
export function CommentaryPage({ commentaryId }: { commentaryId: number }) {
  const [resource] = useResource(async () => {
    const commentary = await call(api.GET("/api/v1/commentary/{commentary_id}", { params: { path: { commentary_id: commentaryId } } }));
    if (!commentary.ok) return commentary;
    const meeting = await call(api.GET("/api/v1/meetings/{meeting_id}", { params: { path: { meeting_id: commentary.data.meeting_id } } }));
    if (!meeting.ok) return meeting;
    return ok({ commentary: commentary.data, etag: commentary.etag, meeting: meeting.data });
  });
  return <Loaded resource={resource}>{(data) => <CommentaryView {...data} />}</Loaded>;
}

function CommentaryView({ commentary, etag, meeting }: {
  commentary: Commentary; etag?: string; meeting: components["schemas"]["MeetingPublic"];
}) {
  const { me } = useSession();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(FIELDS);
  const current = commentary.current;
  const notMine = current.written_by?.id !== me.id;
  const open = meeting.state === "scheduled" && !readsOnly(me);
  const mayReview = open && notMine && can(me, "commentary:review") && current.state === "draft";
  const mayReturn = open && notMine && can(me, "commentary:review") && (current.state === "draft" || current.state === "reviewed");
  const mayPublish = open && notMine && can(me, "commentary:publish") && current.state === "reviewed";
  const area = `area ${commentary.area.number}`;

  async function step(verb: "review" | "publish" | "return", done: string) {
    if (busy) return;
    setBusy(true);
    const params = { params: { path: { commentary_id: commentary.id }, header: ifMatch(etag) } };
    const result = verb === "return"
      ? await call(api.POST("/api/v1/commentary/{commentary_id}/return", { ...params, body: { reason: reason.trim() ? reason : (undefined as unknown as string) } }))
      : await call(api.POST(verb === "review" ? "/api/v1/commentary/{commentary_id}/review" : "/api/v1/commentary/{commentary_id}/publish", params));
    setBusy(false);
    if (!result.ok) return form.fail(explainWriteProblem(result.problem, "commentary"));
    navigate(paths.commentary(commentary.id), { replace: true, flash: { kind: "success", text: done } });
  }

  return (
    <>
      <BackLink href={paths.meeting(meeting.id)}>Back to the meeting</BackLink>
      <FormErrors form={form} />
      <FlashBanner />
      <PageHeading title={`Commentary for area ${commentary.area.number}. ${commentary.area.title}`}
        caption={meetingTitle(meeting, formatDate(meeting.held_on))} hasErrors={!!form.errors} />
      <p class="govuk-body"><strong class="govuk-tag govuk-tag--grey">{COMMENTARY_STATES[current.state]}</strong></p>
      <div class="govuk-inset-text app-preserve-lines">{current.text}</div>
      <p class="govuk-body-s">Version {current.version}, written by {current.written_by?.name ?? "someone"} on {formatDateTime(current.written_at)}.</p>
      {current.returned_reason && <p class="govuk-body">Returned: {current.returned_reason}</p>}
      {(mayReview || mayPublish) && (
        <div class="govuk-button-group">
          {mayReview && <button type="button" class="govuk-button" disabled={busy} onClick={() => step("review", `Commentary for ${area} reviewed`)}>Mark as reviewed</button>}
          {mayPublish && <button type="button" class="govuk-button" disabled={busy} onClick={() => step("publish", `Commentary for ${area} published`)}>Publish</button>}
        </div>
      )}
      {mayReturn && (
        <form noValidate onSubmit={(event) => { event.preventDefault(); void step("return", `Commentary for ${area} returned to its author`); }}>
          <Textarea id="reason" label="Or return it to its author" hint="Say what should change." value={reason} onInput={setReason} error={form.error("reason")} />
          <button type="submit" class="govuk-button govuk-button--secondary" disabled={busy}>Return to the author</button>
        </form>
      )}
      <h2 class="govuk-heading-m">Versions</h2>
      <table class="govuk-table app-stack">
        <caption class="govuk-table__caption govuk-visually-hidden">Every version of this commentary</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Version</th>
            <th scope="col" class="govuk-table__header">Text</th>
            <th scope="col" class="govuk-table__header">What became of it</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {[...commentary.versions].reverse().map((v) => (
            <tr class="govuk-table__row" key={v.version}>
              <td class="govuk-table__cell" data-label="Version">{v.version}</td>
              <td class="govuk-table__cell app-preserve-lines" data-label="Text">{v.text}</td>
              <td class="govuk-table__cell" data-label="What became of it">
                {COMMENTARY_STATES[v.state]}
                {v.published_by && v.published_at && <>: by {v.published_by.name}, {formatDateTime(v.published_at)}</>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
