// The board report's dates, read from the page's address so a report can be bookmarked and sent round
// as a link: "as at" (a date chosen, the day of the meeting it is opened for, or today) and "since". Since
// is never worked out from the clock: it is a date the user chose, or the day of the forum's previous
// meeting, which the API gives (GET /plans/{id}/meetings/previous).
import { isIsoDate, todayInLondon } from "../../lib/dates";

export interface ReportQuery {
  /** The "as at" date chosen in the address, or null. */
  asOf: string | null;
  /** The "since" date chosen in the address, or null: then the previous meeting's day. */
  since: string | null;
  /** The meeting the report is opened for, or null. */
  meetingId: number | null;
}

export function reportQuery(search: string): ReportQuery {
  const query = new URLSearchParams(search);
  const asOf = query.get("as_of");
  const since = query.get("since");
  const meeting = query.get("meeting") ?? "";
  return {
    asOf: isIsoDate(asOf) ? asOf : null,
    since: isIsoDate(since) ? since : null,
    meetingId: /^[1-9]\d{0,9}$/.test(meeting) ? Number(meeting) : null,
  };
}

/** The report's "as at": the date chosen, else the meeting's day, else today. */
export function reportAsOf(query: ReportQuery, meetingDay: string | null, today: string = todayInLondon()): string {
  return query.asOf ?? meetingDay ?? today;
}
