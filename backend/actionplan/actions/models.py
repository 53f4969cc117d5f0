import datetime as dt
from enum import StrEnum
from typing import Literal

from sqlalchemy import JSON, Column, Index, String, Text, UniqueConstraint, false, text
from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField
from sqlmodel import Field, SQLModel

from actionplan.core.types import UTCDateTime, utcnow


class Action(SQLModel, table=True):
    # The plan's printed order (with area (plan_id, number)): a page of a plan's actions without a sort.
    __table_args__ = (UniqueConstraint("plan_id", "ref"),
                      Index("ix_action_area_position_id", "area_id", "position", "id"))

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    area_id: int = Field(foreign_key="area.id", index=True)
    ref: str = Field(max_length=20)
    printed_ref: str | None = Field(default=None, max_length=20)
    position: int = Field(description="Order within the area, as printed.")
    text: str = Field(sa_type=Text)
    target_text: str = Field(sa_type=Text)
    owner_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    # The approved status; every change to it is a StatusChange row (history is never overwritten).
    status: str = Field(default="not_started", sa_column=Column(String(20), nullable=False, index=True))
    due_on: dt.date | None = Field(default=None, index=True)
    # The due date as planned; due_on moves only by an approved Reschedule.
    original_due_on: dt.date | None = None
    # The legend's "Blue*": completed, and will be ongoing for future, so it is still reviewed.
    continuing_review: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # A repeating target as the plan states it; its occurrences are Milestone rows marked recurring.
    recurrence: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # The positions (from 1) of its area's outcomes it serves, where the plan makes that clear; None: not linked.
    outcomes: list | None = Field(default=None, sa_column=Column("serves_outcomes", JSON, nullable=True))
    # Months without an update after which an action with no dated target to judge it is stale.
    review_every_months: int | None = None
    # The plan version that brought it in (1: the plan as imported), and the one whose re-baseline left it
    # out (None: still in the plan): a retired action is kept with its history, never deleted.
    added_in_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    retired_in_version: int | None = Field(default=None, index=True)
    version: int = 1
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class Milestone(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    position: int
    due_on: dt.date
    text: str = Field(sa_type=Text)
    target_value: float | None = None
    recurring: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # The plan itself states it met ("Dec 2018 completed"); otherwise an update in its period meets it.
    met_on: dt.date | None = None
    # Recorded met by someone who works on the action (the quarterly report went to the board), with a
    # note; set once (audited), never changed. Separate from met_on, which is the plan's own word.
    met_recorded_on: dt.date | None = None
    met_note: str | None = Field(default=None, sa_type=Text)
    met_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    met_recorded_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


# A partial unique index (SQLite and PostgreSQL both have them): unique among pending rows only.
ONE_PENDING = {"sqlite_where": text("state = 'pending'"), "postgresql_where": text("state = 'pending'")}


class StatusChange(SQLModel, table=True):
    """A proposed or recorded change of an action's status, with its decision.

    state: pending → approved | rejected | withdrawn | returned (for more information; the
    author may then resubmit, which makes it pending again). Rows are never deleted.
    """

    # Reading a status or due date "as at" a moment seeks on this per action (the id breaks ties
    # in the index itself, so nothing is sorted); and one proposal
    # per action waits at a time, whichever path (propose, resubmit) and however concurrent.
    __table_args__ = (Index("ix_statuschange_action_decided_id", "action_id", "decided_at", "id"),
                      Index("uq_statuschange_one_pending", "action_id", unique=True, **ONE_PENDING))

    id: int | None = Field(default=None, primary_key=True)
    version: int = 1
    action_id: int = Field(foreign_key="action.id", index=True)
    from_status: str = Field(max_length=20)
    to_status: str = Field(max_length=20)
    state: str = Field(default="pending", sa_column=Column(String(20), nullable=False, index=True))
    commentary: str = Field(default="", sa_type=Text)
    exception_reason: str | None = Field(default=None, sa_type=Text)
    exception_mitigation: str | None = Field(default=None, sa_type=Text)
    revised_due_on: dt.date | None = None
    proposed_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    proposed_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    decided_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    on_behalf_of_id: int | None = Field(default=None, foreign_key="app_user.id")
    decided_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    decision_note: str | None = Field(default=None, sa_type=Text)
    # Who stated it: a person's proposal and decision, a status carried by an imported file, or
    # the plan as published (no person decided those two).
    source: str = Field(default="person", sa_column=Column(String(20), nullable=False, server_default="person"))


class Reschedule(SQLModel, table=True):
    """A request to move an action's due date; it moves only when approved."""

    # Reading a status or due date "as at" a moment seeks on this per action; one waits at a time.
    __table_args__ = (Index("ix_reschedule_action_decided_id", "action_id", "decided_at", "id"),
                      Index("uq_reschedule_one_pending", "action_id", unique=True, **ONE_PENDING))

    id: int | None = Field(default=None, primary_key=True)
    version: int = 1
    action_id: int = Field(foreign_key="action.id", index=True)
    from_due_on: dt.date | None = None
    to_due_on: dt.date
    reason: str = Field(sa_type=Text)
    state: str = Field(default="pending", sa_column=Column(String(20), nullable=False, index=True))
    proposed_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    proposed_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    decided_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    on_behalf_of_id: int | None = Field(default=None, foreign_key="app_user.id")
    decided_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    decision_note: str | None = Field(default=None, sa_type=Text)


class ProgressNote(SQLModel, table=True):
    """Progress recorded on an action by its owner (or someone who may work on it)."""

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    author_id: int | None = Field(default=None, foreign_key="app_user.id")
    text: str = Field(sa_type=Text)
    recorded_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ActionStatus(StrEnum):
    """The seed's RAG+Blue legend, plus the state of an action nobody has rated yet."""

    not_started = "not_started"
    red = "red"
    amber = "amber"
    green = "green"
    blue = "blue"


class UserRef(SQLModel):
    id: int
    name: str


class MilestonePublic(SQLModel):
    id: int
    due_on: dt.date
    text: str
    target_value: float | None
    recurring: bool = Field(description="One occurrence of a repeating target.")
    state: Literal["met", "missed", "due"] = Field(
        description="met: the plan states it met, someone recorded it met, or (an occurrence of a repeating "
                    "target) an update was recorded in its period (since the one before); missed: its day passed "
                    "without; due: still to come.")
    met_on: dt.date | None = Field(description="The day it was met, as the plan states it or as recorded.")
    met_note: str | None = Field(description="What the person who recorded it met wrote.")
    met_by: UserRef | None = Field(description="Who recorded it met (none when the plan states it).")


class ActionPublic(SQLModel):
    id: int
    plan_id: int
    area_id: int
    area_number: int
    ref: str
    printed_ref: str | None
    text: str
    target_text: str
    status: ActionStatus
    owner: UserRef | None
    due_on: dt.date | None = Field(description="When the action should be complete: the last dated milestone, "
                                               "or the date of the last approved re-schedule.")
    original_due_on: dt.date | None = Field(description="The due date as first planned.")
    rescheduled: bool = Field(description="The due date was moved by an approved re-schedule.")
    next_due_on: dt.date | None = Field(description="The first milestone on or after today, if any.")
    overdue: bool = Field(description="Due date passed and not yet Blue. The occurrences of a repeating target are "
                                      "judged one by one (see `missed_occurrences`), never the action as a whole.")
    missed_occurrences: int = Field(description="Occurrences of its repeating target whose day passed unmet.")
    continuing_review: bool = Field(description="Blue, and ongoing for future: still reviewed (the legend's Blue*).")
    review_every_months: int | None = Field(description="How often it is reviewed when no dated target says when "
                                                        "it is done.")
    last_update_on: dt.date = Field(description="The last progress note or approved status change, or the day the "
                                                "plan was issued.")
    stale: bool = Field(description="Reviewed every so many months, and no update for longer than that.")
    milestones: list[MilestonePublic]
    outcomes: list[int] = Field(description="The area's outcomes it serves, by position in the area's `outcomes` (from "
                                            "1), where the plan makes that clear; empty when it does not.")
    retired_in_version: int | None = Field(
        description="The plan version whose re-baseline retired it (kept with its history); null while in the plan.")
    updated_at: dt.datetime
    version: int = Field(description="Changes with every change to the action; its ETag is built from it.")


class ActionsPage(SQLModel):
    items: list[ActionPublic]
    total: int | None = Field(description="How many actions match in all, when asked for with `count=true`; "
                                          "otherwise null (counting reads every matching action).")
    has_more: bool = Field(description="Whether another page follows this one (offset + limit).")
    limit: int
    offset: int


class ActionOwnerUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    owner_id: int | None = PydanticField(ge=1, le=2_147_483_647, description="null clears the owner.")
