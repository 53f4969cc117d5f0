// The propose-a-status form: its fields as the API names them, and the body it sends.
import type { components } from "../../api/schema";
import { datePartsToIso, type DateParts } from "../../lib/dates";
import { STATUS_ORDER, type ActionStatus } from "../../lib/rag";

type ProposalCreate = components["schemas"]["ProposalCreate"];

export const PROPOSAL_FIELDS = {
  to_status: { id: "to-status", label: "Status", missing: "Choose the status you propose" },
  commentary: { id: "commentary", label: "Commentary", missing: "Enter a commentary: what has happened" },
  exception_reason: { id: "exception-reason", label: "Why it is off track", missing: "Enter why the action is off track" },
  exception_mitigation: { id: "exception-mitigation", label: "What is being done to recover",
    missing: "Enter what is being done to recover" },
  revised_due_on: { id: "revised-due-on", label: "Revised date", missing: "Enter the revised date",
    invalid: "The revised date must be a real date, for example 30 6 2020" },
};

export interface ProposalDraft {
  toStatus: string;
  commentary: string;
  reason: string;
  mitigation: string;
  revised: DateParts;
}

export const EMPTY_DRAFT: ProposalDraft = { toStatus: "", commentary: "", reason: "", mitigation: "", revised: { day: "", month: "", year: "" } };

/**
 * What the form sends. Nothing is judged here: what was not filled in is left out, so the API's 422
 * names each missing field. The exception report goes only with Red: fields typed under Red and
 * then hidden by choosing another status are not sent.
 */
export function proposalBody(draft: ProposalDraft): ProposalCreate {
  const given = (text: string) => (text.trim() ? text : undefined);
  const body: Partial<ProposalCreate> = {
    to_status: (draft.toStatus || undefined) as ActionStatus | undefined,
    commentary: given(draft.commentary),
  };
  if (draft.toStatus === "red") {
    body.exception_reason = given(draft.reason);
    body.exception_mitigation = given(draft.mitigation);
    body.revised_due_on = datePartsToIso(draft.revised) || undefined;
  }
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as ProposalCreate;
}

/** The statuses one may propose: any but the current one, worst first as in the plan's legend. */
export function proposableStatuses(current: ActionStatus): ActionStatus[] {
  return STATUS_ORDER.filter((status) => status !== current);
}
