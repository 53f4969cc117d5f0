import { describe, expect, it } from "vitest";
import type { Me } from "../auth/permissions";
import { activeItem, navigationFor } from "./navigation";

function me(permissions: string[]): Me {
  return { id: 1, email: "x@example", name: "X", role: "director", led_area_ids: [], granted_plan_ids: [],
    permissions: Object.fromEntries(permissions.map((p) => [p, "any"])) };
}

const texts = (user: Me, planId?: number) => navigationFor(user, planId).map((item) => item.text);

describe("navigationFor", () => {
  it("gives an owner the plan and their actions only", () => {
    expect(texts(me(["plan:read", "action:update"]), 1)).toEqual(["Plan", "My actions", "Board report", "Notifications", "Your settings", "Sign out"]);
  });
  it("gives an inspector the plan and nothing to change", () => {
    expect(texts(me(["plan:read"]), 1)).toEqual(["Plan", "Board report", "Notifications", "Your settings", "Sign out"]);
  });
  it("gives the director area leads and inspector access", () => {
    expect(texts(me(["plan:read", "action:update", "proposal:decide", "area:assign_lead", "inspector:grant", "plan:publish"]), 1))
      .toEqual(["Plan", "My actions", "Approvals", "Board report", "Area leads", "Inspector access", "Notifications", "Your settings", "Sign out"]);
  });
  it("gives an administrator users and service tokens, and no plan", () => {
    expect(texts(me(["user:list", "user:manage", "token:manage"]))).toEqual(["Users", "Service tokens", "Notifications", "Your settings", "Sign out"]);
  });
  it("gives the director the role changes that wait for them, and service tokens", () => {
    expect(texts(me(["plan:read", "inspector:grant", "user:confirm_role", "token:manage"]), 1))
      .toEqual(["Plan", "Board report", "Inspector access", "Role changes", "Service tokens", "Notifications", "Your settings", "Sign out"]);
  });
  it("leaves out plan pages when the user can read no plan", () => {
    expect(texts(me(["plan:read"]))).toEqual(["Notifications", "Your settings", "Sign out"]);
  });
});

describe("navigationFor and the approvals queue", () => {
  it("shows approvals with the number waiting, also to a cover with no powers of their own", () => {
    const cover = navigationFor(me(["plan:read", "action:update"]), 1, 0, 2);
    expect(cover.find((item) => item.text === "Approvals")).toMatchObject({ count: 2, countLabel: "waiting for your decision" });
  });
  it("lets those who may name a cover reach the cover page", () => {
    expect(texts(me(["plan:read", "proposal:decide", "delegation:manage"]), 1)).toContain("Cover");
  });
});

describe("activeItem", () => {
  const items = navigationFor(me(["plan:read", "area:assign_lead", "user:manage"]), 1);
  it("carries the number of unread notifications", () => {
    const withUnread = navigationFor(me(["plan:read"]), 1, 3);
    expect(withUnread.find((item) => item.text === "Notifications")?.count).toBe(3);
  });
  it("marks the most specific section", () => {
    expect(activeItem(items, "/plans/1")?.text).toBe("Plan");
    expect(activeItem(items, "/plans/1/area-leads")?.text).toBe("Area leads");
    expect(activeItem(items, "/admin/users/4")?.text).toBe("Users");
  });
  it("marks nothing for a page outside the menu", () => {
    expect(activeItem(items, "/plans/10")).toBeUndefined();
    expect(activeItem(items, "/actions/4")).toBeUndefined();
  });
});
