// The service navigation: only the places this user can use.
import { can, type Me } from "../auth/permissions";
import { paths } from "../router/routes";

export interface NavItem {
  text: string;
  href: string;
  /** Unread notifications or decisions waiting, shown beside the item's text. */
  count?: number;
  /** What the count counts, for screen readers. */
  countLabel?: string;
}

/** `waiting`: decisions the user may make, themselves or as someone's cover (who may have no powers of their own). */
export function navigationFor(me: Me, planId: number | undefined, unread = 0, waiting = 0): NavItem[] {
  const items: NavItem[] = [];
  if (planId !== undefined && can(me, "plan:read")) items.push({ text: "Plan", href: paths.plan(planId) });
  if (can(me, "action:update")) items.push({ text: "My actions", href: paths.myActions() });
  if (can(me, "proposal:decide") || can(me, "evidence:review") || waiting > 0) {
    items.push({ text: "Approvals", href: paths.approvals(), count: waiting, countLabel: "waiting for your decision" });
  }
  if (planId !== undefined && can(me, "plan:read")) items.push({ text: "Board report", href: paths.boardReport(planId) });
  if (planId !== undefined && can(me, "area:assign_lead")) items.push({ text: "Area leads", href: paths.areaLeads(planId) });
  if (planId !== undefined && can(me, "inspector:grant")) items.push({ text: "Inspector access", href: paths.inspectorAccess(planId) });
  if (can(me, "delegation:manage")) items.push({ text: "Cover", href: paths.cover() });
  if (can(me, "user:manage")) items.push({ text: "Users", href: paths.users() });
  if (can(me, "user:confirm_role")) items.push({ text: "Role changes", href: paths.roleChanges() });
  if (can(me, "token:manage")) items.push({ text: "Service tokens", href: paths.serviceTokens() });
  items.push({ text: "Notifications", href: paths.notifications(), count: unread, countLabel: "unread" });
  items.push({ text: "Your settings", href: paths.settings() });
  items.push({ text: "Sign out", href: paths.signOut() });
  return items;
}

/** The item the current page belongs to: the longest href the path starts with. */
export function activeItem(items: NavItem[], pathname: string): NavItem | undefined {
  return items
    .filter((item) => pathname === item.href || pathname.startsWith(`${item.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0];
}
