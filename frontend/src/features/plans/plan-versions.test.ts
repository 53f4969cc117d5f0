import { describe, expect, it } from "vitest";
import { chooseComparison, sourceWords } from "./plan-versions";

describe("chooseComparison", () => {
  it("has nothing to compare while the plan has one version", () => {
    expect(chooseComparison("?from=1&to=2", [1])).toBeNull();
  });
  it("compares the latest version with the one before by default", () => {
    expect(chooseComparison("", [1, 2, 3])).toEqual({ from: 2, to: 3 });
  });
  it("compares any two versions asked for, either way round", () => {
    expect(chooseComparison("?from=3&to=1", [1, 2, 3])).toEqual({ from: 3, to: 1 });
  });
  it("ignores a version the plan does not have", () => {
    expect(chooseComparison("?from=1&to=9", [1, 2])).toEqual({ from: 1, to: 2 });
  });
});

describe("sourceWords", () => {
  it("says how a version was made in plain words", () => {
    expect(sourceWords("import")).toBe("The plan file, first imported");
    expect(sourceWords("rebaseline_api")).toBe("Re-baselined in the application");
  });
});
