import datetime as dt

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from actionplan.core.types import UTCDateTime, utcnow


class Notification(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    kind: str = Field(max_length=60)
    title: str = Field(max_length=300)
    body: str = Field(default="", sa_type=Text)
    action_id: int | None = Field(default=None, foreign_key="action.id")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    read_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    emailed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
