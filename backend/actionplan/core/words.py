"""How the API words its values in sentences people read: statuses and dates as the plan prints them."""

import datetime as dt

STATUS_WORDS = {"not_started": "Not started", "red": "Red", "amber": "Amber", "green": "Green", "blue": "Blue"}


def date_words(day: dt.date) -> str:
    """30 March 2027, as the plan writes its dates (never 2027-03-30)."""
    return f"{day.day} {day:%B %Y}"
