import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from zoneinfo import ZoneInfo

# Due dates are council dates: "today" is today in London, not in UTC.
COUNCIL_TZ = ZoneInfo("Europe/London")

# Set only inside `frozen_at`, which the illustrative demo uses to play a past year through the real
# services; a context variable, so nothing outside that block (the server above all) ever sees it.
_frozen: ContextVar[dt.datetime | None] = ContextVar("actionplan_frozen_clock", default=None)


def now() -> dt.datetime:
    return _frozen.get() or dt.datetime.now(dt.UTC)


def council_today() -> dt.date:
    return now().astimezone(COUNCIL_TZ).date()


@contextmanager
def frozen_at(moment: dt.datetime) -> Iterator[None]:
    if moment.tzinfo is None:
        raise ValueError("naive datetime given; say which zone it is in")
    token = _frozen.set(moment.astimezone(dt.UTC))
    try:
        yield
    finally:
        _frozen.reset(token)
