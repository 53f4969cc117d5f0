// Every page of the SPA: its URL pattern, and builders for links to it. Pure, so it is unit-tested.

const ROUTES = {
  home: "/",
  signIn: "/sign-in",
  signOut: "/sign-out",
  councilSignIn: "/sign-in/council",
  signInCallback: "/sign-in/callback",
  signOutEverywhere: "/sign-out-everywhere",
  plan: "/plans/:planId",
  planAbout: "/plans/:planId/about",
  planVersions: "/plans/:planId/versions",
  rebaseline: "/plans/:planId/versions/new",
  glossary: "/plans/:planId/glossary",
  areaLeads: "/plans/:planId/area-leads",
  boardReport: "/plans/:planId/board-report",
  board: "/plans/:planId/board",
  newMeeting: "/plans/:planId/meetings/new",
  meeting: "/meetings/:meetingId",
  recordDecision: "/meetings/:meetingId/decisions/new",
  writeCommentary: "/meetings/:meetingId/areas/:areaId/commentary",
  commentary: "/commentary/:commentaryId",
  inspectorAccess: "/plans/:planId/inspector-access",
  planReminders: "/plans/:planId/reminders",
  importWorkbook: "/plans/:planId/import-spreadsheet",
  workbookImport: "/spreadsheet-imports/:importId",
  area: "/areas/:areaId",
  areaLead: "/areas/:areaId/lead",
  action: "/actions/:actionId",
  propose: "/actions/:actionId/propose",
  recordProgress: "/actions/:actionId/progress",
  reschedule: "/actions/:actionId/reschedule",
  uploadEvidence: "/actions/:actionId/evidence/upload",
  linkEvidence: "/actions/:actionId/evidence/link",
  reviewEvidence: "/evidence/:evidenceId/review",
  withdrawEvidence: "/evidence/:evidenceId/withdraw",
  enterReading: "/measures/:measureId/readings/new",
  newActionMeasure: "/actions/:actionId/measures/new",
  newAreaMeasure: "/areas/:areaId/measures/new",
  editMeasure: "/measures/:measureId/edit",
  correctReading: "/measure-readings/:readingId/correct",
  recordMet: "/actions/:actionId/milestones/:milestoneId/met",
  proposal: "/proposals/:proposalId",
  rescheduleDecision: "/reschedules/:rescheduleId",
  approvals: "/approvals",
  cover: "/cover",
  notifications: "/notifications",
  myActions: "/my-actions",
  settings: "/settings",
  users: "/admin/users",
  newUser: "/admin/users/new",
  user: "/admin/users/:userId",
  serviceTokens: "/admin/service-tokens",
  newServiceToken: "/admin/service-tokens/new",
  roleChanges: "/admin/role-changes",
} as const;

export type RouteName = keyof typeof ROUTES;

/** The pages that are forms changing the plan or who runs it: none is for a user who only reads. */
const CHANGES: ReadonlySet<RouteName> = new Set<RouteName>([
  "areaLeads", "areaLead", "inspectorAccess", "propose", "recordProgress", "reschedule", "uploadEvidence",
  "linkEvidence", "reviewEvidence", "withdrawEvidence", "enterReading", "newActionMeasure", "newAreaMeasure", "editMeasure",
  "correctReading", "recordMet", "newUser", "newServiceToken", "newMeeting", "recordDecision", "writeCommentary",
  "importWorkbook", "workbookImport", "rebaseline",
]);

export function changesThings(name: RouteName | "notFound"): boolean {
  return name !== "notFound" && CHANGES.has(name);
}

export interface RouteMatch {
  name: RouteName | "notFound";
  params: Record<string, number>;
}

/** Finds the page for a path. Parameters are ids: anything but a positive integer is not found. */
export function matchRoute(pathname: string): RouteMatch {
  const parts = split(pathname);
  for (const [name, pattern] of Object.entries(ROUTES) as [RouteName, string][]) {
    const patternParts = split(pattern);
    if (patternParts.length !== parts.length) continue;
    const params: Record<string, number> = {};
    const matches = patternParts.every((part, i) => {
      if (!part.startsWith(":")) return part === parts[i];
      if (!/^[1-9]\d{0,9}$/.test(parts[i])) return false;
      params[part.slice(1)] = Number(parts[i]);
      return true;
    });
    if (matches) return { name, params };
  }
  return { name: "notFound", params: {} };
}

function split(path: string): string[] {
  return path.split("/").filter(Boolean);
}

