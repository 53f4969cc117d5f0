import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import { BackLink } from "../../components/back-link";
import { FileUpload } from "../../components/file-upload";
import { FormErrors } from "../../components/form-errors";
import { PageHeading } from "../../components/page-heading";
import { useFormErrors } from "../../lib/use-form-errors";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";

const FIELDS = { file: { id: "file", label: "Spreadsheet", missing: "Choose the spreadsheet to import" } };
// Whatever is wrong with the file itself is told at the file input.
const FILE_CODES = { bad_workbook: "file", workbook_too_large: "file", workbook_sheet_missing: "file",
  workbook_headings_missing: "file", workbook_other_plan: "file", unsupported_media_type: "file" };

/** Uploading the board pack spreadsheet after it was edited offline: the next page previews what it would change. */
export function ImportWorkbookPage({ planId }: { planId: number }) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(FIELDS, FILE_CODES);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const body = new FormData();
    if (file) body.append("file", file, file.name);
    const result = await call(api.POST("/api/v1/plans/{plan_id}/workbook-imports", {
      params: { path: { plan_id: planId } },
      // The schema types the file as a string (OpenAPI's "binary"); the body sent is the form itself.
      body: {} as { file: string }, bodySerializer: () => body,
    }));
    setBusy(false);
    if (!result.ok) return form.fail(result.problem);
    navigate(paths.workbookImport(result.data.id));
  }

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <BackLink href={paths.plan(planId)}>Back to the plan</BackLink>
        <FormErrors form={form} />
        <PageHeading title="Import the board pack spreadsheet" hasErrors={!!form.errors} />
        <p class="govuk-body">
          Download the board pack as a spreadsheet from the plan's page, change the RAG, owner, due date or latest
          commentary of its actions in the Actions sheet, then import it here.
        </p>
        <p class="govuk-body">
          You will see every change before anything is saved. A new RAG becomes a proposal for an approver to decide,
          and a new due date a request for one; each needs new commentary saying why.
        </p>
        <form noValidate onSubmit={submit}>
          <FileUpload id="file" label="Spreadsheet" onChange={setFile} error={form.error("file")} disabled={busy}
            hint="The .xlsx file as you saved it, up to 5 MB." />
          <button type="submit" class="govuk-button" disabled={busy} aria-disabled={busy}>Check the changes</button>
        </form>
      </div>
    </div>
  );
}
