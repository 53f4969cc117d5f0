import { describe, expect, it } from "vitest";
import { abbreviate, continues, dueText, nextDueText, paragraphs, refText, summary } from "./action-text";

describe("paragraphs and summary", () => {
  const text = "Refocused business support.\n\nReducing administration frees up social workers.\n";
  it("splits on blank lines", () => {
    expect(paragraphs(text)).toEqual(["Refocused business support.", "Reducing administration frees up social workers."]);
  });
  it("summarises by the first paragraph", () => {
    expect(summary(text)).toBe("Refocused business support.");
    expect(summary("")).toBe("");
  });
  it("says when an action goes on past its summary", () => {
    expect(continues(text)).toBe(true);
    expect(continues("One paragraph only.\n")).toBe(false);
  });
});

describe("abbreviate", () => {
  const acronyms = [
    { term: "IRO", meaning: "independent reviewing officer" },
    { term: "CPA", meaning: "Child Protection Advisers" },
    { term: "QA", meaning: "Quality Assurance" },
  ];
  it("marks each acronym standing as a word, with its meaning", () => {
    expect(abbreviate("IRO/CPA chairs and QA.", acronyms)).toEqual([
      acronyms[0], "/", acronyms[1], " chairs and ", acronyms[2], ".",
    ]);
  });
  it("leaves acronyms inside other words alone", () => {
    expect(abbreviate("QAP and IROs", acronyms)).toEqual(["QAP and IROs"]);
    expect(abbreviate("", acronyms)).toEqual([]);
    expect(abbreviate("No terms", [])).toEqual(["No terms"]);
  });
});

describe("nextDueText", () => {
  it("gives the next milestone's date", () => {
    expect(nextDueText({ next_due_on: "2027-03-31", due_on: "2027-06-30", overdue: false })).toBe("31 March 2027");
  });
  it("says when an action is overdue", () => {
    expect(nextDueText({ next_due_on: null, due_on: "2019-12-31", overdue: true })).toBe("Overdue: was due 31 December 2019");
  });
  it("says when the dates have passed on a completed action, and when there are none", () => {
    expect(nextDueText({ next_due_on: null, due_on: "2019-12-31", overdue: false })).toBe("No milestones left (due 31 December 2019)");
    expect(nextDueText({ next_due_on: null, due_on: null, overdue: false })).toBe("No date set");
  });
});

describe("refText", () => {
  it("shows the printed number where the ref had to differ", () => {
    expect(refText({ ref: "9.3a", printed_ref: "9.3" })).toBe("9.3a (printed as 9.3)");
    expect(refText({ ref: "1.4", printed_ref: null })).toBe("1.4");
  });
});

describe("dueText", () => {
  it("says when a due date was moved by an approved re-schedule, and from when", () => {
    expect(dueText({ due_on: "2019-12-31", original_due_on: "2019-12-31", rescheduled: false })).toBe("31 December 2019");
    expect(dueText({ due_on: "2020-06-30", original_due_on: "2019-12-31", rescheduled: true }))
      .toBe("30 June 2020 (re-scheduled with approval; first planned for 31 December 2019)");
    expect(dueText({ due_on: null, original_due_on: null, rescheduled: false })).toBe("No date set");
  });
});
