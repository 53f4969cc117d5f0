import datetime as dt

from sqlalchemy import JSON, Column, String, Text, UniqueConstraint
from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField
from sqlmodel import Field, SQLModel

from actionplan.actions.models import ActionPublic, UserRef
from actionplan.core.params import DateText
from actionplan.core.types import UTCDateTime, utcnow


class Plan(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(sa_column=Column(String(80), unique=True, nullable=False))
    title: str = Field(max_length=300)
    organisation: str = Field(max_length=200)
    issued: str = Field(max_length=100)
    issued_on: dt.date | None = Field(default=None, description="The day the plan as written was issued.")
    context: str = Field(sa_type=Text)
    key_dates: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    legend: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    acronyms: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    published_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime,
                                             description="When the director published it to inspectors.")
    published_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class Area(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    number: int
    title: str = Field(sa_type=Text)
    target_heading: str = Field(max_length=100)
    outcomes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    lead_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class KeyDatePublic(SQLModel):
    label: str
    date: dt.date


class LegendEntryPublic(SQLModel):
    status: str
    label: str
    letter: str
    meaning: str


class AcronymPublic(SQLModel):
    term: str
    meaning: str


class AreaSummary(SQLModel):
    id: int
    plan_id: int
    number: int
    title: str
    lead: UserRef | None
    action_count: int
    status_counts: dict[str, int] = Field(description="Actions per status: not_started, red, amber, green, blue.")


class AreaPublic(AreaSummary):
    target_heading: str
    outcomes: list[str]
    actions: list[ActionPublic]


class PlanSummary(SQLModel):
    id: int
    slug: str
    title: str
    organisation: str
    issued: str
    published_at: dt.datetime | None = Field(description="When the director published it to inspectors; null if not.")
    updated_at: dt.datetime


class PlanPublic(PlanSummary):
    context: str
    key_dates: list[KeyDatePublic]
    legend: list[LegendEntryPublic]
    acronyms: list[AcronymPublic]
    areas: list[AreaSummary]
    last_activity_on: dt.date | None = Field(
        description="The latest day anything happened on the plan: an approved status change, a progress note, or "
                    "the day a measure's reading is for (none yet: null). The dashboard ends its chart there when "
                    "it is long past (a plan played back, or one no longer worked on).")


class PlansPage(SQLModel):
    items: list[PlanSummary]
    total: int
    limit: int
    offset: int


class AreaLeadUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    lead_id: int | None = PydanticField(ge=1, le=2_147_483_647, description="A Head of Service; null clears the lead.")


class PlanVersion(SQLModel, table=True):
    """One baseline of a plan: version 1 as imported (the plan as submitted), then each re-baseline.

    `document` holds every action in the plan as of this version (what the diff compares); it is
    written once and never changed, so any two versions can be compared however the plan moves on.
    """

    __tablename__ = "plan_version"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    number: int
    effective_on: dt.date = Field(description="The day this version took effect (version 1: the day it was issued).")
    made_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    made_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    source: str = Field(sa_column=Column(String(20), nullable=False))
    reason: str = Field(sa_type=Text)
    document: dict = Field(sa_column=Column(JSON, nullable=False))


class VersionRef(SQLModel):
    number: int
    effective_on: dt.date


class PlanVersionSummary(VersionRef):
    made_at: dt.datetime
    made_by: UserRef | None = Field(description="Who made it; null for the first import or the command line.")
    source: str = Field(description="import (the plan file at first import), rebaseline_api or rebaseline_cli.")
    reason: str
    action_count: int = Field(description="Actions in the plan as of this version (retired ones not counted).")


class VersionAction(SQLModel):
    action_id: int
    ref: str
    area_number: int
    text: str
    target: str
    due_on: dt.date | None = Field(description="The due date as planned in this version.")


class PlanVersionPublic(PlanVersionSummary):
    plan_id: int
    actions: list[VersionAction]


class ActionChange(SQLModel):
    action_id: int
    ref: str
    area_number: int
    text: str = Field(description="The wording in the later version (the earlier one for a retired action).")
    before: str | None = Field(None, description="The earlier wording, target or due date, where one changed.")
    after: str | None = Field(None, description="The later wording, target or due date, where one changed.")


class VersionDiff(SQLModel):
    plan_id: int
    from_version: VersionRef
    to_version: VersionRef
    added: list[ActionChange]
    retired: list[ActionChange]
    reworded: list[ActionChange]
    target_moved: list[ActionChange] = Field(description="The target or timescale text changed.")
    due_moved: list[ActionChange] = Field(description="The due date as planned moved (ISO dates in before/after).")


class RebaselineCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    reason: str = PydanticField(min_length=1, max_length=2000,
                                description="Why the plan is re-baselined, e.g. after which monitoring visit.")
    effective_on: DateText | None = PydanticField(
        None, description="The day the new version takes effect (default today). Not before the current version's.")
    file: str = PydanticField(min_length=1, max_length=1_000_000,
                              description="The changed plan file (YAML or JSON), in the import format. The whole "
                                          "request is limited in bytes too (1 MiB by default: 413 beyond).")
