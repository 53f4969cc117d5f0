"""Parameter types shared by routes."""

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field, PlainSerializer, WithJsonSchema

# Ids are 32-bit in the database: a larger number is a 422, never a database error.
MAX_ID = 2_147_483_647
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
IdQuery = Annotated[int | None, Query(ge=1, le=MAX_ID)]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=MAX_ID, description="Items to skip.")]


def id_from_text(text: str) -> int | None:
    """An id written in a credential or a raw path, or None. str.isdigit() alone is not enough:
    it accepts "²" and Arabic-Indic digits, which int() refuses or reads, and a number past the
    column's range is a database error."""
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_ID)):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d")


def _timestamp_text(value: Any) -> Any:
    # A bare number would otherwise be taken for seconds since 1970, and a bare date for midnight
    # nowhere in particular.
    if not isinstance(value, str) or not _TIMESTAMP.match(value):
        raise ValueError("Give an ISO 8601 timestamp with its zone, e.g. 2026-11-27T09:00:00Z")
    return value


def _in_utc(value: dt.datetime) -> dt.datetime:
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00 is before the calendar starts, 9999-12-31T23:00-02:00 after
        return (dt.datetime.min if value.year < 5000 else dt.datetime.max).replace(tzinfo=dt.UTC)


Timestamp = Annotated[AwareDatetime, BeforeValidator(_timestamp_text), AfterValidator(_in_utc)]


def _date_text(value: Any) -> Any:
    # JSON has no dates: one arrives as "YYYY-MM-DD", never as a number of seconds. (A date itself
    # comes only from our own code: a row read back into a model that shares these fields.)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise ValueError("Give a date as YYYY-MM-DD")
    return value


# From 1900: a plan's dates are recent, and a chart that counts months back from year 1 would
# run off the calendar.
_DAY = re.compile(r"^(19|[2-9]\d)\d\d-\d\d-\d\d$")


def _day_text(value: Any) -> Any:
    # A query value is always text, and pydantic reads "0" or "1700000000" as seconds since 1970.
    if not isinstance(value, str) or not _DAY.match(value):
        raise ValueError("Give a date from 1900 on as YYYY-MM-DD, e.g. 2019-07-10")
    return value


# A day in a query string: YYYY-MM-DD and nothing else.
Day = Annotated[dt.date, BeforeValidator(_day_text),
                WithJsonSchema({"type": "string", "format": "date", "pattern": _DAY.pattern})]

# A date in a strict request body (strict models refuse strings for dates otherwise).
DateText = Annotated[dt.date, Field(strict=False), BeforeValidator(_date_text)]

_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")


def _clock_text(value: Any) -> Any:
    # Text in a request; a time already (a row read back) in a response. Never a number of seconds.
    if isinstance(value, dt.time):
        return value
    if not isinstance(value, str) or not _CLOCK.match(value):
        raise ValueError("Give a time of day as HH:MM, e.g. 14:00")
    return value


# A time of day, in council time: "14:00". Not JSON Schema's `format: time`, which asks for a zone offset.
ClockTime = Annotated[dt.time, Field(strict=False), BeforeValidator(_clock_text),
                      PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str, when_used="json"),
                      WithJsonSchema({"type": "string", "pattern": _CLOCK.pattern, "examples": ["14:00"]})]
