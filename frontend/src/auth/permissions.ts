// What the signed-in user may do, read from GET /users/me, to hide controls they lack.
// The backend still decides every request: this only keeps the page honest about what will work.
import type { components } from "../api/schema";

export type Me = components["schemas"]["Me"];

/** The permissions the SPA asks about (see docs/permissions.md). */
export type Permission =
  | "plan:read"
  | "plan:read_drafts"
  | "action:update"
  | "milestone:record"
  | "status:propose"
  | "proposal:withdraw"
  | "proposal:decide"
  | "status:sign_off"
  | "evidence:upload"
  | "evidence:review"
  | "measure:record"
  | "measure:manage"
  | "action:assign_owner"
  | "area:assign_lead"
  | "plan:publish"
  | "plan:rebaseline"
  | "inspector:grant"
  | "delegation:manage"
  | "user:list"
  | "user:manage"
  | "user:confirm_role"
  | "token:manage"
  | "meeting:manage"
  | "commentary:write"
  | "commentary:review"
  | "commentary:publish"
  | "plan:manage_reminders"
  | "calendar:feed"
  | "calendar:board_feed";

// The scopes' codes as GET /users/me gives them (Scope in backend/actionplan/auth/permissions.py).
const ANYWHERE = "any";
const OWN = "own";
const LED = "led";
const OWN_OR_LED = "own_or_led";

/** Holds the permission in some scope: enough to offer a page or a menu item. */
export function can(me: Me, permission: Permission): boolean {
  return permission in me.permissions;
}

/** Holds the permission for this action: enough to show a control on its page. */
export function canOnAction(me: Me, permission: Permission, action: { owner: { id: number } | null; area_id: number }): boolean {
  const owns = action.owner?.id === me.id;
  const leads = me.led_area_ids.includes(action.area_id);
  switch (me.permissions[permission]) {
    case ANYWHERE:
      return true;
    case OWN:
      return owns;
    case LED:
      return leads;
    case OWN_OR_LED:
      return owns || leads;
    default:
      // Not held, or a scope this SPA does not know yet: show nothing rather than a control that fails.
      return false;
  }
}

/** Holds the permission for an area as a whole (its own measures): its lead and above; owning one of its actions is not enough. */
export function canOnArea(me: Me, permission: Permission, areaId: number): boolean {
  switch (me.permissions[permission]) {
    case ANYWHERE:
      return true;
    case LED:
    case OWN_OR_LED:
      return me.led_area_ids.includes(areaId);
    default:
      return false;
  }
}

/**
 * Reads the plan and may change nothing in it (an inspector): such a user is shown no form and
 * no button but navigation, sign-out and print, whatever else the page offers.
 */
export function readsOnly(me: Me): boolean {
  return Object.keys(me.permissions).every((permission) => permission === "plan:read");
}
