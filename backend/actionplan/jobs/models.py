import datetime as dt

from sqlalchemy import JSON, Column, String
from sqlmodel import Field, SQLModel

from actionplan.core.types import UTCDateTime, utcnow


class Job(SQLModel, table=True):
    """One run of a background job. While `running`, `run_at` is the end of the claiming worker's
    lease: once it passes, another worker may claim the job again."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, index=True)
    payload: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # A periodic job's "<name>@<slot start>": the unique constraint lets one worker schedule each slot.
    slot_key: str | None = Field(default=None, max_length=160, unique=True, index=True)
    state: str = Field(default="pending", sa_column=Column(String(20), nullable=False, index=True))
    run_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    attempts: int = 0
    claimed_by: str | None = Field(default=None, max_length=40)
    last_error: str | None = Field(default=None, max_length=200)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    finished_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
