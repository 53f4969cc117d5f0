import { describe, expect, it } from "vitest";
import { changeWords, countWords } from "./workbook-text";

describe("workbook import words", () => {
  it("says what each change becomes in the workflow", () => {
    expect(changeWords("status")).toBe("RAG: proposed, for an approver to decide");
    expect(changeWords("progress")).toBe("Commentary: recorded as progress");
  });
  it("counts in plain words", () => {
    expect(countWords(0, "problem")).toBe("no problems");
    expect(countWords(1, "change")).toBe("1 change");
    expect(countWords(4, "change")).toBe("4 changes");
  });
});
