// How a measure's figures and verdict read, in words (never a colour alone). Pure, so it is unit-tested.
import type { components } from "../../api/schema";
import { formatDate } from "../../lib/dates";
import { paths } from "../../router/routes";

export type Measure = components["schemas"]["MeasurePublic"];
export type MeasureDetail = components["schemas"]["MeasureDetail"];
type Unit = Measure["unit"];
type Trajectory = Measure["trajectory"];

function round(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** 47 → "47%" for a percentage, "12" for a count, "30 days" for days. */
export function formatFigure(value: number, unit: Unit): string {
  if (unit === "percent") return `${round(value)}%`;
  if (unit === "days") return `${round(value)} ${value === 1 ? "day" : "days"}`;
  return round(value);
}

/** A gap in the measure's unit: percentages differ by percentage points, not by per cent. */
function formatGap(gap: number, unit: Unit): string {
  const size = Math.abs(gap);
  if (unit === "percent") return `${round(size)} percentage ${size === 1 ? "point" : "points"}`;
  return formatFigure(size, unit);
}

/** "Behind the trajectory by 3.4 percentage points", "On track", "No reading yet". */
export function verdictText(trajectory: Trajectory, unit: Unit): string {
  const { verdict, gap } = trajectory;
  switch (verdict) {
    case "no_reading": return "No reading yet";
    case "no_trajectory": return "Nothing to judge it against yet: no baseline or dated target before this reading";
    case "on_track": return "On track";
    case "ahead": return `Ahead of the trajectory by ${formatGap(gap ?? 0, unit)}`;
    case "behind": return `Behind the trajectory by ${formatGap(gap ?? 0, unit)}`;
  }
}

/** "The trajectory expects 47.4% on 31 May 2019." — or nothing, when there is no reading to judge. */
export function expectedText(trajectory: Trajectory, unit: Unit): string | null {
  if (trajectory.expected === null || trajectory.expected === undefined || !trajectory.judged_on) return null;
  return `The trajectory expects ${formatFigure(trajectory.expected, unit)} on ${formatDate(trajectory.judged_on)}.`;
}

type Reading = MeasureDetail["readings"][number];

export interface Figure {
  date: string;
  kind: "Baseline" | "Target" | "Reading";
  value: number;
  words: string;
  reading?: Reading;
}

/** "Corrected from 44% on 3 June 2019: recounted" for each earlier version of a reading, oldest first. */
export function correctionsText(reading: Reading, unit: Unit): string[] {
  const versions = reading.versions;
  return versions.slice(1).map((v, i) =>
    `Corrected from ${formatFigure(versions[i].value, unit)} on ${formatDate(v.recorded_at.slice(0, 10))}: ${v.correction_reason ?? ""}`);
}

/** Every figure of a measure in date order: what the chart draws and its table lists. */
export function figures(measure: MeasureDetail): Figure[] {
  const all: Figure[] = [
    ...measure.baselines.map((b) => ({ date: b.date, kind: "Baseline" as const, value: b.value, words: b.period ?? b.text ?? "" })),
    ...measure.targets.map((t) => ({ date: t.due_on, kind: "Target" as const, value: t.value, words: t.text ?? "" })),
    ...measure.readings.map((r) => ({ date: r.taken_on, kind: "Reading" as const, value: r.value,
      words: [r.period, r.source].filter(Boolean).join(", "), reading: r })),
  ];
  return all.sort((a, b) => a.date.localeCompare(b.date));
}

/** The trajectory the API judges by: the latest baseline, then the targets after it. */
export function trajectoryPoints(measure: MeasureDetail): { date: string; value: number }[] {
  const latest = [...measure.baselines].sort((a, b) => a.date.localeCompare(b.date)).at(-1);
  const start = latest ? [{ date: latest.date, value: latest.value }] : [];
  const targets = measure.targets.filter((t) => !latest || t.due_on > latest.date).map((t) => ({ date: t.due_on, value: t.value }));
  return [...start, ...targets].sort((a, b) => a.date.localeCompare(b.date));
}

/** Where a measure lives: its action's page, or its area's for a measure of the area as a whole. */
export function measureHome(m: Measure): { href: string; name: string } {
  return m.action_id !== null && m.action_id !== undefined
    ? { href: paths.action(m.action_id), name: `action ${m.action_ref}` }
    : { href: paths.area(m.area_id), name: `area ${m.area_number}` };
}
