import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from actionplan.actions.models import UserRef

ChangeKind = Literal["status", "due_date", "owner", "progress"]


class WorkbookChange(BaseModel):
    """One change the workbook makes to one action, as it would go through the workflow."""

    kind: ChangeKind = Field(description="status: a status proposal (never an approval); due_date: a request for "
                                         "a new due date; owner: a new owner; progress: commentary recorded as a "
                                         "progress note.")
    action_id: int
    ref: str
    row: int = Field(description="The row of the Actions sheet.")
    column: str = Field(description="The column's letter, as Excel shows it.")
    from_value: str | None = Field(description="What the plan has now, in words.")
    to_value: str | None = Field(description="What the workbook asks for, in words.")
    note: str | None = Field(None, description="The commentary sent with a proposal or a new date (its reason).")


class WorkbookProblem(BaseModel):
    """A cell that cannot be read, or a change the workflow refuses (a rule, or a permission)."""

    sheet: str
    row: int
    column: str = Field(description="The column's letter, as Excel shows it.")
    heading: str
    ref: str | None = None
    message: str


class WorkbookImportPublic(BaseModel):
    id: int
    plan_id: int
    filename: str
    uploaded_by: UserRef | None
    uploaded_at: dt.datetime
    state: Literal["previewed", "applied"]
    applied_at: dt.datetime | None = None
    rows_read: int = Field(description="Action rows read from the Actions sheet.")
    unchanged: int = Field(description="Rows that change nothing (or only what is already waiting for a decision).")
    changes: list[WorkbookChange]
    errors: list[WorkbookProblem]
    can_apply: bool = Field(description="Previewed, with changes and no errors. Applying is all or nothing.")
