import { describe, expect, it } from "vitest";
import { changesThings, matchRoute, paths, safeNext } from "./routes";

describe("matchRoute", () => {
  it("finds pages and their numeric parameters", () => {
    expect(matchRoute("/")).toEqual({ name: "home", params: {} });
    expect(matchRoute("/actions/4")).toEqual({ name: "action", params: { actionId: 4 } });
    expect(matchRoute("/plans/1/inspector-access")).toEqual({ name: "inspectorAccess", params: { planId: 1 } });
    expect(matchRoute("/plans/1/about")).toEqual({ name: "planAbout", params: { planId: 1 } });
    expect(matchRoute("/evidence/3/withdraw")).toEqual({ name: "withdrawEvidence", params: { evidenceId: 3 } });
    expect(matchRoute("/plans/1/glossary")).toEqual({ name: "glossary", params: { planId: 1 } });
    expect(matchRoute("/admin/users/12/")).toEqual({ name: "user", params: { userId: 12 } });
  });
  it("prefers a fixed segment over a parameter", () => {
    expect(matchRoute("/admin/users/new").name).toBe("newUser");
  });
  it("refuses ids that are not positive integers, and unknown paths", () => {
    for (const path of ["/actions/0", "/actions/abc", "/actions/1.5", "/actions/-1", "/nowhere", "/actions/4/x"]) {
      expect(matchRoute(path).name).toBe("notFound");
    }
  });
  it("matches the pages of phase 2", () => {
    expect(matchRoute("/actions/4/evidence/upload")).toEqual({ name: "uploadEvidence", params: { actionId: 4 } });
    expect(matchRoute("/evidence/7/review")).toEqual({ name: "reviewEvidence", params: { evidenceId: 7 } });
    expect(matchRoute("/plans/1/board-report")).toEqual({ name: "boardReport", params: { planId: 1 } });
    expect(matchRoute("/plans/1/import-spreadsheet")).toEqual({ name: "importWorkbook", params: { planId: 1 } });
    expect(matchRoute("/spreadsheet-imports/5")).toEqual({ name: "workbookImport", params: { importId: 5 } });
    expect(matchRoute("/approvals").name).toBe("approvals");
  });
  it("matches the settings and reminder pages", () => {
    expect(matchRoute("/settings").name).toBe("settings");
    expect(matchRoute("/plans/2/reminders")).toEqual({ name: "planReminders", params: { planId: 2 } });
    expect(paths.planReminders(2)).toBe("/plans/2/reminders");
  });
  it("puts only the given query parameters in a link", () => {
    expect(paths.boardReport(1)).toBe("/plans/1/board-report");
    expect(paths.boardReport(1, { as_of: "2019-03-31", since: "2018-12-31" })).toBe("/plans/1/board-report?as_of=2019-03-31&since=2018-12-31");
    expect(paths.reviewEvidence(3, "/proposals/1")).toBe("/evidence/3/review?back=%2Fproposals%2F1");
    expect(matchRoute(paths.reviewEvidence(3).split("?")[0]).name).toBe("reviewEvidence");
  });
  it("matches every link the builders make", () => {
    expect(matchRoute(paths.areaLead(6))).toEqual({ name: "areaLead", params: { areaId: 6 } });
    expect(matchRoute(paths.serviceTokens()).name).toBe("serviceTokens");
  });
});

describe("paths.signIn", () => {
  it("remembers where to return to, except the home page", () => {
    expect(paths.signIn("/actions/4?x=1")).toBe("/sign-in?next=%2Factions%2F4%3Fx%3D1");
    expect(paths.signIn("/")).toBe("/sign-in");
  });
});

describe("safeNext", () => {
  it("returns to a page of this site", () => {
    expect(safeNext("/actions/4")).toBe("/actions/4");
    expect(safeNext("/my-actions?page=2")).toBe("/my-actions?page=2");
  });
  it("never leaves the site nor loops back to sign-in", () => {
    for (const next of [null, "", "https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/sign-in?next=/x",
      "/sign-in/council?next=/x", "/sign-in/callback?code=c&state=s"]) {
      expect(safeNext(next)).toBe("/");
    }
  });
});

describe("changesThings", () => {
  it("knows the forms that change the plan from the pages that show it", () => {
    expect(changesThings("propose")).toBe(true);
    expect(changesThings("uploadEvidence")).toBe(true);
    expect(changesThings("withdrawEvidence")).toBe(true);
    expect(changesThings("action")).toBe(false);
    expect(changesThings("glossary")).toBe(false);
    expect(changesThings("notFound")).toBe(false);
  });
});
