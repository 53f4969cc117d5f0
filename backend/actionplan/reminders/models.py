import datetime as dt

from sqlalchemy import Column, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from actionplan.core.types import UTCDateTime, utcnow

# Defaults for a plan whose reminder settings were never changed.
DEFAULT_CADENCE_MONTHS = 3
DEFAULT_LEAD_WORKING_DAYS = 5
DEFAULT_DUE_WITHIN_DAYS = 14
DEFAULT_WAITING_WORKING_DAYS = 5
DEFAULT_ESCALATE_AFTER_WORKING_DAYS = 3


class PlanReminderSettings(SQLModel, table=True):
    """When the plan's board meets, when updates are due before it, and when people are reminded."""

    __tablename__ = "plan_reminder_settings"

    plan_id: int = Field(foreign_key="plan.id", primary_key=True)
    board_first_meeting_on: dt.date | None = None
    board_cadence_months: int = DEFAULT_CADENCE_MONTHS
    update_lead_working_days: int = DEFAULT_LEAD_WORKING_DAYS
    due_within_days: int = DEFAULT_DUE_WITHIN_DAYS
    waiting_working_days: int = DEFAULT_WAITING_WORKING_DAYS
    escalate_after_working_days: int = DEFAULT_ESCALATE_AFTER_WORKING_DAYS
    version: int = 1
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id")


class ReminderPreference(SQLModel, table=True):
    """How a person wants to hear: in the app only, or in the app and by email. No row: by email too."""

    __tablename__ = "reminder_preference"

    user_id: int = Field(foreign_key="app_user.id", primary_key=True)
    email: bool = True
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ReminderSent(SQLModel, table=True):
    """One reminder or escalation given to one person for one occurrence of one reason.

    The unique key is what makes a run idempotent: a run repeated, or two workers running at once,
    claim each (person, reason, subject, occurrence) once; whoever does not get the row sends nothing.
    """

    __tablename__ = "reminder_sent"
    __table_args__ = (UniqueConstraint("user_id", "reason", "subject", "occurrence", name="uq_reminder_sent_once"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    reason: str = Field(sa_column=Column(String(40), nullable=False))
    subject: str = Field(sa_column=Column(String(60), nullable=False, index=True))
    occurrence: str = Field(sa_column=Column(String(60), nullable=False))
    action_id: int | None = Field(default=None, foreign_key="action.id", index=True)
    sent_on: dt.date
    notification_id: int | None = Field(default=None, foreign_key="notification.id")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
