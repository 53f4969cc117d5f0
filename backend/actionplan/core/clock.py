import datetime as dt
from zoneinfo import ZoneInfo

# Due dates are council dates: "today" is today in London, not in UTC.
COUNCIL_TZ = ZoneInfo("Europe/London")


def council_today() -> dt.date:
    return dt.datetime.now(COUNCIL_TZ).date()
