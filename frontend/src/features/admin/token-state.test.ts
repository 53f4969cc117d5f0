import { describe, expect, it } from "vitest";
import { tokenState } from "./token-state";

const token = { id: 1, name: "Performance system", scopes: ["plans:read"], plan_id: null, created_at: "2026-01-01T00:00:00Z",
  expires_at: "2027-01-01T00:00:00Z", revoked_at: null, last_used_at: null };
const now = new Date("2026-06-01T00:00:00Z");

describe("tokenState", () => {
  it("is live until it expires", () => {
    expect(tokenState(token, now).text).toBe("Live");
    expect(tokenState({ ...token, expires_at: "2026-05-31T23:59:59Z" }, now).text).toBe("Expired");
  });
  it("is revoked once revoked, whatever its expiry", () => {
    expect(tokenState({ ...token, revoked_at: "2026-02-01T00:00:00Z" }, now).text).toBe("Revoked");
  });
});
