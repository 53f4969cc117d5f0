// How proposals, re-schedules and their decisions read on a page.
import type { components } from "../../api/schema";
import { formatDate, formatDateTime, formatMonth } from "../../lib/dates";
import { STATUSES } from "../../lib/rag";

export type Proposal = components["schemas"]["ProposalPublic"];
export type Reschedule = components["schemas"]["ReschedulePublic"];
export type HistoryEntry = components["schemas"]["HistoryEntry"];

/** Each state as a tag: its word, and a colour that only repeats it. */
export const DECISION_STATES: Record<Proposal["state"], { text: string; colour: string }> = {
  pending: { text: "Waiting for a decision", colour: "yellow" },
  approved: { text: "Approved", colour: "green" },
  rejected: { text: "Rejected", colour: "red" },
  returned: { text: "Returned for more information", colour: "orange" },
  withdrawn: { text: "Withdrawn", colour: "grey" },
};

/** "Green proposed", "Red proposed": the heading of a proposal. */
export function proposalTitle(proposal: Pick<Proposal, "to_status">): string {
  return `${STATUSES[proposal.to_status].label} proposed`;
}

/** "by Amara Okafor on 27 November 2026 at 7:00pm". */
export function byline(who: { name: string } | null, at: string): string {
  return `by ${who?.name ?? "someone no longer listed"} on ${formatDateTime(at)}`;
}

/** "Approved by Daniel Hughes on …", naming whom a cover decided for. */
export function decisionLine(item: Pick<Proposal, "state" | "decided_by" | "on_behalf_of" | "decided_at">): string | null {
  if (!item.decided_at || item.state === "pending" || item.state === "withdrawn") return null;
  const cover = item.on_behalf_of ? ` on behalf of ${item.on_behalf_of.name}` : "";
  return `${DECISION_STATES[item.state].text} ${byline(item.decided_by, item.decided_at)}${cover}`;
}

/** A status no person proposed: "From the published plan, March 2019"; null for a person's. */
export function originLine(proposal: Pick<Proposal, "source" | "decided_at" | "proposed_at">): string | null {
  const at = proposal.decided_at ?? proposal.proposed_at;
  if (proposal.source === "published_plan") return `From the published plan, ${formatMonth(at)}`;
  if (proposal.source === "import") return `As imported from a plan file on ${formatDate(at)}`;
  return null;
}

/** The one proposal of the history still waiting for a decision, if any. */
export function pendingProposal(history: HistoryEntry[]): Proposal | undefined {
  return history.map((entry) => entry.proposal).find((proposal) => proposal?.state === "pending") ?? undefined;
}

export function pendingReschedules(history: HistoryEntry[]): Reschedule[] {
  return history.flatMap((entry) => (entry.reschedule?.state === "pending" ? [entry.reschedule] : []));
}
