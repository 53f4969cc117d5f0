import { describe, expect, it } from "vitest";
import { datePartsToIso, formatDate, formatDateTime, formatMonthShort, isIsoDate, isoToParts, todayInLondon } from "./dates";

describe("formatDate", () => {
  it("writes a calendar date the GOV.UK way", () => {
    expect(formatDate("2019-09-30")).toBe("30 September 2019");
    expect(formatDate("2019-01-01")).toBe("1 January 2019");
  });
  it("ignores any time part", () => {
    expect(formatDate("2019-12-31T23:30:00Z")).toBe("31 December 2019");
  });
});

describe("formatDateTime", () => {
  it("shows London time in summer (BST)", () => {
    expect(formatDateTime("2026-07-01T17:15:00Z")).toBe("1 July 2026 at 6:15pm");
  });
  it("shows London time in winter, and midnight and noon as 12", () => {
    expect(formatDateTime("2026-11-27T00:05:00Z")).toBe("27 November 2026 at 12:05am");
    expect(formatDateTime("2026-11-27T12:00:00Z")).toBe("27 November 2026 at 12:00pm");
  });
  it("moves to the next day when London has passed midnight", () => {
    expect(formatDateTime("2026-06-30T23:30:00Z")).toBe("1 July 2026 at 12:30am");
  });
});

describe("datePartsToIso", () => {
  it("pads what was typed", () => {
    expect(datePartsToIso({ day: "3", month: "6", year: "2027" })).toBe("2027-06-03");
  });
  it("sends nothing for an empty input, and an incomplete date as typed for the API to refuse", () => {
    expect(datePartsToIso({ day: "", month: " ", year: "" })).toBe("");
    expect(datePartsToIso({ day: "31", month: "", year: "2027" })).toBe("2027-00-31");
  });
});

describe("todayInLondon", () => {
  it("is London's date, which differs from UTC's late on a summer evening", () => {
    expect(todayInLondon(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
    expect(todayInLondon(new Date("2026-12-31T23:30:00Z"))).toBe("2026-12-31");
  });
});

describe("isoToParts", () => {
  it("fills a date input without leading zeros", () => {
    expect(isoToParts("2019-03-01")).toEqual({ day: "1", month: "3", year: "2019" });
  });
});

describe("isIsoDate", () => {
  it("takes real dates only", () => {
    expect(isIsoDate("2019-02-28")).toBe(true);
    expect(isIsoDate("2020-02-29")).toBe(true);
    for (const text of ["2019-02-29", "2019-13-01", "31/03/2019", "", null, "2019-3-1"]) expect(isIsoDate(text)).toBe(false);
  });
});

describe("formatMonthShort", () => {
  it("shortens the month for an axis", () => {
    expect(formatMonthShort("2026-11-27")).toBe("Nov 2026");
  });
});
