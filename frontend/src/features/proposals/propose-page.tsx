import { useState } from "preact/hooks";
import { api, call, ok } from "../../api/client";
import { explainWriteProblem, ifMatch } from "../../api/etag";
import type { components } from "../../api/schema";
import { BackLink } from "../../components/back-link";
import { DateInput } from "../../components/date-input";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { RagTag } from "../../components/rag-tag";
import { Radios } from "../../components/radios";
import { Textarea } from "../../components/textarea";
import { STATUSES } from "../../lib/rag";
import { useFormErrors } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";
import { refText } from "../actions/action-text";
import { EMPTY_DRAFT, PROPOSAL_FIELDS, proposableStatuses, proposalBody, type ProposalDraft } from "./proposal-form";

type Action = components["schemas"]["ActionPublic"];
type LegendEntry = components["schemas"]["LegendEntryPublic"];

// What an approval of each status needs, beyond a Head of Service's yes.
const NEEDS: Partial<Record<string, string>> = {
  red: "Needs an exception report below, and sign-off by an assistant director or the director.",
  blue: "Needs at least one accepted evidence item, and sign-off by an assistant director or the director.",
};

export function ProposePage({ actionId }: { actionId: number }) {
  const [resource] = useResource(async () => {
    const action = await call(api.GET("/api/v1/actions/{action_id}", { params: { path: { action_id: actionId } } }));
    if (!action.ok) return action;
    // The plan's own legend says what each status means; the form shows it beside each choice.
    const [plan, evidence] = await Promise.all([
      call(api.GET("/api/v1/plans/{plan_id}", { params: { path: { plan_id: action.data.plan_id } } })),
      call(api.GET("/api/v1/actions/{action_id}/evidence", { params: { path: { action_id: actionId } } })),
    ]);
    // Blue is refused without accepted evidence: say so before the user writes the commentary.
    const accepted = evidence.ok ? evidence.data.filter((item) => item.state === "accepted").length : 0;
    return ok({ action: action.data, etag: action.etag, legend: plan.ok ? plan.data.legend : [], accepted });
  });
  return <Loaded resource={resource}>{(data) => <ProposeForm {...data} />}</Loaded>;
}

/** The legend's meanings are phrases: end each with a full stop before the next sentence. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function ProposeForm({ action, etag, legend, accepted }: { action: Action; etag?: string; legend: LegendEntry[]; accepted: number }) {
  const [draft, setDraft] = useState<ProposalDraft>(EMPTY_DRAFT);
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(PROPOSAL_FIELDS, { proposal_pending: "to_status", invalid_transition: "to_status", blue_needs_evidence: "to_status" });
  const set = (change: Partial<ProposalDraft>) => setDraft({ ...draft, ...change });

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const result = await call(api.POST("/api/v1/actions/{action_id}/proposals", {
      params: { path: { action_id: action.id }, header: ifMatch(etag) },
      body: proposalBody(draft),
    }));
    setBusy(false);
    if (!result.ok) return form.fail(explainWriteProblem(result.problem));
    const word = STATUSES[result.data.to_status].label;
    navigate(paths.action(action.id), { flash: { kind: "success", text: `You proposed ${word} for action ${action.ref}: it waits for a decision` } });
  }

  const meaning = (status: string) => legend.find((entry) => entry.status === status)?.meaning;
  const options = proposableStatuses(action.status).map((status) => ({
    value: status,
    text: STATUSES[status].label,
    hint: [meaning(status), NEEDS[status]].filter((text): text is string => !!text).map(sentence).join(" ") || undefined,
    conditional: status === "red" ? (
      <>
        <Textarea id="exception-reason" label="Why it is off track" rows={3} value={draft.reason}
          onInput={(reason) => set({ reason })} error={form.error("exception_reason")} />
        <Textarea id="exception-mitigation" label="What is being done to recover" rows={3} value={draft.mitigation}
          onInput={(mitigation) => set({ mitigation })} error={form.error("exception_mitigation")} />
        <DateInput id="revised-due-on" legend="Revised date" hint="When it will now be done, for example 30 6 2020."
          value={draft.revised} onInput={(revised) => set({ revised })} error={form.error("revised_due_on")} />
      </>
    ) : status === "blue" && accepted === 0 ? (
      <div class="govuk-warning-text">
        <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
        <strong class="govuk-warning-text__text">
          <span class="govuk-visually-hidden">Warning</span>
          Action {action.ref} has no accepted evidence yet, so Blue cannot be proposed.{" "}
          <a class="govuk-link" href={paths.uploadEvidence(action.id)}>Upload evidence</a> and get it accepted first.
        </strong>
      </div>
    ) : undefined,
  }));

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <BackLink href={paths.action(action.id)}>Back to action {action.ref}</BackLink>
        <FormErrors form={form} />
        <PageHeading title="Propose a status change" caption={`Action ${refText(action)}`} hasErrors={!!form.errors} />
        <p class="govuk-body">Its status now: <RagTag status={action.status} />. The change takes effect once an approver approves it.</p>
        <form noValidate onSubmit={submit}>
          <Radios id="to-status" legend="What should its status be?" legendSize="m" options={options}
            value={draft.toStatus} onChange={(toStatus) => set({ toStatus })} error={form.error("to_status")} />
          <Textarea id="commentary" label="Commentary" hint="What has happened. Approvers and the board read it."
            value={draft.commentary} onInput={(commentary) => set({ commentary })} error={form.error("commentary")} />
          <button type="submit" class="govuk-button">Send for approval</button>
        </form>
      </div>
    </div>
  );
}
