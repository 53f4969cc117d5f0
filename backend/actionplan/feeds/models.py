import datetime as dt

from sqlmodel import Field, SQLModel

from actionplan.core.types import UTCDateTime, utcnow


class CalendarFeed(SQLModel, table=True):
    """A secret address of a calendar (RFC 5545): a person's own (plan_id empty) or a plan's board
    meetings. Only the token's hash is kept; renewing revokes the row and adds a new one."""

    __tablename__ = "calendar_feed"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    plan_id: int | None = Field(default=None, foreign_key="plan.id")
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
