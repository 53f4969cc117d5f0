// Dates as GOV.UK writes them: "30 September 2019", times "6:15pm", in London time.

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];

/** "2019-09-30" → "30 September 2019". Read as a calendar date, so no time zone can move it a day. */
export function formatDate(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split("-").map(Number);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** "2019-03-18" → "March 2019". */
export function formatMonth(isoDate: string): string {
  const [year, month] = isoDate.slice(0, 7).split("-").map(Number);
  return `${MONTHS[month - 1]} ${year}`;
}

const londonParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London", year: "numeric", month: "numeric", day: "numeric",
  hour: "numeric", minute: "2-digit", hourCycle: "h23",
});

/** An instant from the API → "27 November 2026 at 6:15pm", as the clock in the council's office shows it. */
export function formatDateTime(isoInstant: string): string {
  const parts = Object.fromEntries(londonParts.formatToParts(new Date(isoInstant)).map((p) => [p.type, p.value]));
  const hour = Number(parts.hour);
  const time = `${hour % 12 || 12}:${parts.minute}${hour < 12 ? "am" : "pm"}`;
  return `${formatDate(`${parts.year}-${parts.month}-${parts.day}`)} at ${time}`;
}

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/**
 * What a GOV.UK date input holds → the "YYYY-MM-DD" the API takes. Nothing is judged here: an
 * incomplete or impossible date goes to the API as typed, and its 422 names the field.
 */
export function datePartsToIso({ day, month, year }: DateParts): string {
  const trimmed = [year, month, day].map((p) => p.trim());
  if (trimmed.every((p) => p === "")) return "";
  const [y, m, d] = trimmed;
  return `${y.padStart(4, "0")}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
}

const londonDate = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });

/** Today's date in the council's office, "YYYY-MM-DD" (the API's "as at" days are London days too). */
export function todayInLondon(now: Date = new Date()): string {
  return londonDate.format(now);
}

/** "2019-03-31" → what a GOV.UK date input shows: day 31, month 3, year 2019. */
export function isoToParts(isoDate: string): DateParts {
  const [year, month, day] = isoDate.slice(0, 10).split("-");
  return { day: String(Number(day)), month: String(Number(month)), year };
}

/** Whether the text is a real calendar date "YYYY-MM-DD" (the API decides; links only ask it real ones). */
export function isIsoDate(text: string | null | undefined): text is string {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** "2026-11-30" → "Nov 2026", for a chart's axis. */
export function formatMonthShort(isoDate: string): string {
  const [year, month] = isoDate.slice(0, 10).split("-").map(Number);
  return `${MONTHS[month - 1].slice(0, 3)} ${year}`;
}
