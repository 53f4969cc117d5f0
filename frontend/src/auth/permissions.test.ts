import { describe, expect, it } from "vitest";
import { can, canOnAction, readsOnly, type Me } from "./permissions";

function me(role: Me["role"], permissions: Record<string, string>, led_area_ids: number[] = []): Me {
  return { id: 7, email: "x@example", name: "X", role, permissions, led_area_ids, granted_plan_ids: [] };
}

const owner = me("action_owner", { "plan:read": "any", "action:update": "own" });
const hos = me("head_of_service", { "plan:read": "any", "action:update": "own_or_led" }, [1]);
const ad = me("assistant_director", { "plan:read": "any", "action:assign_owner": "any", "user:list": "any" });
const mine = { owner: { id: 7 }, area_id: 2 };
const othersInArea1 = { owner: { id: 8 }, area_id: 1 };
const nobodysInArea3 = { owner: null, area_id: 3 };

describe("can", () => {
  it("is true for a permission held in any scope", () => {
    expect(can(owner, "action:update")).toBe(true);
    expect(can(ad, "user:list")).toBe(true);
  });
  it("is false for one not held", () => {
    expect(can(owner, "action:assign_owner")).toBe(false);
    expect(can(owner, "user:manage")).toBe(false);
  });
});

describe("canOnAction", () => {
  it("limits an owner to their own actions", () => {
    expect(canOnAction(owner, "action:update", mine)).toBe(true);
    expect(canOnAction(owner, "action:update", othersInArea1)).toBe(false);
    expect(canOnAction(owner, "action:update", nobodysInArea3)).toBe(false);
  });
  it("extends a Head of Service to the areas they lead", () => {
    expect(canOnAction(hos, "action:update", mine)).toBe(true);
    expect(canOnAction(hos, "action:update", othersInArea1)).toBe(true);
    expect(canOnAction(hos, "action:update", nobodysInArea3)).toBe(false);
  });
  it("lets 'anywhere' mean anywhere, and refuses what is not held", () => {
    expect(canOnAction(ad, "action:assign_owner", nobodysInArea3)).toBe(true);
    expect(canOnAction(owner, "action:assign_owner", mine)).toBe(false);
  });
  it("shows nothing for a scope it does not understand", () => {
    const odd = me("action_owner", { "action:update": "on Tuesdays" });
    expect(canOnAction(odd, "action:update", mine)).toBe(false);
  });
});

describe("readsOnly", () => {
  it("is true for a user who may only read the plan (an inspector)", () => {
    expect(readsOnly(me("inspector", { "plan:read": "published plans they are granted, until the grant expires" }))).toBe(true);
  });
  it("is false for anyone who may change something", () => {
    expect(readsOnly(owner)).toBe(false);
    expect(readsOnly(me("admin", { "user:manage": "any" }))).toBe(false);
  });
});
