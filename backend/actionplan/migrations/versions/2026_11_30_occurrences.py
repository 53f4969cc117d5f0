"""Milestones recorded met by a person (with a note), beside what the plan states met; the occurrences
of a repeating target no longer make the action's due date (each is due, met or missed on its own).

Revision ID: occurrences
Revises: area_measures
"""
from alembic import op
import sqlalchemy as sa
import actionplan.core.types

revision = "occurrences"
down_revision = "area_measures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.add_column(sa.Column("met_recorded_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("met_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("met_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("met_recorded_at", actionplan.core.types.UTCDateTime(), nullable=True))
        batch_op.create_foreign_key("fk_milestone_met_by_id_app_user", "app_user", ["met_by_id"], ["id"])
    # An action with a repeating target and no re-schedule: due by its last one-off milestone still open.
    op.execute(
        "UPDATE action SET due_on = (SELECT MAX(m.due_on) FROM milestone m WHERE m.action_id = action.id "
        "AND m.recurring = false AND m.met_on IS NULL), original_due_on = (SELECT MAX(m.due_on) FROM milestone m "
        "WHERE m.action_id = action.id AND m.recurring = false AND m.met_on IS NULL) "
        "WHERE recurrence IS NOT NULL AND due_on = original_due_on")


def downgrade() -> None:
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.drop_constraint("fk_milestone_met_by_id_app_user", type_="foreignkey")
        batch_op.drop_column("met_recorded_at")
        batch_op.drop_column("met_by_id")
        batch_op.drop_column("met_note")
        batch_op.drop_column("met_recorded_on")