export const paths = {
  home: () => "/",
  signIn: (next?: string) => (next && next !== "/" ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in"),
  signOut: () => "/sign-out",
  councilSignIn: (next?: string) =>
    (next && next !== "/" ? `/sign-in/council?next=${encodeURIComponent(next)}` : "/sign-in/council"),
  signOutEverywhere: () => "/sign-out-everywhere",
  plan: (id: number) => `/plans/${id}`,
  planAbout: (id: number) => `/plans/${id}/about`,
  planVersions: (id: number, compare: { from?: number; to?: number } = {}) =>
    withQuery(`/plans/${id}/versions`, { from: compare.from?.toString(), to: compare.to?.toString() }),
  rebaseline: (id: number) => `/plans/${id}/versions/new`,
  glossary: (id: number) => `/plans/${id}/glossary`,
  areaLeads: (planId: number) => `/plans/${planId}/area-leads`,
  boardReport: (planId: number, dates: { as_of?: string; since?: string; meeting?: string } = {}) =>
    withQuery(`/plans/${planId}/board-report`, dates),
  board: (planId: number) => `/plans/${planId}/board`,
  newMeeting: (planId: number) => `/plans/${planId}/meetings/new`,
  meeting: (id: number) => `/meetings/${id}`,
  recordDecision: (meetingId: number) => `/meetings/${meetingId}/decisions/new`,
  writeCommentary: (meetingId: number, areaId: number) => `/meetings/${meetingId}/areas/${areaId}/commentary`,
  commentary: (id: number) => `/commentary/${id}`,
  inspectorAccess: (planId: number) => `/plans/${planId}/inspector-access`,
  planReminders: (planId: number) => `/plans/${planId}/reminders`,
  importWorkbook: (planId: number) => `/plans/${planId}/import-spreadsheet`,
  workbookImport: (id: number) => `/spreadsheet-imports/${id}`,
  area: (id: number) => `/areas/${id}`,
  areaLead: (id: number) => `/areas/${id}/lead`,
  action: (id: number) => `/actions/${id}`,
  propose: (actionId: number) => `/actions/${actionId}/propose`,
  recordProgress: (actionId: number) => `/actions/${actionId}/progress`,
  reschedule: (actionId: number) => `/actions/${actionId}/reschedule`,
  uploadEvidence: (actionId: number) => `/actions/${actionId}/evidence/upload`,
  linkEvidence: (actionId: number) => `/actions/${actionId}/evidence/link`,
  /** `back`: the page to return to afterwards (the proposal being decided), when not the action. */
  reviewEvidence: (id: number, back?: string) => withQuery(`/evidence/${id}/review`, { back }),
  withdrawEvidence: (id: number) => `/evidence/${id}/withdraw`,
  enterReading: (measureId: number) => `/measures/${measureId}/readings/new`,
  newActionMeasure: (actionId: number) => `/actions/${actionId}/measures/new`,
  newAreaMeasure: (areaId: number) => `/areas/${areaId}/measures/new`,
  editMeasure: (measureId: number) => `/measures/${measureId}/edit`,
  correctReading: (readingId: number) => `/measure-readings/${readingId}/correct`,
  recordMet: (actionId: number, milestoneId: number) => `/actions/${actionId}/milestones/${milestoneId}/met`,
  proposal: (id: number) => `/proposals/${id}`,
  rescheduleDecision: (id: number) => `/reschedules/${id}`,
  approvals: () => "/approvals",
  cover: () => "/cover",
  notifications: () => "/notifications",
  myActions: () => "/my-actions",
  settings: () => "/settings",
  users: () => "/admin/users",
  newUser: () => "/admin/users/new",
  user: (id: number) => `/admin/users/${id}`,
  serviceTokens: () => "/admin/service-tokens",
  newServiceToken: () => "/admin/service-tokens/new",
  roleChanges: () => "/admin/role-changes",
};

function withQuery(path: string, query: Record<string, string | undefined>): string {
  const given = Object.entries(query).filter((entry): entry is [string, string] => !!entry[1]);
  return given.length ? `${path}?${new URLSearchParams(given)}` : path;
}

/**
 * Where to go after signing in. Only a path on this site: `next` comes from the address bar, and
 * "//evil.example" or "https://…" would otherwise send the user to another site (an open redirect).
 */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (["signIn", "councilSignIn", "signInCallback"].includes(matchRoute(next.split(/[?#]/)[0]).name)) return "/";
  return next;
}
