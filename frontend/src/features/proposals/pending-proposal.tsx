import { RagTag } from "../../components/rag-tag";
import { paths } from "../../router/routes";
import { byline, proposalTitle, type Proposal } from "./proposal-text";

interface Props {
  proposal: Proposal;
  readOnly: boolean;
  mayWithdraw: boolean;
  onWithdraw: () => void;
}

/** The proposal waiting for a decision, at the top of the action: its author may withdraw it; an approver decides. */
export function PendingProposal({ proposal, readOnly, mayWithdraw, onWithdraw }: Props) {
  return (
    <div class="govuk-inset-text app-pending">
      <h2 class="govuk-heading-m">Waiting for a decision</h2>
      <p class="govuk-body">
        {proposalTitle(proposal)}: <RagTag status={proposal.from_status} /> to <RagTag status={proposal.to_status} />,{" "}
        {byline(proposal.proposed_by, proposal.proposed_at)}.
      </p>
      <p class="govuk-body app-preserve-lines">{proposal.commentary}</p>
      {!readOnly && proposal.can_decide && (
        <p class="govuk-body">
          <a class="govuk-link" href={paths.proposal(proposal.id)}>Decide on this proposal</a>
        </p>
      )}
      {!readOnly && mayWithdraw && (
        <button type="button" class="govuk-button govuk-button--secondary" onClick={onWithdraw}>Withdraw this proposal</button>
      )}
    </div>
  );
}
