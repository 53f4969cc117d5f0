import datetime as dt

from sqlmodel import Field, SQLModel

from actionplan.core.types import UTCDateTime, utcnow


class Measure(SQLModel, table=True):
    """A key performance indicator of an action, e.g. "% of audits rated good"."""

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    name: str = Field(max_length=300)
    unit: str = Field(default="%", max_length=20)
    baseline_value: float | None = None
    baseline_on: dt.date | None = None


class MeasureTarget(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True)
    due_on: dt.date
    value: float


class MeasureReading(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True)
    taken_on: dt.date
    value: float
    recorded_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    recorded_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
