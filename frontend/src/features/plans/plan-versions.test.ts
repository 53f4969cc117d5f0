import { describe, expect, it } from "vitest";
import { chooseComparison, fileProblem, sourceWords } from "./plan-versions";

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

describe("fileProblem", () => {
  const problem = {
    type: "t", title: "The request is not valid", status: 422, detail: "…", code: "plan_file_invalid",
    errors: [
      { loc: ["body", "file", "plan", "areas", 0, "title"], msg: "Differs from the plan as it stands", type: "value_error" },
      { loc: ["body", "file", "plan", "areas", 2, "actions", 1, "ref"], msg: "String should match pattern", type: "string_pattern_mismatch" },
      { loc: ["body", "reason"], msg: "Enter why", type: "value_error" },
    ],
  };
  it("names where in the file each problem is, and puts the first at the file field", () => {
    const errors = fileProblem(problem).errors!;
    expect(errors[0]).toEqual({ loc: ["body", "file"], msg: "In the file at plan.areas[0].title: Differs from the plan as it stands", type: "value_error" });
    expect(errors[1].msg).toBe("In the file at plan.areas[2].actions[1].ref: String should match pattern");
    expect(errors[1].loc).toEqual(["body", "file", "plan", "areas", 2, "actions", 1, "ref"]);
    expect(errors[2]).toEqual(problem.errors[2]);
  });
});
