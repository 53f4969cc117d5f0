"""Request and response bodies of the measure routes. Request bodies are strict: a number must be
a number, unknown fields are refused."""

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from actionplan.actions.models import ActionStatus, UserRef
from actionplan.core.params import DateText
from actionplan.measures.models import MeasureUnit
from actionplan.measures.rules import Direction, Verdict

Figure = Annotated[float, Field(allow_inf_nan=False, ge=0, le=1e12)]
# Text must hold something other than spaces (a search, as JSON Schema's pattern is); the plan file's
# format, which every definition also passes through, trims it.
_SOMETHING = r"\S"
Words = Annotated[str, StringConstraints(min_length=1, max_length=300, pattern=_SOMETHING)]
Note = Annotated[str, StringConstraints(min_length=1, max_length=10_000, pattern=_SOMETHING)]
Period = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=_SOMETHING)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class BaselineIn(_Body):
    value: Figure
    date: DateText = Field(description="The day the figure stands for.")
    period: Period | None = Field(default=None, description='e.g. "Q3 2018"')
    text: Note | None = None


class TargetIn(_Body):
    value: Figure
    due_on: DateText
    text: Note | None = None


class MeasureCreate(_Body):
    name: Words
    unit: MeasureUnit = Field(strict=False)
    direction: Direction = Field(default=Direction.higher, strict=False, description="Which way is better.")
    baselines: list[BaselineIn] = Field(default=[], max_length=50)
    targets: list[TargetIn] = Field(default=[], max_length=50, description="Dated targets: the trajectory.")
    aim: Figure | None = Field(default=None, description="An undated aim after the last target, e.g. 100.")
    aim_text: Note | None = None
    tolerance: Annotated[float, Field(ge=0, le=1e12, allow_inf_nan=False)] | None = Field(
        default=None, description="How far from the trajectory still counts as on track (default: 5% of its span).")


class MeasureUpdate(_Body):
    """Only the fields sent change; `baselines` and `targets`, when sent, replace the lists. Only `aim`,
    `aim_text` and `tolerance` may be cleared with null."""

    # Left out, these stay as they are; they cannot be null (a measure always has a name, unit, direction).
    name: Words = Field(default=None)  # type: ignore[assignment]
    unit: MeasureUnit = Field(default=None, strict=False)  # type: ignore[assignment]
    direction: Direction = Field(default=None, strict=False)  # type: ignore[assignment]
    baselines: list[BaselineIn] = Field(default=None, max_length=50)  # type: ignore[assignment]
    targets: list[TargetIn] = Field(default=None, max_length=50)  # type: ignore[assignment]
    aim: Figure | None = None
    aim_text: Note | None = None
    tolerance: Annotated[float, Field(ge=0, le=1e12, allow_inf_nan=False)] | None = None


class ReadingCreate(_Body):
    value: Figure
    taken_on: DateText = Field(description="The day the figure stands for (the end of its period); not in the future.")
    period: Period | None = Field(default=None, description='The period it covers, e.g. "Q1 2019/20".')
    source: Words | None = Field(default=None, description='Where it comes from, e.g. "Mosaic weekly report".')
    note: Note | None = None


class ReadingCorrection(ReadingCreate):
    reason: Note = Field(description="Why the figure is corrected; kept with the new version.")


class BaselinePublic(BaseModel):
    value: float
    date: dt.date
    period: str | None
    text: str | None


class TargetPublic(BaseModel):
    value: float
    due_on: dt.date
    text: str | None


class ReadingVersionPublic(BaseModel):
    version: int
    value: float
    taken_on: dt.date
    period: str | None
    source: str | None
    note: str | None
    correction_reason: str | None = Field(description="Why this version replaced the one before (none for the first).")
    recorded_by: UserRef | None
    recorded_by_label: str = Field(description="Who entered it: a person's name or a service token's name.")
    recorded_at: dt.datetime
    superseded_at: dt.datetime | None = Field(description="When a correction replaced it; none for the current one.")


class ReadingPublic(ReadingVersionPublic):
    id: int = Field(description="The reading's id, the same through all its versions.")
    measure_id: int
    corrected: bool = Field(description="It has been corrected at least once: its earlier versions are kept.")


class ReadingDetail(ReadingPublic):
    versions: list[ReadingVersionPublic] = Field(description="Every version, the first first.")


class TrajectoryPublic(BaseModel):
    """The latest reading against the line from the latest baseline through the dated targets."""

    verdict: Verdict
    judged_on: dt.date | None = Field(description="The day of the reading judged.")
    expected: float | None = Field(description="Where the line stands on that day.")
    gap: float | None = Field(description="Reading minus expected, in the measure's unit, signed so that + is better.")
    tolerance: float | None = Field(description="Within this gap the measure is on track.")
    suggested_rag: ActionStatus | None = Field(
        description="green (ahead or on track), amber (behind by up to twice the tolerance) or red (further behind). "
                    "A suggestion beside the approved status, never applied by itself; Blue is never suggested "
                    "(it needs accepted evidence and sign-off).")


class MeasurePublic(BaseModel):
    id: int
    action_id: int | None = Field(description="The action it measures; none for a measure of the area as a whole.")
    action_ref: str | None
    area_id: int = Field(description="The area it belongs to: the action's, or the area it measures as a whole.")
    area_number: int
    plan_id: int
    name: str
    unit: MeasureUnit
    direction: Direction
    tolerance: float | None
    aim: float | None
    aim_text: str | None
    baselines: list[BaselinePublic]
    targets: list[TargetPublic]
    latest_reading: ReadingPublic | None = Field(description="The reading with the latest date.")
    trajectory: TrajectoryPublic
    approved_status: ActionStatus | None = Field(
        description="The action's approved status, shown beside the suggestion; none for an area's measure.")
    version: int = Field(description="Changes with every change to the measure or its readings; its ETag.")


class MeasureDetail(MeasurePublic):
    readings: list[ReadingDetail] = Field(description="Every reading as it stands, by date, each with its versions "
                                                      "(as they stood at `as_of`, when read as at a moment).")
