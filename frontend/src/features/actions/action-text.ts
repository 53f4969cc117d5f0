// How an action's texts and dates read on a page.
import { formatDate } from "../../lib/dates";

interface Dated {
  due_on: string | null;
  next_due_on: string | null;
  overdue: boolean;
}

/** The plan's texts separate paragraphs with a blank line. */
export function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
}

/** What a table shows of an action: its first paragraph. */
export function summary(text: string): string {
  return paragraphs(text)[0] ?? "";
}

/** Whether the action says more than its summary, so a list must say it goes on. */
export function continues(text: string): boolean {
  return paragraphs(text).length > 1;
}

export interface Acronym {
  term: string;
  meaning: string;
}

/** A text cut where the plan's acronyms stand, each marked with its meaning for an `<abbr>`. */
export type Segment = string | Acronym;

export function abbreviate(text: string, acronyms: Acronym[]): Segment[] {
  if (!acronyms.length || !text) return text ? [text] : [];
  // Longest first, so a term inside a longer one ("QA" in "QAP") never wins over it.
  const terms = [...acronyms].sort((a, b) => b.term.length - a.term.length);
  const escaped = terms.map((a) => a.term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = new RegExp(`(?<![\\w])(${escaped.join("|")})(?![\\w])`, "g");
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) segments.push(text.slice(last, match.index));
    segments.push(terms.find((a) => a.term === match[1])!);
    last = match.index + match[0].length;
  }
  if (last < text.length) segments.push(text.slice(last));
  return segments;
}

/** "30 September 2019", or why there is no next date. */
export function nextDueText(action: Dated): string {
  if (action.next_due_on) return formatDate(action.next_due_on);
  if (action.due_on && action.overdue) return `Overdue: was due ${formatDate(action.due_on)}`;
  if (action.due_on) return `No milestones left (due ${formatDate(action.due_on)})`;
  return "No date set";
}

/** The ref as the plan printed it, where refs had to be made unique ("9.3a", printed "9.3"). */
export function refText(action: { ref: string; printed_ref: string | null }): string {
  return action.printed_ref && action.printed_ref !== action.ref ? `${action.ref} (printed as ${action.printed_ref})` : action.ref;
}

/** "30 June 2020 (re-scheduled with approval; first planned for 31 December 2019)". */
export function dueText(action: { due_on: string | null; original_due_on: string | null; rescheduled: boolean }): string {
  if (!action.due_on) return "No date set";
  if (!action.rescheduled) return formatDate(action.due_on);
  const first = action.original_due_on && action.original_due_on !== action.due_on
    ? `; first planned for ${formatDate(action.original_due_on)}` : "";
  return `${formatDate(action.due_on)} (re-scheduled with approval${first})`;
}

interface Watched {
  status: string;
  stale: boolean;
  continuing_review: boolean;
  review_every_months: number | null;
  missed_occurrences: number;
}

/** What needs watching on an action beyond its status, as tags with words (never a colour alone). */
export function watchTags(action: Watched): { text: string; colour: string }[] {
  const tags: { text: string; colour: string }[] = [];
  if (action.continuing_review && action.status === "blue") tags.push({ text: "Continuing review", colour: "light-blue" });
  if (action.stale) {
    const months = action.review_every_months ?? 3;
    tags.push({ text: `No update for over ${months} ${months === 1 ? "month" : "months"}`, colour: "orange" });
  }
  if (action.missed_occurrences > 0) {
    const n = action.missed_occurrences;
    tags.push({ text: `${n} ${n === 1 ? "occurrence" : "occurrences"} missed`, colour: "red" });
  }
  return tags;
}

/** "Each board meeting (every 3 months); last update 18 March 2019." — or null for an action with no cadence. */
export function reviewText(action: Watched & { last_update_on: string }): string | null {
  if (action.review_every_months === null) return null;
  const every = action.review_every_months === 3 ? "At each board meeting (every 3 months)"
    : `Every ${action.review_every_months} ${action.review_every_months === 1 ? "month" : "months"}`;
  const done = action.continuing_review && action.status === "blue" ? "Completed, and kept under review. " : "";
  const late = action.stale ? " It has had no update for longer than that." : "";
  return `${done}${every}; last update ${formatDate(action.last_update_on)}.${late}`;
}
