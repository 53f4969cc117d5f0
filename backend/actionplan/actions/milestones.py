"""Reads dated targets out of a plan's free-text timescales.

"At least 60% by Sept 2019. 85% by Dec 2019 and then working towards 100%." gives
2019-09-30 (60) and 2019-12-31 (85). A month without a day means the end of that month
("by Sept 2019" is met on 30 September); a bare year means its last day. Text with no
date ("Ongoing.", "Completed.") gives no milestone, nor does a stated baseline ("Baseline
38% ... in February 2019" is where the action started, not a target). Wording this cannot
read is given explicit milestones in the import file. Pure functions: no I/O.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DATE = re.compile(
    rf"\b(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+)?(?P<month>{_MONTH})\.?\s+(?P<year>20\d\d)\b"
    r"|\b(?P<bare_year>20\d\d)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
# Sentences and clauses: a full stop, semicolon or line break ends one.
_CLAUSE_END = re.compile(r"(?<=[.;])\s+|\n+")


@dataclass(frozen=True)
class ParsedMilestone:
    due_on: dt.date
    text: str
    target_value: float | None


def _date_of(match: re.Match) -> dt.date:
    if match["bare_year"]:
        return dt.date(int(match["bare_year"]), 12, 31)
    year, month = int(match["year"]), _MONTHS[match["month"][:3].lower()]
    if match["day"]:
        return dt.date(year, month, int(match["day"]))
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_milestones(target_text: str) -> list[ParsedMilestone]:
    found: list[ParsedMilestone] = []
    for clause in _CLAUSE_END.split(target_text):
        start = 0
        for match in _DATE.finditer(clause):
            # Each date closes a segment of the clause: "Targets 50% by April 2019 | and 80% by Sept 2019".
            segment = clause[start:match.end()].strip(" ,;")
            start = match.end()
            if "baseline" in segment.lower():
                continue
            percents = _PERCENT.findall(segment)
            found.append(ParsedMilestone(
                due_on=_date_of(match),
                text=segment.removeprefix("and ").strip(),
                target_value=float(percents[-1]) if percents else None,
            ))
    return found


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day so many months on; a month's last day stays a month's last day (31 Jan + 3 → 30 April)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    month_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return dt.date(year, month, last if month_end else min(day.day, last))


def occurrences(first: dt.date, every_months: int, until: dt.date) -> list[dt.date]:
    """The days a repeating target falls due: "quarterly from April 2019" is 30 April, 31 July, ..."""
    found: list[dt.date] = []
    while (day := add_months(first, len(found) * every_months)) <= until:
        found.append(day)
    return found
