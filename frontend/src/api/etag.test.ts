import { describe, expect, it } from "vitest";
import { explainWriteProblem, ifMatch, STALE_ACTION } from "./etag";
import type { Problem } from "./problem";

const problem = (status: number, code: string, detail = "d"): Problem => ({ type: "t", title: "x", status, code, detail });

describe("ifMatch", () => {
  it("sends the ETag read, as it came", () => {
    expect(ifMatch('"action-4-v2"')).toEqual({ "if-match": '"action-4-v2"' });
  });
  it("sends no header when nothing was read, so the API says 428 rather than guessing", () => {
    expect(ifMatch(undefined)).toEqual({ "if-match": null });
  });
});

describe("explainWriteProblem", () => {
  it("says a stale action changed and how to see the change", () => {
    expect(explainWriteProblem(problem(412, "stale_version")).detail).toBe(STALE_ACTION);
    expect(explainWriteProblem(problem(412, "stale_version"), "proposal").detail)
      .toBe("Someone changed this proposal since you opened it. Reload the page to see the change.");
  });
  it("asks for a reload when no version was sent", () => {
    expect(explainWriteProblem(problem(428, "if_match_required")).detail).toMatch(/Reload the page and try again/);
  });
  it("leaves conflicts and validation failures as the API put them", () => {
    const conflict = problem(409, "proposal_pending", "Action 1.4 already has a proposal waiting for a decision");
    expect(explainWriteProblem(conflict)).toBe(conflict);
    const invalid = { ...problem(422, "invalid_proposal"), errors: [{ loc: ["body", "commentary"], msg: "m", type: "missing" }] };
    expect(explainWriteProblem(invalid)).toBe(invalid);
  });
});
