import { describe, expect, it } from "vitest";
import { abbreviate, continues, dueText, nextDueText, paragraphs, refText, reviewText, summary, watchTags } from "./action-text";

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

describe("what needs watching", () => {
  const base = { status: "amber", stale: false, continuing_review: false, review_every_months: null, missed_occurrences: 0,
    last_update_on: "2019-03-18" };

  it("says in words a stale action, a Blue under continuing review and missed occurrences", () => {
    expect(watchTags(base)).toEqual([]);
    expect(watchTags({ ...base, stale: true, review_every_months: 3 }).map((t) => t.text)).toEqual(["No update for over 3 months"]);
    expect(watchTags({ ...base, status: "blue", continuing_review: true }).map((t) => t.text)).toEqual(["Continuing review"]);
    expect(watchTags({ ...base, missed_occurrences: 2 }).map((t) => t.text)).toEqual(["2 occurrences missed"]);
  });

  it("says how often an action is reviewed, and when it was last updated", () => {
    expect(reviewText(base)).toBeNull();
    expect(reviewText({ ...base, review_every_months: 3, stale: true })).toBe(
      "At each board meeting (every 3 months); last update 18 March 2019. It has had no update for longer than that.");
    expect(reviewText({ ...base, status: "blue", continuing_review: true, review_every_months: 3 })).toBe(
      "Completed, and kept under review. At each board meeting (every 3 months); last update 18 March 2019.");
  });
});
