"""An uploaded board pack workbook, kept with the preview of what it would change."""

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON, Column, LargeBinary, String
from sqlmodel import Field, SQLModel

from actionplan.core.types import UTCDateTime, utcnow


class ImportState(StrEnum):
    previewed = "previewed"     # nothing applied: the preview waits for its uploader to confirm
    applied = "applied"         # every change went through the workflow, in one transaction


class WorkbookImport(SQLModel, table=True):
    __tablename__ = "workbook_import"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    uploaded_by_id: int = Field(foreign_key="app_user.id", index=True)
    uploaded_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    filename: str = Field(default="", max_length=300)
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    state: str = Field(default=ImportState.previewed, sa_column=Column(String(20), nullable=False))
    # A fingerprint of the plan's actions and pending requests when the preview was made: applying needs it unchanged.
    plan_state: str = Field(max_length=64)
    preview: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    applied_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
