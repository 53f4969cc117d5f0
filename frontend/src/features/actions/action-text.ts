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

/** "30 September 2019", or why there is no next date. */
export function nextDueText(action: Dated): string {
  if (action.next_due_on) return formatDate(action.next_due_on);
  if (action.due_on && action.overdue) return `Overdue: was due ${formatDate(action.due_on)}`;
  if (action.due_on) return `None left: was due ${formatDate(action.due_on)}`;
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
