// The arithmetic of the dashboard's line chart, kept apart from its markup so it can be tested.

/** A round top for the vertical axis and its ticks: 37 → 0, 10, 20, 30, 40; 3 → 0, 1, 2, 3. */
export function axisTicks(max: number, wanted = 4): number[] {
  if (max <= 0) return [0, 1];
  const rough = max / wanted;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude);
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let tick = 0; tick <= top; tick += step) ticks.push(tick);
  return ticks;
}

/** Where a value sits on an axis drawn from `from` (the value 0) to `to` (the value `top`). */
export function position(value: number, top: number, from: number, to: number): number {
  return from + (to - from) * (top === 0 ? 0 : value / top);
}

/**
 * Moves labels apart so none overlaps: each wants to sit at its line's end, but lines often end
 * at the same value (four statuses at 0). Keeps their order, at least `gap` apart, within
 * [min, max]; returns the positions in the order given.
 */
export function spreadLabels(wanted: number[], gap: number, min: number, max: number): number[] {
  const order = wanted.map((y, index) => ({ y, index })).sort((a, b) => a.y - b.y || a.index - b.index);
  const placed = order.map((item) => Math.min(Math.max(item.y, min), max));
  for (let i = 1; i < placed.length; i++) placed[i] = Math.max(placed[i], placed[i - 1] + gap);
  if (placed.length && placed[placed.length - 1] > max) {
    placed[placed.length - 1] = max;
    for (let i = placed.length - 2; i >= 0; i--) placed[i] = Math.min(placed[i], placed[i + 1] - gap);
  }
  const result = new Array<number>(wanted.length);
  order.forEach((item, i) => (result[item.index] = placed[i]));
  return result;
}

/** Which of n points along the axis get a label, so labels `minGap` apart never collide. */
export function labelledPoints(count: number, width: number, minGap: number): number[] {
  if (count <= 1) return count === 1 ? [0] : [];
  const every = Math.max(1, Math.ceil(minGap / (width / (count - 1))));
  const points: number[] = [];
  // Always the last (today), then every n-th counting back from it.
  for (let i = count - 1; i >= 0; i -= every) points.unshift(i);
  return points;
}

/**
 * Where the dashboard's chart ends: today, unless the plan's latest activity is long past (over a
 * month: a plan played back, like the illustrative demo's April 2019 to March 2020, or one no longer
 * worked on), when the chart ends there and shows the plan's own year. Dates are "YYYY-MM-DD".
 */
export function trendEnd(lastActivityOn: string | null | undefined, today: string): string | undefined {
  if (!lastActivityOn) return undefined;
  const gap = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${lastActivityOn}T00:00:00Z`)) / 86_400_000;
  return gap > 31 ? lastActivityOn : undefined;
}
