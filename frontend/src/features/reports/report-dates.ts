// The board report's two dates: "as at" (default today) and "since" (default the end of the quarter
// before the "as at" date's, the last board's), read from the page's address so a report can be
// bookmarked and sent round as a link.
import { endOfPreviousQuarter, isIsoDate, todayInLondon } from "../../lib/dates";

export interface ReportDates {
  asOf: string;
  since: string;
}

export function reportDates(search: string, today: string = todayInLondon()): ReportDates {
  const query = new URLSearchParams(search);
  const asOf = query.get("as_of");
  const since = query.get("since");
  const chosen = isIsoDate(asOf) ? asOf : today;
  return { asOf: chosen, since: isIsoDate(since) ? since : endOfPreviousQuarter(chosen) };
}
