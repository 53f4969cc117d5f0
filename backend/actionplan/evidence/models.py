import datetime as dt

from sqlalchemy import Column, Index, String, Text, false, text
from sqlmodel import Field, SQLModel

from actionplan.core.types import UTCDateTime, utcnow


class Evidence(SQLModel, table=True):
    """A file or a link (URL, case-management record) that evidences one or more actions.

    The file fields describe the current version; every version, the current one included, is
    an EvidenceFile row. state: submitted → accepted | rejected; withdrawn; erased (content
    removed for data protection, the record kept).
    """

    id: int | None = Field(default=None, primary_key=True)
    version: int = 1
    plan_id: int = Field(foreign_key="plan.id", index=True)
    title: str = Field(max_length=300)
    description: str = Field(default="", sa_type=Text)
    kind: str = Field(sa_column=Column(String(10), nullable=False))  # "file" or "link"
    url: str | None = Field(default=None, max_length=2000)
    sha256: str | None = Field(default=None, max_length=64, index=True)
    size_bytes: int | None = None
    content_type: str | None = Field(default=None, max_length=100)
    filename: str | None = Field(default=None, max_length=255)
    effective_on: dt.date | None = None
    expires_on: dt.date | None = None
    contains_personal_data: bool = True
    state: str = Field(default="submitted", sa_column=Column(String(20), nullable=False, index=True))
    uploaded_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    uploaded_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    reviewed_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    reviewed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    review_note: str | None = Field(default=None, sa_type=Text)
    erased_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    erased_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    erasure_reason: str | None = Field(default=None, sa_type=Text)


class EvidenceFile(SQLModel, table=True):
    """One version of an evidence item's file; replacing a file adds a row, never changes one."""

    id: int | None = Field(default=None, primary_key=True)
    evidence_id: int = Field(foreign_key="evidence.id", index=True)
    version_no: int
    sha256: str | None = Field(default=None, max_length=64, index=True)  # None once erased
    size_bytes: int
    content_type: str = Field(max_length=100)
    filename: str = Field(max_length=255)
    uploaded_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    uploaded_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class EvidenceLink(SQLModel, table=True):
    """One evidence item can support several actions. The link made by the upload is its home: who
    may review, withdraw or replace the item is decided on that action alone (auth/permissions.py);
    the other links only show the item there."""

    __table_args__ = (Index("uq_evidencelink_one_home", "evidence_id", unique=True,
                            sqlite_where=text("home"), postgresql_where=text("home")),)

    evidence_id: int = Field(foreign_key="evidence.id", primary_key=True)
    action_id: int = Field(foreign_key="action.id", primary_key=True, index=True)
    linked_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    linked_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    home: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
