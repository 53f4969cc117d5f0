"""Governance forums and their meetings: what each meeting saw (a snapshot frozen when its papers
close) and decided, and the area leads' commentary written for the improvement board.

The forums are data (seeded by the migration, one row each), not code: a council adds its own.
"""

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON, Column, String, Text, UniqueConstraint, false, true
from sqlmodel import Field, SQLModel

from actionplan.core.types import UTCDateTime, utcnow


class MeetingState(StrEnum):
    scheduled = "scheduled"
    papers_closed = "papers_closed"     # the pack is frozen: the meeting's snapshot exists


class CommentaryState(StrEnum):
    draft = "draft"
    reviewed = "reviewed"               # an assistant director (not its author) read and accepted it
    published = "published"             # reaches the board pack and inspectors
    returned = "returned"               # sent back to its author with a reason; they write a new version
    superseded = "superseded"           # a later version was written before this one was published


class Forum(SQLModel, table=True):
    """A governance forum the plan reports to (the improvement board, Cabinet, scrutiny...)."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(sa_column=Column(String(80), unique=True, nullable=False))
    name: str = Field(max_length=200)
    description: str = Field(default="", sa_type=Text)
    cadence: str = Field(default="", max_length=100)
    position: int = 1
    # Area leads write a commentary for each of its meetings (the improvement board).
    receives_commentary: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    active: bool = Field(default=True, sa_column_kwargs={"server_default": true()})


class Meeting(SQLModel, table=True):
    """A meeting of a forum about one plan: scheduled, then its papers closed (the pack frozen)."""

    id: int | None = Field(default=None, primary_key=True)
    forum_id: int = Field(foreign_key="forum.id", index=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    held_on: dt.date = Field(index=True)
    start_time: dt.time | None = None
    title: str = Field(default="", max_length=300)
    location: str = Field(default="", max_length=300)
    attendees: str = Field(default="", sa_type=Text)
    papers: str = Field(default="", sa_type=Text)       # what was circulated: agenda, reports
    notes: str = Field(default="", sa_type=Text)        # minutes, written after the meeting
    state: str = Field(default=MeetingState.scheduled, sa_column=Column(String(20), nullable=False, index=True))
    papers_closed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    papers_closed_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    version: int = 1
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MeetingSnapshot(SQLModel, table=True):
    """What a meeting saw: the board pack as it stood when its papers closed. Written once, never changed;
    the meeting's pack is always rendered from `document`, whose SHA-256 is kept beside it."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", sa_column_kwargs={"unique": True})
    taken_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    since: dt.date | None = None                        # "changes since": the forum's previous meeting
    kind: str = Field(default="boardpack", max_length=40)
    document: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    sha256: str = Field(max_length=64)


class MeetingDecision(SQLModel, table=True):
    """A decision of a meeting, or an action arising from it (with an owner and a due date)."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    number: int = 1
    text: str = Field(sa_type=Text)
    owner_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    due_on: dt.date | None = None
    done_on: dt.date | None = None
    recorded_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    recorded_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = 1
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class DecisionLink(SQLModel, table=True):
    """An action or an area a decision concerns (exactly one of the two)."""

    id: int | None = Field(default=None, primary_key=True)
    decision_id: int = Field(foreign_key="meetingdecision.id", index=True)
    action_id: int | None = Field(default=None, foreign_key="action.id", index=True)
    area_id: int | None = Field(default=None, foreign_key="area.id", index=True)


class Commentary(SQLModel, table=True):
    """An area's commentary for one meeting of a forum that receives commentary; its text and states are
    CommentaryVersion rows (history is never overwritten)."""

    __table_args__ = (UniqueConstraint("meeting_id", "area_id"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    area_id: int = Field(foreign_key="area.id", index=True)
    version: int = 1                                    # the ETag's: every new text or state moves it
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CommentaryVersion(SQLModel, table=True):
    """One text of a commentary, with what became of it. A text is never edited: writing again adds a version."""

    __table_args__ = (UniqueConstraint("commentary_id", "version_no"),)

    id: int | None = Field(default=None, primary_key=True)
    commentary_id: int = Field(foreign_key="commentary.id", index=True)
    version_no: int
    text: str = Field(sa_type=Text)
    state: str = Field(default=CommentaryState.draft, sa_column=Column(String(20), nullable=False, index=True))
    written_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    written_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    reviewed_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    reviewed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    returned_reason: str | None = Field(default=None, sa_type=Text)
    published_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    published_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
