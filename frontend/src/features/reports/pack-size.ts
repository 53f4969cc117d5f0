// How big a board pack's file will be, in words, before it is made: from the plan's number of actions,
// by the sizes measured on real packs (bench/pack.py). A hint, so it is rounded and says "about".

export type PackFormat = "pdf" | "xlsx" | "csv";

// Kilobytes: a fixed part (cover, contents, charts, styles) and a part per action.
const SIZES: Record<PackFormat, { fixed: number; perAction: number }> = {
  pdf: { fixed: 60, perAction: 1.8 },
  xlsx: { fixed: 17, perAction: 0.2 },
  csv: { fixed: 0.5, perAction: 0.44 },
};

export function packSizeWords(format: PackFormat, actions: number): string {
  const kb = SIZES[format].fixed + SIZES[format].perAction * actions;
  if (kb < 10) return "under 10 KB";
  if (kb < 1000) {
    const step = kb < 100 ? 10 : 50;
    return `about ${Math.max(step, Math.round(kb / step) * step)} KB`;
  }
  return `about ${(Math.round(kb / 100) / 10).toFixed(1)} MB`;
}
