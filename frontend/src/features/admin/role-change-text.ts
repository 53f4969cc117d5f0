// What the pages say about a role change that waits for a director (see docs/permissions.md).
import type { components } from "../../api/schema";
import { ROLE_NAMES } from "../../lib/roles";

type User = components["schemas"]["UserPublic"];
type RoleChange = components["schemas"]["RoleChangePublic"];

/** After a change to an account: what was done, or that it waits for a director's confirmation. */
export function savedMessage(user: User, done: string): string {
  const pending = user.pending_role_change;
  return pending ? `A director must confirm this: ${user.name} to become ${ROLE_NAMES[pending.role]}` : done;
}

export function waitingText(change: RoleChange): string {
  return `${ROLE_NAMES[change.role]}, waiting for a director to confirm (asked by ${change.requested_by_name})`;
}

export function decidedMessage(change: RoleChange): string {
  return change.state === "confirmed"
    ? `${change.user_name} is now ${ROLE_NAMES[change.role]}`
    : `${change.user_name} stays ${ROLE_NAMES[change.user_role]}: the change is refused`;
}
