import { describe, expect, it } from "vitest";
import type { Me } from "../../auth/permissions";
import { evidenceType, formatSize, mayReview, mayWithdraw, type Evidence } from "./evidence-text";

const item = (extra: Partial<Evidence>): Evidence => ({
  id: 1, plan_id: 1, action_ids: [4, 5], home_action_id: 4, kind: "file", title: "Audit", description: "", state: "submitted", version: 1,
  filename: "audit.pdf", content_type: "application/pdf", size_bytes: 3_250_000, sha256: "x", url: null, case_reference: null,
  effective_on: "2019-01-31", expires_on: null, needs_renewal: false, contains_personal_data: false,
  uploaded_by: { id: 1, name: "Amara Okafor" }, uploaded_at: "2026-11-27T10:00:00Z", reviewed_by: null, reviewed_at: null,
  review_note: null, erased_by: null, erased_at: null, erasure_reason: null, ...extra,
});
const user = (id: number, permissions: Record<string, string>, led: number[] = []): Me =>
  ({ id, email: "x", name: "X", role: "action_owner", permissions, led_area_ids: led, granted_plan_ids: [] });
const owner = user(1, { "evidence:upload": "own" });
const hos = user(2, { "evidence:upload": "own_or_led", "evidence:review": "led" }, [1]);
const action = { id: 4, owner: { id: 1 }, area_id: 1 };
const linkedHere = { ...action, id: 5 }; // an action the item is only linked to

describe("evidenceType", () => {
  it("names a file's type in words, with its size", () => {
    expect(evidenceType(item({}))).toBe("PDF document, 3.1 MB");
    expect(evidenceType(item({ content_type: "application/x-unknown", size_bytes: null }))).toBe("File");
  });
  it("names links by where they lead", () => {
    expect(evidenceType(item({ kind: "link", url: "https://x.example" }))).toBe("Web page");
    expect(evidenceType(item({ kind: "link", case_reference: { system: "Mosaic", reference: "C123" } }))).toBe("Mosaic record");
  });
});

describe("formatSize", () => {
  it("reads like Windows Explorer", () => {
    expect(formatSize(1)).toBe("1 byte");
    expect(formatSize(45)).toBe("45 bytes");
    expect(formatSize(2048)).toBe("2 KB");
    expect(formatSize(150 * 1024)).toBe("150 KB");
    expect(formatSize(50 * 1024 * 1024)).toBe("50 MB");
  });
});

describe("mayReview", () => {
  it("lets a lead review what others uploaded, while it waits", () => {
    expect(mayReview(hos, item({}), action)).toBe(true);
    expect(mayReview(hos, item({ state: "accepted" }), action)).toBe(false);
    expect(mayReview(hos, item({ uploaded_by: { id: 2, name: "Daniel Hughes" } }), action)).toBe(false);
  });
  it("never offers it to an owner", () => {
    expect(mayReview(owner, item({ uploaded_by: { id: 9, name: "Someone" } }), action)).toBe(false);
  });
  it("offers nothing on an action the item is only linked to", () => {
    expect(mayReview(hos, item({}), linkedHere)).toBe(false);
  });
});

describe("mayWithdraw", () => {
  it("lets the owner and the lead withdraw live evidence", () => {
    expect(mayWithdraw(owner, item({}), action)).toBe(true);
    expect(mayWithdraw(hos, item({ state: "rejected" }), action)).toBe(true);
    expect(mayWithdraw(owner, item({ state: "withdrawn" }), action)).toBe(false);
  });
  it("lets the uploader withdraw it from an action they no longer own", () => {
    expect(mayWithdraw(owner, item({}), { id: 4, owner: { id: 7 }, area_id: 1 })).toBe(true);
    expect(mayWithdraw(user(3, {}), item({ uploaded_by: { id: 3, name: "Gone" } }), action)).toBe(false);
  });
  it("does not offer someone else's item where it is only linked", () => {
    expect(mayWithdraw(hos, item({}), linkedHere)).toBe(false);
  });
});
