"""Reminders: the plan's board cadence and reminder thresholds, each person's choice of email, and
the reminders given (a unique key per person, reason, subject and occurrence: each is given once).

Revision ID: reminders
Revises: calendar_feeds
"""
import sqlalchemy as sa
from alembic import op

import actionplan.core.types

revision = "reminders"
down_revision = "calendar_feeds"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminder_preference",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.Boolean(), nullable=False),
        sa.Column("updated_at", actionplan.core.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "plan_reminder_settings",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("board_first_meeting_on", sa.Date(), nullable=True),
        sa.Column("board_cadence_months", sa.Integer(), nullable=False),
        sa.Column("update_lead_working_days", sa.Integer(), nullable=False),
        sa.Column("due_within_days", sa.Integer(), nullable=False),
        sa.Column("waiting_working_days", sa.Integer(), nullable=False),
        sa.Column("escalate_after_working_days", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", actionplan.core.types.UTCDateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"]),
        sa.ForeignKeyConstraint(["updated_by_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("plan_id"),
    )
    op.create_table(
        "reminder_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=60), nullable=False),
        sa.Column("occurrence", sa.String(length=60), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("notification_id", sa.Integer(), nullable=True),
        sa.Column("created_at", actionplan.core.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["action.id"]),
        sa.ForeignKeyConstraint(["notification_id"], ["notification.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "reason", "subject", "occurrence", name="uq_reminder_sent_once"),
    )
    op.create_index(op.f("ix_reminder_sent_action_id"), "reminder_sent", ["action_id"], unique=False)
    op.create_index(op.f("ix_reminder_sent_subject"), "reminder_sent", ["subject"], unique=False)
    op.create_index(op.f("ix_reminder_sent_user_id"), "reminder_sent", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_table("reminder_sent")
    op.drop_table("plan_reminder_settings")
    op.drop_table("reminder_preference")
