import { describe, expect, it } from "vitest";
import { decisionLine, originLine, pendingProposal, pendingReschedules, proposalTitle, type HistoryEntry, type Proposal } from "./proposal-text";

const proposal = (extra: Partial<Proposal>): Proposal => ({
  id: 1, version: 1, action_id: 4, action_ref: "1.4", plan_id: 1, from_status: "not_started", to_status: "green",
  state: "pending", commentary: "c", exception_reason: null, exception_mitigation: null, revised_due_on: null,
  proposed_by: { id: 1, name: "Amara Okafor" }, proposed_at: "2026-11-27T10:00:00Z", decided_by: null, on_behalf_of: null,
  decided_at: null, decision_note: null, source: "person", can_decide: false, decide_as: null, ...extra,
});

describe("proposalTitle", () => {
  it("names the status proposed in its word", () => {
    expect(proposalTitle({ to_status: "not_started" })).toBe("Not started proposed");
    expect(proposalTitle({ to_status: "red" })).toBe("Red proposed");
  });
});

describe("decisionLine", () => {
  it("says who decided and when, and for whom a cover decided", () => {
    const decided = proposal({ state: "approved", decided_by: { id: 2, name: "Daniel Hughes" }, decided_at: "2026-11-27T12:00:00Z" });
    expect(decisionLine(decided)).toBe("Approved by Daniel Hughes on 27 November 2026 at 12:00pm");
    expect(decisionLine({ ...decided, state: "returned", on_behalf_of: { id: 3, name: "Sarah Mensah" } }))
      .toBe("Returned for more information by Daniel Hughes on 27 November 2026 at 12:00pm on behalf of Sarah Mensah");
  });
  it("says nothing while it waits or once withdrawn", () => {
    expect(decisionLine(proposal({}))).toBeNull();
    expect(decisionLine(proposal({ state: "withdrawn", decided_at: "2026-11-27T12:00:00Z" }))).toBeNull();
  });
});

describe("originLine", () => {
  it("says a status came from the published plan, not from a person", () => {
    const stated = proposal({ state: "approved", source: "published_plan", proposed_by: null,
      proposed_at: "2019-03-18T00:00:00Z", decided_at: "2019-03-18T00:00:00Z" });
    expect(originLine(stated)).toBe("From the published plan, March 2019");
    expect(originLine({ ...stated, source: "import" })).toBe("As imported from a plan file on 18 March 2019");
    expect(originLine(proposal({}))).toBeNull();
  });
});

describe("pendingProposal and pendingReschedules", () => {
  const entry = (extra: Partial<HistoryEntry>): HistoryEntry => ({ kind: "proposal", at: "2026-11-27T10:00:00Z", proposal: null, reschedule: null, progress: null, ...extra });
  it("find what still waits in the history", () => {
    const history = [
      entry({ proposal: proposal({ id: 1, state: "rejected" }) }),
      entry({ kind: "progress", progress: { id: 1, action_id: 4, author: null, text: "t", recorded_at: "2026-11-27T10:00:00Z" } }),
      entry({ proposal: proposal({ id: 2 }) }),
    ];
    expect(pendingProposal(history)?.id).toBe(2);
    expect(pendingProposal(history.slice(0, 2))).toBeUndefined();
    expect(pendingReschedules(history)).toEqual([]);
  });
});
