import { describe, expect, it } from "vitest";
import { axisTicks, labelledPoints, position, spreadLabels, trendEnd } from "./chart";

describe("axisTicks", () => {
  it("rounds the top up to a step of 1, 2 or 5 times a power of ten", () => {
    expect(axisTicks(40)).toEqual([0, 10, 20, 30, 40]);
    expect(axisTicks(37)).toEqual([0, 10, 20, 30, 40]);
    expect(axisTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(axisTicks(120)).toEqual([0, 50, 100, 150]);
  });
  it("never counts in fractions of an action", () => {
    expect(axisTicks(3)).toEqual([0, 1, 2, 3]);
    expect(axisTicks(1)).toEqual([0, 1]);
  });
  it("still draws an axis when every count is zero", () => {
    expect(axisTicks(0)).toEqual([0, 1]);
  });
});

describe("position", () => {
  it("maps 0 to the start of the axis and the top to its end, downwards in SVG", () => {
    expect(position(0, 40, 250, 10)).toBe(250);
    expect(position(40, 40, 250, 10)).toBe(10);
    expect(position(10, 40, 250, 10)).toBe(190);
  });
});

describe("spreadLabels", () => {
  it("leaves labels that do not collide where they are", () => {
    expect(spreadLabels([10, 100, 200], 14, 0, 300)).toEqual([10, 100, 200]);
  });
  it("pushes labels at the same height apart, keeping the series' order", () => {
    expect(spreadLabels([250, 250, 250, 250, 10], 14, 0, 260)).toEqual([218, 232, 246, 260, 10]);
  });
  it("keeps them inside the chart, moving up from the bottom", () => {
    expect(spreadLabels([260, 255], 14, 0, 260)).toEqual([260, 246]);
  });
});

describe("labelledPoints", () => {
  it("labels every point when there is room", () => {
    expect(labelledPoints(4, 600, 50)).toEqual([0, 1, 2, 3]);
  });
  it("labels every second point back from today when there is not", () => {
    expect(labelledPoints(13, 480, 50)).toEqual([0, 2, 4, 6, 8, 10, 12]);
    expect(labelledPoints(12, 440, 50)).toEqual([1, 3, 5, 7, 9, 11]);
  });
});

describe("where the trend ends", () => {
  it("ends today for a plan worked on this month, and at its latest activity when that is long past", () => {
    expect(trendEnd("2026-11-20", "2026-11-29")).toBeUndefined();
    expect(trendEnd(null, "2026-11-29")).toBeUndefined();
    expect(trendEnd("2020-03-31", "2026-11-29")).toBe("2020-03-31");
  });
});
