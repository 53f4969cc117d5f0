import datetime as dt

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from actionplan.core.types import UTCDateTime, utcnow


class AuditEvent(SQLModel, table=True):
    """Append-only; each row's hash covers its content and the previous row's hash."""

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor_id: int | None = Field(default=None, foreign_key="app_user.id")
    actor_label: str = Field(max_length=254, description="Who acted, as shown; 'cli' for the command line.")
    operation: str = Field(max_length=60)
    object_type: str = Field(max_length=40)
    object_id: str = Field(max_length=40)
    before: dict | None = Field(default=None, sa_column=Column(JSON))
    after: dict | None = Field(default=None, sa_column=Column(JSON))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)
