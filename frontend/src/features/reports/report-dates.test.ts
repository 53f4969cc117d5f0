import { describe, expect, it } from "vitest";
import { reportAsOf, reportQuery } from "./report-dates";

describe("reportQuery", () => {
  it("leaves since to the previous meeting: nothing is worked out from the clock", () => {
    expect(reportQuery("")).toEqual({ asOf: null, since: null, meetingId: null });
  });
  it("takes both dates and the meeting from the address", () => {
    expect(reportQuery("?as_of=2019-03-31&since=2019-01-31&meeting=4")).toEqual({ asOf: "2019-03-31", since: "2019-01-31", meetingId: 4 });
  });
  it("ignores a date or a meeting in the address that is not a real one", () => {
    expect(reportQuery("?as_of=2019-02-30&since=soon&meeting=0")).toEqual({ asOf: null, since: null, meetingId: null });
  });
});

describe("reportAsOf", () => {
  it("is the date chosen, else the meeting's day, else today", () => {
    const none = { asOf: null, since: null, meetingId: null };
    expect(reportAsOf({ ...none, asOf: "2019-03-31" }, "2019-07-10", "2026-11-27")).toBe("2019-03-31");
    expect(reportAsOf({ ...none, meetingId: 4 }, "2019-07-10", "2026-11-27")).toBe("2019-07-10");
    expect(reportAsOf(none, null, "2026-11-27")).toBe("2026-11-27");
  });
});
