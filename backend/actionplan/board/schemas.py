"""Request and response bodies of the board routes. Request bodies are strict: unknown fields are refused."""

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from actionplan.actions.models import UserRef
from actionplan.board.models import CommentaryState, MeetingState
from actionplan.core.params import MAX_ID, ClockTime, DateText

_SOMETHING = r"\S"
Title = Annotated[str, StringConstraints(max_length=300)]
LongText = Annotated[str, StringConstraints(max_length=20_000)]
Words = Annotated[str, StringConstraints(min_length=1, max_length=20_000, pattern=_SOMETHING)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ForumPublic(BaseModel):
    id: int
    slug: str
    name: str
    description: str
    cadence: str
    receives_commentary: bool = Field(description="Area leads write a commentary for each of its meetings.")


class ForumRef(BaseModel):
    id: int
    slug: str
    name: str


class MeetingRef(BaseModel):
    id: int
    held_on: dt.date
    title: str
    forum: ForumRef


class MeetingCreate(_Body):
    forum_id: Id
    held_on: DateText = Field(description="The day of the meeting.")
    start_time: ClockTime | None = Field(default=None, description="e.g. 14:00, in council time.")
    title: Title = ""
    location: Title = ""
    attendees: LongText = Field(default="", description="Who attends, as free text.")
    papers: LongText = Field(default="", description="The papers: agenda, reports circulated.")
    notes: LongText = Field(default="", description="Notes or minutes, usually written after the meeting.")


class MeetingUpdate(_Body):
    """Only the fields sent change. Once the papers are closed, the day, time and papers stay as they were."""

    held_on: DateText = Field(default=None)  # type: ignore[assignment]
    start_time: ClockTime | None = Field(default=None)
    title: Title = Field(default=None)  # type: ignore[assignment]
    location: Title = Field(default=None)  # type: ignore[assignment]
    attendees: LongText = Field(default=None)  # type: ignore[assignment]
    papers: LongText = Field(default=None)  # type: ignore[assignment]
    notes: LongText = Field(default=None)  # type: ignore[assignment]


class MeetingPublic(BaseModel):
    id: int
    plan_id: int
    forum: ForumRef
    held_on: dt.date
    start_time: ClockTime | None
    title: str
    location: str
    attendees: str
    papers: str
    notes: str
    state: MeetingState = Field(description="scheduled, then papers_closed: the pack is frozen as it stood.")
    papers_closed_at: dt.datetime | None
    papers_closed_by: UserRef | None
    previous: MeetingRef | None = Field(description="The forum's meeting on this plan before this one: its report "
                                                    "shows changes since that meeting's day.")
    version: int
    updated_at: dt.datetime


class PreviousMeeting(BaseModel):
    meeting: MeetingRef | None = Field(description="The forum's latest meeting on the plan held before the day.")
    since: dt.date | None = Field(description="The day a report's changes are counted from: that meeting's day, "
                                              "or, with no meeting before, the day the plan was issued.")


class MeetingsPage(BaseModel):
    items: list[MeetingPublic]
    total: int


class AreaRefPublic(BaseModel):
    id: int
    number: int
    title: str
    lead: UserRef | None


class CommentaryVersionPublic(BaseModel):
    version: int
    text: str
    state: CommentaryState
    written_by: UserRef | None
    written_at: dt.datetime
    reviewed_by: UserRef | None
    reviewed_at: dt.datetime | None
    returned_reason: str | None
    published_by: UserRef | None
    published_at: dt.datetime | None


class CommentaryPublic(BaseModel):
    id: int
    plan_id: int
    meeting_id: int
    area: AreaRefPublic
    state: CommentaryState = Field(description="The state of its latest version you may see.")
    current: CommentaryVersionPublic = Field(description="Its latest version you may see.")
    published: CommentaryVersionPublic | None = Field(
        description="Its latest published version: what the board pack and inspectors read.")
    versions: list[CommentaryVersionPublic] = Field(description="Every version you may see, oldest first.")
    etag_version: int = Field(description="Moves with every new text or state; the ETag carries it.")


class AreaCommentary(BaseModel):
    area: AreaRefPublic
    commentary: CommentaryPublic | None = Field(description="Null until its lead writes one (or, for those who "
                                                            "see only published commentary, until one is published).")


class CommentaryWrite(_Body):
    text: Words = Field(description="The whole commentary: every save is a new version, the earlier ones kept.")


class CommentaryReturn(_Body):
    reason: Words = Field(description="What the author should change.")


class CommentaryQueueItem(BaseModel):
    commentary: CommentaryPublic
    meeting: MeetingPublic
    waiting_for: Literal["review", "publication"]


class DecisionCreate(_Body):
    text: Words = Field(description="What the meeting decided, or the action arising.")
    owner_id: Id | None = Field(default=None, description="Who follows it up (an officer), if it creates work.")
    due_on: DateText | None = Field(default=None, description="When the follow-up is due.")
    action_ids: list[Id] = Field(default=[], max_length=100, description="Actions of the plan it concerns.")
    area_ids: list[Id] = Field(default=[], max_length=50, description="Areas of the plan it concerns.")


class DecisionUpdate(_Body):
    """Only the fields sent change; `action_ids` and `area_ids`, when sent, replace the lists."""

    text: Words = Field(default=None)  # type: ignore[assignment]
    owner_id: Id | None = None
    due_on: DateText | None = None
    done_on: DateText | None = Field(default=None, description="The day the follow-up was done; null if not yet.")
    action_ids: list[Id] = Field(default=None, max_length=100)  # type: ignore[assignment]
    area_ids: list[Id] = Field(default=None, max_length=50)  # type: ignore[assignment]


class ActionLinkPublic(BaseModel):
    id: int
    ref: str


class AreaLinkPublic(BaseModel):
    id: int
    number: int
    title: str


class DecisionPublic(BaseModel):
    id: int
    plan_id: int
    meeting: MeetingRef
    number: int = Field(description="Its order among the meeting's decisions.")
    text: str
    owner: UserRef | None
    due_on: dt.date | None
    done_on: dt.date | None
    recorded_by: UserRef | None
    recorded_at: dt.datetime
    actions: list[ActionLinkPublic]
    areas: list[AreaLinkPublic]
    version: int
