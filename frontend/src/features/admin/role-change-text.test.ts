import { describe, expect, it } from "vitest";
import { decidedMessage, savedMessage, waitingText } from "./role-change-text";

const change = { id: 3, user_id: 7, user_name: "Nia Campbell", user_email: "nia@council.example", user_role: "action_owner" as const,
  user_is_active: true, role: "assistant_director" as const, state: "pending" as const, requested_by_id: 6,
  requested_by_name: "Ada Admin", requested_at: "2026-11-29T10:00:00Z", decided_by_id: null, decided_by_name: null, decided_at: null };
const user = { id: 7, email: "nia@council.example", name: "Nia Campbell", role: "action_owner" as const, is_active: true,
  created_at: "2026-11-01T10:00:00Z", pending_role_change: null };

describe("role change text", () => {
  it("says the change is done when nothing waits", () => {
    expect(savedMessage(user, "Nia Campbell's role is now Head of Service")).toBe("Nia Campbell's role is now Head of Service");
  });
  it("says a director must confirm an elevation", () => {
    expect(savedMessage({ ...user, pending_role_change: change }, "done")).toBe("A director must confirm this: Nia Campbell to become Assistant director");
    expect(waitingText(change)).toBe("Assistant director, waiting for a director to confirm (asked by Ada Admin)");
  });
  it("names the outcome of a decision", () => {
    expect(decidedMessage({ ...change, state: "confirmed", user_role: "assistant_director" })).toBe("Nia Campbell is now Assistant director");
    expect(decidedMessage({ ...change, state: "refused" })).toBe("Nia Campbell stays Action owner: the change is refused");
  });
});
