"""Working days: Monday to Friday, except the bank holidays of England and Wales.

The holidays come from the maintained `holidays` package (its United Kingdom calendar, England
subdivision, which England and Wales share), so substitute days and one-off holidays (the 2020 VE Day
move, the 2022 and 2023 royal occasions) are the government's, not ours to keep up to date.
"""

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_bank_holiday(day: dt.date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The working day `count` working days after `day` (before it when negative); 0 gives `day`."""
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining:
        day += dt.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count


def previous_working_day(day: dt.date) -> dt.date:
    """`day` itself if it is a working day, else the working day before it."""
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day
