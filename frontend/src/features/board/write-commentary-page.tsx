import { useState } from "preact/hooks";
import { api, call, ok } from "../../api/client";
import { explainWriteProblem, ifMatch } from "../../api/etag";
import { BackLink } from "../../components/back-link";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { Textarea } from "../../components/textarea";
import { formatDate } from "../../lib/dates";
import { useFormErrors } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";
import { meetingTitle } from "./board-text";

const FIELDS = { text: { id: "commentary", label: "Commentary", missing: "Enter the area's commentary" } };

/** The area lead's commentary for a meeting: every save is a new version, sent for review. */
export function WriteCommentaryPage({ meetingId, areaId }: { meetingId: number; areaId: number }) {
  const [resource] = useResource(async () => {
    const [meeting, rows] = await Promise.all([
      call(api.GET("/api/v1/meetings/{meeting_id}", { params: { path: { meeting_id: meetingId } } })),
      call(api.GET("/api/v1/meetings/{meeting_id}/commentary", { params: { path: { meeting_id: meetingId } } })),
    ]);
    if (!meeting.ok) return meeting;
    if (!rows.ok) return rows;
    const row = rows.data.find((r) => r.area.id === areaId);
    let etag: string | undefined;
    if (row?.commentary) {
      const current = await call(api.GET("/api/v1/commentary/{commentary_id}", { params: { path: { commentary_id: row.commentary.id } } }));
      if (!current.ok) return current;
      etag = current.etag;
    }
    return ok({ meeting: meeting.data, row, etag });
  });
  return (
    <Loaded resource={resource}>
      {({ meeting, row, etag }) => <CommentaryForm meetingId={meetingId} areaId={areaId} etag={etag}
        caption={`${meetingTitle(meeting, formatDate(meeting.held_on))}${row ? ` — area ${row.area.number}. ${row.area.title}` : ""}`}
        initial={row?.commentary?.current.text ?? ""} />}
    </Loaded>
  );
}

function CommentaryForm({ meetingId, areaId, etag, caption, initial }: {
  meetingId: number; areaId: number; etag?: string; caption: string; initial: string;
}) {
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(FIELDS);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const result = await call(api.POST("/api/v1/meetings/{meeting_id}/areas/{area_id}/commentary", {
      params: { path: { meeting_id: meetingId, area_id: areaId }, header: ifMatch(etag) },
      body: { text: text.trim() ? text : (undefined as unknown as string) },
    }));
    setBusy(false);
    if (!result.ok) return form.fail(explainWriteProblem(result.problem, "commentary"));
    navigate(paths.commentary(result.data.id), { flash: { kind: "success", text: "Commentary saved and sent for review" } });
  }

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <BackLink href={paths.meeting(meetingId)}>Back to the meeting</BackLink>
        <FormErrors form={form} />
        <PageHeading title="Write the area's commentary" caption={caption} hasErrors={!!form.errors} />
        <form noValidate onSubmit={submit}>
          <Textarea id="commentary" label="Commentary for the board" labelSize="m" rows={10}
            hint="What has changed this quarter, what is at risk and what is being done. An assistant director reviews it before it is published; earlier versions are kept."
            value={text} onInput={setText} error={form.error("text")} />
          <button type="submit" class="govuk-button">Save and send for review</button>
        </form>
      </div>
    </div>
  );
}
