// GET /users/me gives each permission with the code of the scope it holds in; these words say them as a
// person would. They are the API's own (PERM_WORDS and _YOUR_SCOPE in
// backend/actionplan/auth/permissions.py, which word its refusals), so a page and a refusal agree;
// permission-words.test.ts checks them against that file.
import type { Me } from "./permissions";

/** What each permission lets someone do, as "You can …" goes on. */
export const PERMISSION_WORDS: Record<string, string> = {
  "plan:read": "read the plan",
  "plan:read_drafts": "see proposals and evidence before they are approved",
  "action:update": "record progress on actions",
  "milestone:record": "record milestones met",
  "evidence:upload": "add evidence",
  "measure:record": "enter readings of measures",
  "measure:manage": "set up measures",
  "status:propose": "propose status changes or new due dates",
  "proposal:withdraw": "withdraw proposals",
  "proposal:decide": "decide on proposals",
  "status:sign_off": "sign off Red and Blue",
  "evidence:review": "review evidence",
  "evidence:erase": "erase evidence",
  "action:assign_owner": "choose who owns an action",
  "area:assign_lead": "choose who leads an area",
  "plan:publish": "publish the plan to inspectors",
  "plan:rebaseline": "re-baseline the plan (make a new version of it)",
  "inspector:grant": "give inspectors access",
  "audit:read": "read the audit log",
  "delegation:manage": "name someone to cover for you",
  "webhook:manage": "manage webhook subscriptions",
  "user:list": "see the list of users",
  "user:manage": "manage user accounts",
  "user:confirm_role": "confirm changes of role",
  "token:manage": "manage service tokens",
  "plan:manage_reminders": "set when the board meets and when people are reminded",
  "meeting:manage": "schedule board meetings and record what they decide",
  "commentary:write": "write an area's commentary for the board",
  "commentary:review": "review commentary for the board",
  "commentary:publish": "publish commentary for the board",
  "calendar:feed": "have a calendar feed",
  "calendar:board_feed": "have a calendar feed of a plan's board meetings",
};

/** Where a permission holds, by the scope's code; "any" is everywhere and needs no words. */
const SCOPE_WORDS: Record<string, string> = {
  own: "actions you own",
  own_or_led: "actions you own or in areas you lead",
  led: "actions in areas you lead",
  led_areas: "areas you lead",
  author: "your own proposals",
  granted: "published plans you have been given access to",
  token_plans: "the plans the token is limited to",
  own_subscriptions: "the token's own webhook subscriptions",
  own_account: "your own account",
};

/** A scope's code in words: "" for anywhere, undefined for a code this SPA does not know. */
export function scopeWords(code: string): string | undefined {
  return code === "any" ? "" : SCOPE_WORDS[code];
}

/**
 * What the user may do, one line each ("record progress on actions, only for actions you own"), in
 * the API's order. A permission or scope this SPA has no words for yet is left out rather than
 * claimed more widely than it holds.
 */
export function whatYouCanDo(me: Me): string[] {
  return Object.entries(me.permissions).flatMap(([permission, code]) => {
    const what = PERMISSION_WORDS[permission];
    const where = scopeWords(code);
    if (what === undefined || where === undefined) return [];
    return [where ? `${what}, only for ${where}` : what];
  });
}
