import type { Me } from "../../auth/permissions";
import { canOnAction } from "../../auth/permissions";
import { RagTag } from "../../components/rag-tag";
import { Tag } from "../../components/tag";
import { formatDate } from "../../lib/dates";
import { STATUSES } from "../../lib/rag";
import { paths } from "../../router/routes";
import { byline, decisionLine, DECISION_STATES, originLine, proposalTitle, type HistoryEntry, type Proposal, type Reschedule } from "./proposal-text";

interface Props {
  history: HistoryEntry[];
  me: Me;
  action: { owner: { id: number } | null; area_id: number; ref: string };
  /** An inspector: no link to decide, whatever the history holds. */
  readOnly: boolean;
}

/**
 * Every proposal with its decision, every re-schedule and progress note, in the order they happened
 * (the API decides what each reader sees: inspectors get approved changes only).
 */
export function HistoryList({ history, me, action, readOnly }: Props) {
  if (history.length === 0) return <p class="govuk-body">Nothing has been proposed or recorded yet.</p>;
  return (
    <ol class="app-history">
      {history.map((entry, i) => (
        <li class="app-history__item" key={`${entry.kind}-${i}`}>
          {entry.proposal && <ProposalEntry proposal={entry.proposal} readOnly={readOnly} />}
          {entry.reschedule && (
            <RescheduleEntry reschedule={entry.reschedule}
              mayDecide={!readOnly && canOnAction(me, "proposal:decide", action) && entry.reschedule.proposed_by?.id !== me.id} />
          )}
          {entry.progress && (
            <>
              <h3 class="govuk-heading-s app-history__title">Progress recorded</h3>
              <p class="govuk-body-s app-history__meta">{byline(entry.progress.author, entry.progress.recorded_at)}</p>
              <p class="govuk-body app-preserve-lines">{entry.progress.text}</p>
            </>
          )}
        </li>
      ))}
    </ol>
  );
}

function ProposalEntry({ proposal, readOnly }: { proposal: Proposal; readOnly: boolean }) {
  const origin = originLine(proposal);
  if (origin) {
    // Nobody proposed or approved it: say where it came from instead of a byline and a decision.
    return (
      <>
        <h3 class="govuk-heading-s app-history__title">
          {STATUSES[proposal.to_status].label}: <RagTag status={proposal.from_status} /> to <RagTag status={proposal.to_status} />
        </h3>
        <p class="govuk-body-s app-history__meta">{origin}</p>
        <p class="govuk-body app-preserve-lines">{proposal.commentary}</p>
      </>
    );
  }
  const state = DECISION_STATES[proposal.state];
  const decided = decisionLine(proposal);
  return (
    <>
      <h3 class="govuk-heading-s app-history__title">
        {proposalTitle(proposal)}: <RagTag status={proposal.from_status} /> to <RagTag status={proposal.to_status} />
      </h3>
      <p class="govuk-body-s app-history__meta">{byline(proposal.proposed_by, proposal.proposed_at)}</p>
      <p class="govuk-body app-preserve-lines">{proposal.commentary}</p>
      {proposal.to_status === "red" && <ExceptionReport proposal={proposal} />}
      <p class="govuk-body"><Tag text={state.text} colour={state.colour} /></p>
      {decided && <p class="govuk-body-s app-history__meta">{decided}</p>}
      {proposal.decision_note && <p class="govuk-body app-preserve-lines">{proposal.decision_note}</p>}
      {!readOnly && proposal.state === "pending" && proposal.can_decide && (
        <p class="govuk-body">
          <a class="govuk-link" href={paths.proposal(proposal.id)}>
            Decide<span class="govuk-visually-hidden"> on {proposalTitle(proposal)} for action {proposal.action_ref}</span>
          </a>
        </p>
      )}
    </>
  );
}

export function ExceptionReport({ proposal }: { proposal: Pick<Proposal, "exception_reason" | "exception_mitigation" | "revised_due_on"> }) {
  return (
    <dl class="govuk-summary-list govuk-summary-list--no-border app-exception">
      <div class="govuk-summary-list__row">
        <dt class="govuk-summary-list__key">Why it is off track</dt>
        <dd class="govuk-summary-list__value app-preserve-lines">{proposal.exception_reason ?? "Not given"}</dd>
      </div>
      <div class="govuk-summary-list__row">
        <dt class="govuk-summary-list__key">What is being done to recover</dt>
        <dd class="govuk-summary-list__value app-preserve-lines">{proposal.exception_mitigation ?? "Not given"}</dd>
      </div>
      <div class="govuk-summary-list__row">
        <dt class="govuk-summary-list__key">Revised date</dt>
        <dd class="govuk-summary-list__value">{proposal.revised_due_on ? formatDate(proposal.revised_due_on) : "Not given"}</dd>
      </div>
    </dl>
  );
}

function RescheduleEntry({ reschedule, mayDecide }: { reschedule: Reschedule; mayDecide: boolean }) {
  const state = DECISION_STATES[reschedule.state];
  const decided = decisionLine(reschedule);
  const from = reschedule.from_due_on ? formatDate(reschedule.from_due_on) : "no date";
  return (
    <>
      <h3 class="govuk-heading-s app-history__title">New due date asked for: {from} to {formatDate(reschedule.to_due_on)}</h3>
      <p class="govuk-body-s app-history__meta">{byline(reschedule.proposed_by, reschedule.proposed_at)}</p>
      <p class="govuk-body app-preserve-lines">{reschedule.reason}</p>
      <p class="govuk-body"><Tag text={state.text} colour={state.colour} /></p>
      {decided && <p class="govuk-body-s app-history__meta">{decided}</p>}
      {reschedule.decision_note && <p class="govuk-body app-preserve-lines">{reschedule.decision_note}</p>}
      {mayDecide && reschedule.state === "pending" && (
        <p class="govuk-body">
          <a class="govuk-link" href={paths.rescheduleDecision(reschedule.id)}>
            Decide<span class="govuk-visually-hidden"> on the new due date {formatDate(reschedule.to_due_on)}</span>
          </a>
        </p>
      )}
    </>
  );
}
