import { useState } from "preact/hooks";
import { api, call, ok } from "../../api/client";
import { explainWriteProblem, ifMatch } from "../../api/etag";
import type { components } from "../../api/schema";
import { readsOnly } from "../../auth/permissions";
import { useSession } from "../../auth/session-context";
import { BackLink } from "../../components/back-link";
import { FlashBanner } from "../../components/flash-banner";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { RagTag } from "../../components/rag-tag";
import { Radios } from "../../components/radios";
import { SummaryList } from "../../components/summary-list";
import { Tag } from "../../components/tag";
import { Textarea } from "../../components/textarea";
import { DateInput } from "../../components/date-input";
import { isoToParts } from "../../lib/dates";
import { EMPTY_DRAFT, proposalBody, type ProposalDraft } from "./proposal-form";
import { STATUSES } from "../../lib/rag";
import { useFormErrors, type FormState } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";
import { ActionSummary } from "../actions/abbr-text";
import { acronymsOf } from "../plans/acronyms";
import { EvidenceTable } from "../evidence/evidence-table";
import { ExceptionReport } from "./history-list";
import { byline, decisionLine, DECISION_STATES, proposalTitle, type Proposal } from "./proposal-text";

type Decision = components["schemas"]["Decision"];

export const DECISION_FIELDS = {
  decision: { id: "decision", label: "Decision", missing: "Choose whether to approve, reject or return it" },
  note: { id: "note", label: "Note", missing: "Enter a note: say why, so the proposer knows what to do" },
};

const DONE: Record<Decision["decision"], string> = { approve: "approved", reject: "rejected", return: "returned for more information" };

/** One proposal: what it asks and why, the action's evidence, and the decision for those who may make it. */
export function ProposalPage({ proposalId }: { proposalId: number }) {
  const { me } = useSession();
  const [resource] = useResource(async () => {
    const proposal = await call(api.GET("/api/v1/proposals/{proposal_id}", { params: { path: { proposal_id: proposalId } } }));
    if (!proposal.ok) return proposal;
    const path = { params: { path: { action_id: proposal.data.action_id } } };
    const [action, evidence] = await Promise.all([
      call(api.GET("/api/v1/actions/{action_id}", path)),
      call(api.GET("/api/v1/actions/{action_id}/evidence", path)),
    ]);
    if (!action.ok) return action;
    if (!evidence.ok) return evidence;
    const acronyms = (await acronymsOf([action.data.plan_id])).get(action.data.plan_id)!;
    return ok({ proposal: proposal.data, etag: proposal.etag, action: action.data, evidence: evidence.data, acronyms });
  });
  const form = useFormErrors(DECISION_FIELDS, { note_required: "note" });
  const readOnly = readsOnly(me);
  return (
    <Loaded resource={resource}>
      {({ proposal, etag, action, evidence, acronyms }) => {
        const decidable = !readOnly && proposal.state === "pending" && proposal.can_decide;
        const resubmittable = !readOnly && proposal.state === "returned" && proposal.proposed_by?.id === me.id;
        const state = DECISION_STATES[proposal.state];
        const decided = decisionLine(proposal);
        return (
          <div class="govuk-grid-row">
            <div class="govuk-grid-column-full">
              <BackLink href={decidable ? paths.approvals() : paths.action(action.id)}>
                {decidable ? "Back to approvals" : `Back to action ${action.ref}`}
              </BackLink>
              <FormErrors form={form} />
              <FlashBanner />
              <PageHeading title={`${proposalTitle(proposal)} for action ${proposal.action_ref}`} caption={`Area ${action.area_number}`}
                hasErrors={!!form.errors} />
              <SummaryList rows={[
                { key: "Action", value: <><a class="govuk-link" href={paths.action(action.id)}>Action {action.ref}</a>: <ActionSummary action={action} acronyms={acronyms} /></> },
                { key: "Status now", value: <RagTag status={action.status} /> },
                { key: "Proposed status", value: <RagTag status={proposal.to_status} /> },
                { key: "Proposed", value: byline(proposal.proposed_by, proposal.proposed_at) },
                { key: "Commentary", value: <span class="app-preserve-lines">{proposal.commentary}</span> },
                { key: "Decision", value: <><Tag text={state.text} colour={state.colour} />{decided && <> {decided}</>}</> },
                ...(proposal.decision_note ? [{ key: "Note", value: <span class="app-preserve-lines">{proposal.decision_note}</span> }] : []),
              ]} />
              {proposal.to_status === "red" && (
                <>
                  <h2 class="govuk-heading-m">Exception report</h2>
                  <ExceptionReport proposal={proposal} />
                </>
              )}
              <h2 class="govuk-heading-m">Evidence for action {action.ref}</h2>
              <EvidenceTable items={evidence} me={me} action={action} readOnly={readOnly} back={paths.proposal(proposal.id)}
                onProblem={form.fail} />
              {decidable && <DecisionForm proposal={proposal} etag={etag} form={form} />}
              {resubmittable && <ResubmitForm proposal={proposal} etag={etag} form={form} />}
            </div>
          </div>
        );
      }}
    </Loaded>
  );
}

