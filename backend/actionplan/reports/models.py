import datetime as dt

from sqlalchemy import Column, String, Text
from sqlmodel import Field, SQLModel

from actionplan.core.types import UTCDateTime, utcnow


class PackRendering(SQLModel, table=True):
    """A board pack's PDF, laid out once by a background job and kept as a file under the data directory.

    `key` names exactly what was laid out (the format, the renderer's version and the SHA-256 of the
    pack's JSON), and is unique: however many requests and servers ask for the same pack at once, one
    row and one job exist for it. `pending` while a job is to make it (`document` holds the pack's JSON
    until then), `ready` once the file is in place (its size and SHA-256 kept here), `failed` when the
    last attempt failed (`error` names the exception's class)."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=120, unique=True)
    state: str = Field(default="pending", sa_column=Column(String(20), nullable=False))
    document: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    job_id: int | None = None   # the latest job asked to make it (no foreign key: finished jobs are forgotten)
    size_bytes: int | None = None
    sha256: str | None = Field(default=None, max_length=64)
    error: str | None = Field(default=None, max_length=200)
    requested_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    rendered_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
