"""Request and response bodies of the workflow routes. Request bodies are strict: a number
must be a number, unknown fields are refused."""

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from actionplan.actions.models import ActionStatus, UserRef
from actionplan.core.params import DateText

MAX_ID = 2_147_483_647
LongText = Field(max_length=10_000)


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ProposalCreate(_Body):
    to_status: ActionStatus = Field(strict=False)
    commentary: str = Field(max_length=10_000, description="What has happened; shown to approvers and the board.")
    exception_reason: str | None = Field(default=None, max_length=10_000, description="Red only: why it is off track.")
    exception_mitigation: str | None = Field(default=None, max_length=10_000,
                                             description="Red only: what is being done to recover.")
    revised_due_on: DateText | None = Field(default=None, description="Red only: the revised date.")


class ProposalResubmit(_Body):
    commentary: str = Field(max_length=10_000)
    exception_reason: str | None = Field(default=None, max_length=10_000)
    exception_mitigation: str | None = Field(default=None, max_length=10_000)
    revised_due_on: DateText | None = Field(default=None)


class Decision(_Body):
    decision: Literal["approve", "reject", "return"]
    note: str | None = Field(default=None, max_length=10_000, description="Required to reject or return.")
    on_behalf_of_id: int | None = Field(default=None, ge=1, le=MAX_ID,
                                        description="Deciding as the named approver's cover (delegation).")


class RescheduleDecision(_Body):
    decision: Literal["approve", "reject"]
    note: str | None = Field(default=None, max_length=10_000)
    on_behalf_of_id: int | None = Field(default=None, ge=1, le=MAX_ID)


class RescheduleCreate(_Body):
    to_due_on: DateText
    reason: str = Field(max_length=10_000)


class ProgressCreate(_Body):
    text: str = Field(max_length=10_000)


class MilestoneMet(_Body):
    met_on: DateText = Field(description="The day it was met (the report went, the practice week ended); not later "
                                         "than today.")
    note: str = Field(min_length=1, max_length=10_000, pattern=r"\S",
                      description="What shows it was met, e.g. the board meeting the report went to.")


class ProposalPublic(BaseModel):
    id: int
    version: int
    action_id: int
    action_ref: str
    plan_id: int
    from_status: ActionStatus
    to_status: ActionStatus
    state: Literal["pending", "approved", "rejected", "withdrawn", "returned"]
    commentary: str
    exception_reason: str | None
    exception_mitigation: str | None
    revised_due_on: dt.date | None
    proposed_by: UserRef | None
    proposed_at: dt.datetime
    decided_by: UserRef | None
    on_behalf_of: UserRef | None
    decided_at: dt.datetime | None
    decision_note: str | None
    source: Literal["person", "import", "published_plan"] = Field(
        description="person: proposed and decided by people; import: a status carried by an imported file; "
                    "published_plan: stated by the plan as published (no person decided it).")
    can_decide: bool = Field(description="Whether you may decide it now (the server still checks).")
    decide_as: UserRef | None = Field(description="When you may decide it only as someone's cover: whom. Send "
                                                  "their id as `on_behalf_of_id`.")


class ProposalsPage(BaseModel):
    items: list[ProposalPublic]
    total: int
    limit: int
    offset: int


class ReschedulePublic(BaseModel):
    id: int
    version: int
    action_id: int
    action_ref: str
    plan_id: int
    from_due_on: dt.date | None
    to_due_on: dt.date
    reason: str
    state: Literal["pending", "approved", "rejected"]
    proposed_by: UserRef | None
    proposed_at: dt.datetime
    decided_by: UserRef | None
    on_behalf_of: UserRef | None
    decided_at: dt.datetime | None
    decision_note: str | None
    can_decide: bool = Field(description="Whether you may decide it now (the server still checks).")
    decide_as: UserRef | None = Field(description="When you may decide it only as someone's cover: whom. Send "
                                                  "their id as `on_behalf_of_id`.")


class ReschedulesPage(BaseModel):
    items: list[ReschedulePublic]
    total: int
    limit: int
    offset: int


class ProgressPublic(BaseModel):
    id: int
    action_id: int
    author: UserRef | None
    text: str
    recorded_at: dt.datetime


class HistoryEntry(BaseModel):
    kind: Literal["proposal", "reschedule", "progress"]
    at: dt.datetime = Field(description="When it was proposed or recorded.")
    proposal: ProposalPublic | None = None
    reschedule: ReschedulePublic | None = None
    progress: ProgressPublic | None = None
