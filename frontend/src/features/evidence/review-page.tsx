import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import type { components } from "../../api/schema";
import { useSession } from "../../auth/session-context";
import { BackLink } from "../../components/back-link";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { Radios } from "../../components/radios";
import { SummaryList } from "../../components/summary-list";
import { Tag } from "../../components/tag";
import { Textarea } from "../../components/textarea";
import { formatDate, formatDateTime } from "../../lib/dates";
import { useFormErrors } from "../../lib/use-form-errors";
import { currentPath, navigate } from "../../router/history";
import { paths, safeNext } from "../../router/routes";
import { EvidenceTitle } from "./evidence-table";
import { EVIDENCE_STATES, evidenceType, mayReview, type Evidence } from "./evidence-text";
import { useEvidenceOnHome } from "./use-evidence";

type Review = components["schemas"]["EvidenceReview"];

const FIELDS = {
  decision: { id: "decision", label: "Decision", missing: "Choose whether to accept or reject it" },
  note: { id: "note", label: "Note", missing: "Enter a note: say what is missing" },
};

/** Accept or reject one evidence item, for those who review on its action; never its uploader. */
export function ReviewPage({ evidenceId }: { evidenceId: number }) {
  const { me } = useSession();
  const [resource] = useEvidenceOnHome(evidenceId);
  const back = new URLSearchParams(currentPath().split("?")[1] ?? "").get("back");
  const form = useFormErrors(FIELDS, { missing_note: "note", evidence_not_submitted: "decision" });
  return (
    <Loaded resource={resource}>
      {({ evidence, action }) => {
        const returnTo = back ? safeNext(back) : paths.action(action.id);
        return (
          <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
              <BackLink href={returnTo}>Back</BackLink>
              <FormErrors form={form} />
              <PageHeading title={`Review “${evidence.title}”`} caption={`Evidence for action ${action.ref}`} hasErrors={!!form.errors} />
              <SummaryList rows={[
                { key: "Evidence", value: <EvidenceTitle item={evidence} onProblem={form.fail} /> },
                { key: "Type", value: evidenceType(evidence) },
                { key: "Description", value: <span class="app-preserve-lines">{evidence.description || "None"}</span> },
                { key: "Date it evidences", value: evidence.effective_on ? formatDate(evidence.effective_on) : "Not given" },
                { key: "Personal data", value: evidence.contains_personal_data ? "Contains personal data" : "None" },
                { key: "Added", value: `by ${evidence.uploaded_by?.name ?? "someone no longer listed"} on ${formatDateTime(evidence.uploaded_at)}` },
                { key: "Review", value: <Tag text={EVIDENCE_STATES[evidence.state].text} colour={EVIDENCE_STATES[evidence.state].colour} /> },
              ]} />
              {mayReview(me, evidence, action)
                ? <ReviewForm evidence={evidence} returnTo={returnTo} form={form} />
                : <p class="govuk-body">You cannot review this evidence: it is not waiting for review, you added it, or you do not review on the action it was uploaded to.</p>}
            </div>
          </div>
        );
      }}
    </Loaded>
  );
}

function ReviewForm({ evidence, returnTo, form }: { evidence: Evidence; returnTo: string; form: ReturnType<typeof useFormErrors> }) {
  const [decision, setDecision] = useState("");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const body = { ...(decision ? { decision } : {}), note } as Review;
    const result = await call(api.POST("/api/v1/evidence/{evidence_id}/review", { params: { path: { evidence_id: evidence.id } }, body }));
    setBusy(false);
    if (!result.ok) return form.fail(result.problem);
    navigate(returnTo, { flash: { kind: "success", text: `You ${result.data.state === "accepted" ? "accepted" : "rejected"} “${evidence.title}”` } });
  }

  return (
    <form noValidate onSubmit={submit}>
      <Radios id="decision" legend="Your review" legendSize="m" value={decision} onChange={setDecision} error={form.error("decision")}
        options={[
          { value: "accept", text: "Accept", hint: evidence.contains_personal_data ? undefined : "Inspectors will be able to see it." },
          { value: "reject", text: "Reject" },
        ]} />
      <Textarea id="note" label="Note" hint="Needed to reject it: say what is missing." value={note} onInput={setNote} error={form.error("note")} />
      <button type="submit" class="govuk-button">Send review</button>
    </form>
  );
}