function DecisionForm({ proposal, etag, form }: { proposal: Proposal; etag?: string; form: FormState }) {
  const [decision, setDecision] = useState("");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const word = STATUSES[proposal.to_status].label;

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const body = { ...(decision ? { decision } : {}), ...(note.trim() ? { note } : {}),
      ...(proposal.decide_as ? { on_behalf_of_id: proposal.decide_as.id } : {}) } as Decision;
    const result = await call(api.POST("/api/v1/proposals/{proposal_id}/decision", {
      params: { path: { proposal_id: proposal.id }, header: ifMatch(etag) },
      body,
    }));
    setBusy(false);
    if (!result.ok) return form.fail(explainWriteProblem(result.problem, "proposal"));
    navigate(paths.approvals(), { flash: { kind: "success",
      text: `You ${DONE[body.decision]} ${word} for action ${proposal.action_ref}` } });
  }

  return (
    <form noValidate onSubmit={submit} class="govuk-!-margin-top-6">
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          {proposal.decide_as && <p class="govuk-inset-text">You decide as {proposal.decide_as.name}’s cover, in their name.</p>}
          <Radios id="decision" legend="Your decision" legendSize="m" value={decision} onChange={setDecision} error={form.error("decision")}
            options={[
              { value: "approve", text: `Approve: make it ${word}` },
              { value: "reject", text: "Reject", hint: "The status stays as it is." },
              { value: "return", text: "Return for more information", hint: "The proposer can change it and send it again." },
            ]} />
          <Textarea id="note" label="Note" hint="Needed to reject or return it: say why, so the proposer knows what to do."
            value={note} onInput={setNote} error={form.error("note")} />
          <button type="submit" class="govuk-button">Send decision</button>
        </div>
      </div>
    </form>
  );
}

/** A returned proposal, sent again by its author with the information asked for. */
function ResubmitForm({ proposal, etag, form }: { proposal: Proposal; etag?: string; form: FormState }) {
  const [draft, setDraft] = useState<ProposalDraft>({ ...EMPTY_DRAFT, toStatus: proposal.to_status,
    commentary: proposal.commentary, reason: proposal.exception_reason ?? "", mitigation: proposal.exception_mitigation ?? "",
    revised: proposal.revised_due_on ? isoToParts(proposal.revised_due_on) : EMPTY_DRAFT.revised });
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<ProposalDraft>) => setDraft({ ...draft, ...change });

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const { to_status: _, ...body } = proposalBody(draft);
    const result = await call(api.POST("/api/v1/proposals/{proposal_id}/resubmit", {
      params: { path: { proposal_id: proposal.id }, header: ifMatch(etag) },
      body,
    }));
    setBusy(false);
    if (!result.ok) return form.fail(explainWriteProblem(result.problem, "proposal"));
    navigate(paths.action(proposal.action_id), { flash: { kind: "success",
      text: `You sent ${STATUSES[proposal.to_status].label} for action ${proposal.action_ref} again: it waits for a decision` } });
  }

  return (
    <form noValidate onSubmit={submit} class="govuk-!-margin-top-6">
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h2 class="govuk-heading-m">Change it and send it again</h2>
          <Textarea id="commentary" label="Commentary" hint="Add what the approver asked for." value={draft.commentary}
            onInput={(commentary) => set({ commentary })} error={form.error("commentary")} />
          {proposal.to_status === "red" && (
            <>
              <Textarea id="exception-reason" label="Why it is off track" rows={3} value={draft.reason}
                onInput={(reason) => set({ reason })} error={form.error("exception_reason")} />
              <Textarea id="exception-mitigation" label="What is being done to recover" rows={3} value={draft.mitigation}
                onInput={(mitigation) => set({ mitigation })} error={form.error("exception_mitigation")} />
              <DateInput id="revised-due-on" legend="Revised date" hint="For example 30 6 2020." value={draft.revised}
                onInput={(revised) => set({ revised })} error={form.error("revised_due_on")} />
            </>
          )}
          <button type="submit" class="govuk-button">Send for approval again</button>
        </div>
      </div>
    </form>
  );
}
