import { useState } from "preact/hooks";
import { api, call, ok } from "../../api/client";
import { BackLink } from "../../components/back-link";
import { DateInput } from "../../components/date-input";
import { FileUpload } from "../../components/file-upload";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { Textarea } from "../../components/textarea";
import { datePartsToIso, formatDate, type DateParts } from "../../lib/dates";
import { useFormErrors } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";
import { fileProblem } from "./plan-versions";

const FIELDS = {
  file: { id: "file", label: "Plan file", missing: "Choose the changed plan file" },
  reason: { id: "reason", label: "Why", missing: "Enter why the plan is re-baselined" },
  effective_on: { id: "effective-on", label: "In effect from", invalid: "The date must be a real date, for example 10 6 2019" },
};
// Refusals about the file as a whole: shown at the file field.
const FILE_CODES = { rebaseline_nothing_changed: "file", plan_file_unknown_user: "file", plan_exists_different: "file" };

/** The director re-baselines the plan: the changed plan file makes the next version. */
export function RebaselinePage({ planId }: { planId: number }) {
  const [resource] = useResource(async () => {
    const path = { plan_id: planId };
    const [plan, versions] = await Promise.all([
      call(api.GET("/api/v1/plans/{plan_id}", { params: { path } })),
      call(api.GET("/api/v1/plans/{plan_id}/versions", { params: { path } })),
    ]);
    if (!plan.ok) return plan;
    if (!versions.ok) return versions;
    return ok({ title: plan.data.title, latest: versions.data[versions.data.length - 1], etag: versions.etag ?? "" });
  });
  return (
    <Loaded resource={resource}>
      {({ title, latest, etag }) => <RebaselineForm planId={planId} title={title} latest={latest} etag={etag} />}
    </Loaded>
  );
}

interface Latest {
  number: number;
  effective_on: string;
}

function RebaselineForm({ planId, title, latest, etag }: { planId: number; title: string; latest: Latest; etag: string }) {
  const [file, setFile] = useState<File | null>(null);
  const [reason, setReason] = useState("");
  const [from, setFrom] = useState<DateParts>({ day: "", month: "", year: "" });
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(FIELDS, FILE_CODES);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    if (!file) {
      return form.fail({ type: "about:blank", title: "The request is not valid", status: 422, code: "validation_failed",
        detail: "Choose the changed plan file", errors: [{ loc: ["body", "file"], msg: "Field required", type: "missing" }] });
    }
    setBusy(true);
    const effective = datePartsToIso(from);
    const body = { reason, file: await file.text(), ...(effective ? { effective_on: effective } : {}) };
    const result = await call(api.POST("/api/v1/plans/{plan_id}/versions", {
      params: { path: { plan_id: planId }, header: { "if-match": etag } }, body,
    }));
    setBusy(false);
    if (!result.ok) return form.fail(fileProblem(result.problem));
    navigate(paths.planVersions(planId), {
      flash: { kind: "success", text: `Version ${result.data.number} made, in effect from ${formatDate(result.data.effective_on)}` },
    });
  }

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <BackLink href={paths.planVersions(planId)}>Back to plan versions</BackLink>
        <FormErrors form={form} />
        <PageHeading title="Re-baseline the plan" caption={title} hasErrors={!!form.errors} />
        <p class="govuk-body">
          The plan is at version {latest.number}, in effect from {formatDate(latest.effective_on)}. Send the whole plan
          file with its changes: reworded actions, moved targets, new actions. An action left out of the file is
          retired: it is kept with its history. Only actions can change, and new areas be added.
        </p>
        <form noValidate onSubmit={submit}>
          <FileUpload id="file" label="Plan file" hint="The plan as a YAML or JSON file, in the import format." onChange={setFile}
            error={form.error("file")} disabled={busy} />
          <Textarea id="reason" label="Why" hint="For example, after the monitoring visit of 4 June 2019." value={reason}
            onInput={setReason} error={form.error("reason")} rows={3} />
          <DateInput id="effective-on" legend="In effect from (optional)" hint="Leave blank for today. For example 10 6 2019."
            value={from} onInput={setFrom} error={form.error("effective_on")} />
          <button type="submit" class="govuk-button" disabled={busy}>Make the new version</button>
        </form>
      </div>
    </div>
  );
}
