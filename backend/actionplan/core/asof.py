import datetime as dt
from typing import Annotated

from fastapi import Query

from actionplan.actions.asof import ActionView, parse_as_of
from actionplan.core.errors import Invalid

def _date_or_timestamp(schema: dict) -> None:
    # The contract says exactly what parse_as_of accepts: a date, or a timestamp with its zone.
    schema.clear()
    schema["anyOf"] = [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]


AsOfQuery = Annotated[str | None, Query(
    min_length=1, max_length=40, json_schema_extra=_date_or_timestamp, description="Read the plan as approved at this moment: a date (YYYY-MM-DD, the end of that "
                               "day in London) or an ISO 8601 timestamp with its zone.",
    examples=["2019-03-31"])]
SinceQuery = Annotated[str, Query(
    min_length=1, max_length=40, json_schema_extra=_date_or_timestamp, description="Compare with the plan as approved at "
    "this moment: a date (YYYY-MM-DD, the end of that day in London) or an ISO 8601 timestamp with its zone.",
    examples=["2018-12-31"])]


def view_as_of(value: str | None, name: str = "as_of") -> ActionView:
    try:
        return ActionView(parse_as_of(value))
    except OverflowError:
        # A moment before the calendar starts (0001-01-01T00:00+01:00) or after it ends (9999-12-31):
        # before anything was approved, or now.
        return ActionView(dt.datetime(1, 1, 2, tzinfo=dt.UTC) if (value or "0")[0] in "01234" else None)
    except ValueError as exc:
        raise Invalid(f"{name}: {exc}", code="invalid_date",
                      errors=[{"loc": ["query", name], "msg": str(exc), "type": "value_error"}]) from None
