import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PERMISSION_WORDS, scopeWords, whatYouCanDo } from "./permission-words";
import type { Me } from "./permissions";

// The API's own words, read from the module that words its refusals: the SPA must say the same.
const PYTHON = readFileSync(new URL("../../../backend/actionplan/auth/permissions.py", import.meta.url), "utf8");

/** The `NAME: "words"` or `NAME = "value"` lines of one block of permissions.py, by the line that opens it. */
function block(opening: string, line: RegExp): Map<string, string> {
  const start = PYTHON.indexOf(opening);
  expect(start, opening).toBeGreaterThan(-1);
  const body = PYTHON.slice(start + opening.length, PYTHON.indexOf("\n\n", start));
  return new Map([...body.matchAll(line)].map((match) => [match[1], match[2]]));
}

const apiScopeWords = block("_YOUR_SCOPE = {", /Scope\.(\w+): "([^"]+)"/g);
const apiScopeCodes = [...block("class Scope(StrEnum):", /^\s+(\w+) = "([^"]+)"/gm).keys()];
const permCodes = block("class Perm(StrEnum):", /^\s+(\w+) = "([^"]+)"/gm);
const apiPermWords = new Map([...block("PERM_WORDS: dict[Perm, str] = {", /Perm\.(\w+): "([^"]+)"/g)]
  .map(([name, words]) => [permCodes.get(name)!, words]));

const me = (permissions: Record<string, string>): Me =>
  ({ id: 1, email: "x@example", name: "X", role: "head_of_service", permissions, led_area_ids: [1], granted_plan_ids: [] });

describe("scopeWords", () => {
  it("words the codes /users/me gives as the API's refusals do", () => {
    expect(scopeWords("own")).toBe("actions you own");
    expect(scopeWords("own_or_led")).toBe("actions you own or in areas you lead");
    expect(scopeWords("led")).toBe("actions in areas you lead");
    expect(scopeWords("led_areas")).toBe("areas you lead");
    expect(scopeWords("granted")).toBe("published plans you have been given access to");
  });
  it("needs no words for anywhere", () => {
    expect(scopeWords("any")).toBe("");
  });
  it("has no words for a code it does not know", () => {
    expect(scopeWords("on Tuesdays")).toBeUndefined();
  });
  it("has the API's words for every scope the API has", () => {
    expect(apiScopeCodes.length).toBeGreaterThan(5);
    for (const code of apiScopeCodes) {
      expect(scopeWords(code), code).toBe(code === "any" ? "" : apiScopeWords.get(code));
    }
  });
});

describe("PERMISSION_WORDS", () => {
  it("are the API's words for every permission it has", () => {
    expect(apiPermWords.size).toBeGreaterThan(20);
    expect(PERMISSION_WORDS).toEqual(Object.fromEntries(apiPermWords));
  });
});

describe("whatYouCanDo", () => {
  it("says where each permission holds, and nothing more for anywhere", () => {
    expect(whatYouCanDo(me({ "plan:read": "any", "action:update": "own_or_led", "evidence:review": "led",
      "commentary:write": "led_areas" }))).toEqual([
      "read the plan",
      "record progress on actions, only for actions you own or in areas you lead",
      "review evidence, only for actions in areas you lead",
      "write an area's commentary for the board, only for areas you lead",
    ]);
  });
  it("words an inspector's reading as limited to the plans they were given", () => {
    expect(whatYouCanDo(me({ "plan:read": "granted" }))).toEqual(["read the plan, only for published plans you have been given access to"]);
  });
  it("leaves out what it has no words for rather than claim it everywhere", () => {
    expect(whatYouCanDo(me({ "plan:read": "any", "plan:fly": "any", "action:update": "on Tuesdays" }))).toEqual(["read the plan"]);
  });
});
