import { useEffect, useRef, useState } from "preact/hooks";
import { uploadEvidence, type EvidenceCreated, type UploadHandle } from "../../api/upload";
import type { components } from "../../api/schema";
import { BackLink } from "../../components/back-link";
import { FileUpload } from "../../components/file-upload";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { NotificationBanner } from "../../components/notification-banner";
import { PageHeading } from "../../components/page-heading";
import { ProgressBar } from "../../components/progress-bar";
import { useFormErrors } from "../../lib/use-form-errors";
import { paths } from "../../router/routes";
import { refText } from "../actions/action-text";
import { useAction } from "../actions/use-action";
import { DescribeFields } from "./describe-fields";
import { DESCRIBE_FIELDS, describedFields, NOT_DESCRIBED, type Described } from "./evidence-fields";

type Action = components["schemas"]["ActionPublic"];

const FIELDS = {
  file: { id: "file", label: "File", missing: "Choose the file to upload" },
  ...DESCRIBE_FIELDS,
};
// Problems about the file itself, told at the file input.
const FILE_CODES = { evidence_duplicate: "file", evidence_type_not_allowed: "file", unsupported_media_type: "file",
  evidence_too_large: "file" };

export function UploadPage({ actionId }: { actionId: number }) {
  const [resource] = useAction(actionId);
  return <Loaded resource={resource}>{({ action }) => <UploadForm action={action} />}</Loaded>;
}

type Stage = { name: "editing" } | { name: "sending"; fraction: number } | { name: "sent"; evidence: EvidenceCreated };

function UploadForm({ action }: { action: Action }) {
  const [file, setFile] = useState<File | null>(null);
  const [described, setDescribed] = useState<Described>(NOT_DESCRIBED);
  const [stage, setStage] = useState<Stage>({ name: "editing" });
  const upload = useRef<UploadHandle | null>(null);
  const form = useFormErrors(FIELDS, FILE_CODES);
  // Leaving the page stops an upload still under way: the API then keeps nothing of it.
  useEffect(() => () => upload.current?.abort(), []);

  async function submit(event: Event) {
    event.preventDefault();
    if (stage.name === "sending") return;
    setStage({ name: "sending", fraction: 0 });
    upload.current = uploadEvidence(action.id, { file, ...describedFields(described) },
      (fraction) => setStage({ name: "sending", fraction }));
    const result = await upload.current.done;
    upload.current = null;
    if (result.ok) {
      form.clear();
      setStage({ name: "sent", evidence: result.data });
    } else {
      setStage({ name: "editing" });
      form.fail(result.problem);
    }
  }

  if (stage.name === "sent") {
    return (
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <NotificationBanner kind="success" heading={`“${stage.evidence.title}” is uploaded`}>
            <p class="govuk-body">It waits for review by a Head of Service, an assistant director or the director.</p>
          </NotificationBanner>
          <PageHeading title="Upload evidence" caption={`Action ${refText(action)}`} />
          <ProgressBar id="upload-progress" label="Uploaded" fraction={1} />
          <ul class="govuk-list">
            <li><a class="govuk-link" href={paths.action(action.id)}>Back to action {action.ref}</a></li>
            <li><a class="govuk-link" href={paths.uploadEvidence(action.id)}>Upload another file</a></li>
          </ul>
        </div>
      </div>
    );
  }

  const sending = stage.name === "sending";
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <BackLink href={paths.action(action.id)}>Back to action {action.ref}</BackLink>
        <FormErrors form={form} />
        <PageHeading title="Upload evidence" caption={`Action ${refText(action)}`} hasErrors={!!form.errors} />
        <form noValidate onSubmit={submit}>
          <FileUpload id="file" label="File" onChange={setFile} error={form.error("file")} disabled={sending}
            hint="A PDF, Word, Excel or PowerPoint file, an OpenDocument file, an email, an image, or text. Up to 50 MB." />
          <DescribeFields value={described} onChange={setDescribed} form={form} />
          {sending && <ProgressBar id="upload-progress" label="Uploading" fraction={stage.fraction} />}
          <div class="govuk-button-group">
            <button type="submit" class="govuk-button" disabled={sending} aria-disabled={sending}>Upload evidence</button>
            {sending && (
              <button type="button" class="govuk-button govuk-button--secondary" onClick={() => upload.current?.abort()}>Cancel upload</button>
            )}
          </div>
        </form>
      </div>
    </div>
  );
}
