import { describe, expect, it } from "vitest";
import { reportDates } from "./report-dates";

describe("reportDates", () => {
  it("defaults to today, compared with the end of the previous quarter", () => {
    expect(reportDates("", "2026-11-27")).toEqual({ asOf: "2026-11-27", since: "2026-09-30" });
  });
  it("compares a chosen date with the quarter before it: the March board with December's", () => {
    expect(reportDates("?as_of=2019-03-31", "2026-11-27")).toEqual({ asOf: "2019-03-31", since: "2018-12-31" });
  });
  it("takes both dates from the address", () => {
    expect(reportDates("?as_of=2019-03-31&since=2019-01-31", "2026-11-27")).toEqual({ asOf: "2019-03-31", since: "2019-01-31" });
  });
  it("ignores a date in the address that is not a real one", () => {
    expect(reportDates("?as_of=2019-02-30&since=soon", "2026-11-27")).toEqual({ asOf: "2026-11-27", since: "2026-09-30" });
  });
});
