import { describe, expect, it } from "vitest";
import { correctionsText, expectedText, figures, formatFigure, trajectoryPoints, verdictText, type MeasureDetail } from "./measure-text";

const trajectory = { verdict: "behind" as const, judged_on: "2019-05-31", expected: 47.3967, gap: -3.3967, tolerance: 2.5, suggested_rag: "amber" as const };

const measure = {
  baselines: [{ value: 47, date: "2018-10-31", period: null, text: "47% at Oct. 2018" }, { value: 35, date: "2019-01-31", period: null, text: null }],
  targets: [{ value: 85, due_on: "2019-12-31", text: null }, { value: 60, due_on: "2019-09-30", text: null }],
  readings: [{ taken_on: "2019-05-31", value: 44, period: "May 2019", source: "Audit tool", corrected: true, versions: [
    { value: 41, recorded_at: "2019-06-03T09:00:00Z", correction_reason: null },
    { value: 44, recorded_at: "2019-06-10T09:00:00Z", correction_reason: "Three audits were missed" }] }],
} as unknown as MeasureDetail;

describe("measure words", () => {
  it("writes figures in their unit", () => {
    expect(formatFigure(47, "percent")).toBe("47%");
    expect(formatFigure(47.3967, "percent")).toBe("47.4%");
    expect(formatFigure(1, "days")).toBe("1 day");
    expect(formatFigure(12, "count")).toBe("12");
  });

  it("says how far behind or ahead, in percentage points for a percentage", () => {
    expect(verdictText(trajectory, "percent")).toBe("Behind the trajectory by 3.4 percentage points");
    expect(verdictText({ ...trajectory, verdict: "ahead", gap: 2.5 }, "days")).toBe("Ahead of the trajectory by 2.5 days");
    expect(verdictText({ ...trajectory, verdict: "no_reading" }, "percent")).toBe("No reading yet");
    expect(expectedText(trajectory, "percent")).toBe("The trajectory expects 47.4% on 31 May 2019.");
  });

  it("lists every figure by date and draws the line from the latest baseline", () => {
    expect(figures(measure).map((f) => `${f.kind} ${f.value}`)).toEqual(
      ["Baseline 47", "Baseline 35", "Reading 44", "Target 60", "Target 85"]);
    expect(figures(measure)[2].words).toBe("May 2019, Audit tool");
    expect(correctionsText(measure.readings[0], "percent")).toEqual(
      ["Corrected from 41% on 10 June 2019: Three audits were missed"]);
    expect(trajectoryPoints(measure)).toEqual([
      { date: "2019-01-31", value: 35 }, { date: "2019-09-30", value: 60 }, { date: "2019-12-31", value: 85 }]);
  });
});
