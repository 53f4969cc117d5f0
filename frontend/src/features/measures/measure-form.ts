// The measure and correction forms' pure parts: what a typed figure sends, a date from the API into a
// GOV.UK date input. Unit-tested.
import type { DateParts } from "../../lib/dates";

/** One row of baselines or targets as typed. `words`: a baseline's period or a target's text; `kept`: a
 * baseline's text from the plan, which the form does not show and sends back unchanged. */
export interface Point {
  value: string;
  date: DateParts;
  words: string;
  kept?: string | null;
}

/**
 * A typed figure as the API takes it: a number, or (when it is not one) the text as typed, so that
 * the API's 422 names the field; nothing when left empty, so that the API says it is missing.
 */
export function figureOrText(key: string, typed: string): Record<string, number | string> {
  const text = typed.trim();
  if (text === "") return {};
  const number = Number(text);
  return { [key]: Number.isFinite(number) ? number : text };
}

/** "2019-01-31" → { day: "31", month: "1", year: "2019" }, as a person would type it. */
export function isoToParts(isoDate: string): DateParts {
  const [year, month, day] = isoDate.slice(0, 10).split("-");
  return { day: String(Number(day)), month: String(Number(month)), year };
}
