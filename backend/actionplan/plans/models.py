import datetime as dt

from sqlalchemy import JSON, Column, String, Text, UniqueConstraint
from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField
from sqlmodel import Field, SQLModel

from actionplan.actions.models import ActionPublic, UserRef
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
