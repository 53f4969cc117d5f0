"""Calendars as RFC 5545 text, built with the icalendar package (escaping, line folding, dates).

Every event's UID is stable (the object's kind and id), so a calendar client updates an event
when its date moves instead of adding another. Dates are all-day events (VALUE=DATE); a
meeting with a start time is a timed event in London time, with its VTIMEZONE, one hour long
(its end is not recorded). DTSTAMP is the object's last change, so an unchanged feed reads the
same and its ETag holds.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from actionplan.core.clock import COUNCIL_TZ

DOMAIN = "actionplan"
MEETING_LENGTH = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Entry:
    uid: str
    summary: str
    day: dt.date
    changed_at: dt.datetime
    description: str = ""
    url: str | None = None
    start_time: dt.time | None = None
    location: str = ""
    categories: tuple[str, ...] = ()


def calendar(name: str, entries: list[Entry]) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//actionplan//calendar feed//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    # How often clients should look again: Outlook reads X-PUBLISHED-TTL, others REFRESH-INTERVAL.
    cal.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    if any(entry.start_time is not None for entry in entries):
        cal.add_component(_london())  # before the events that name it
    for entry in sorted(entries, key=lambda e: (e.day, e.uid)):
        event = Event()
        event.add("uid", f"{entry.uid}@{DOMAIN}")
        event.add("dtstamp", entry.changed_at.astimezone(dt.UTC))
        event.add("last-modified", entry.changed_at.astimezone(dt.UTC))
        event.add("summary", entry.summary)
        if entry.start_time is None:
            event.add("dtstart", entry.day)
            event.add("dtend", entry.day + dt.timedelta(days=1))
            event.add("transp", "TRANSPARENT")  # a due date does not make anyone busy
        else:
            start = dt.datetime.combine(entry.day, entry.start_time, tzinfo=COUNCIL_TZ)
            event.add("dtstart", start)
            event.add("dtend", start + MEETING_LENGTH)
        if entry.description:
            event.add("description", entry.description)
        if entry.location:
            event.add("location", entry.location)
        if entry.url:
            event.add("url", entry.url)
        if entry.categories:
            event.add("categories", list(entry.categories))
        cal.add_component(event)
    return cal.to_ical()


def _london() -> Timezone:
    """Europe/London as its rules have stood since 1996 (Outlook needs the VTIMEZONE of a TZID)."""
    tz = Timezone()
    tz.add("tzid", "Europe/London")
    for kind, name, start, before, after, month in (
            (TimezoneDaylight, "BST", dt.datetime(1996, 3, 31, 1), dt.timedelta(0), dt.timedelta(hours=1), 3),
            (TimezoneStandard, "GMT", dt.datetime(1996, 10, 27, 2), dt.timedelta(hours=1), dt.timedelta(0), 10)):
        part = kind()
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("tzoffsetfrom", before)
        part.add("tzoffsetto", after)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        tz.add_component(part)
    return tz


def etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
