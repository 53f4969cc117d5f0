import datetime as dt
from enum import StrEnum

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from actionplan.core.types import UTCDateTime, utcnow


class MeasureUnit(StrEnum):
    percent = "percent"
    count = "count"
    days = "days"


class Measure(SQLModel, table=True):
    """A key performance indicator, e.g. "% of audits rated at least good", of an action or of an area as a
    whole. `area_id` is always set (an action's measure is in its action's area); `action_id` is None for
    an area's own measure. `position` orders the measures of one action, or the area's own."""

    id: int | None = Field(default=None, primary_key=True)
    action_id: int | None = Field(default=None, foreign_key="action.id", index=True)
    area_id: int = Field(foreign_key="area.id", index=True)
    position: int = 1
    name: str = Field(max_length=300)
    unit: str = Field(default=MeasureUnit.percent, max_length=20)
    direction: str = Field(default="higher", max_length=10)
    # Beyond the trajectory: the gap within which a reading is on track (None: 5% of the span).
    tolerance: float | None = None
    # An undated aim after the last dated target ("then working towards 100%"): shown, never judged.
    aim_value: float | None = None
    aim_text: str | None = Field(default=None, sa_type=Text)
    version: int = 1


class MeasureBaseline(SQLModel, table=True):
    """Where a measure started; a measure may have several (1.4: 47% in Oct 2018, then 35% in Jan 2019)."""

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True)
    taken_on: dt.date
    value: float
    period: str | None = Field(default=None, max_length=100)
    text: str | None = Field(default=None, sa_type=Text)


class MeasureTarget(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True)
    due_on: dt.date
    value: float
    text: str | None = Field(default=None, sa_type=Text)


class MeasureReading(SQLModel, table=True):
    """One version of a reading. A correction adds a version (with its reason) and marks the one it
    replaces superseded; no version is ever changed otherwise or deleted. `entry_id` is the id of
    a reading's first version: the id the API shows for the reading through all its versions."""

    __table_args__ = (Index("ix_measurereading_measure_current", "measure_id", "superseded_at"),)

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True)
    entry_id: int | None = Field(default=None, index=True)
    version_no: int = 1
    taken_on: dt.date
    period: str | None = Field(default=None, max_length=100)
    value: float
    source: str | None = Field(default=None, max_length=300)
    note: str | None = Field(default=None, sa_type=Text)
    correction_reason: str | None = Field(default=None, sa_type=Text)
    recorded_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    recorded_by_label: str = Field(default="", max_length=300)
    recorded_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    superseded_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
