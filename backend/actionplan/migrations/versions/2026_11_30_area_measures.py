"""Area measures: a measure belongs to an area, and to one of its actions or to the area as a whole.

Every existing measure is an action's: its area is its action's.

Revision ID: area_measures
Revises: 0010_seed
"""
from alembic import op
import sqlalchemy as sa

revision = "area_measures"
down_revision = "reminders"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("measure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("area_id", sa.Integer(), nullable=True))
    op.execute("UPDATE measure SET area_id = (SELECT action.area_id FROM action WHERE action.id = measure.action_id)")
    with op.batch_alter_table("measure", schema=None) as batch_op:
        batch_op.alter_column("area_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("action_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f("ix_measure_area_id"), ["area_id"], unique=False)
        batch_op.create_foreign_key("fk_measure_area_id_area", "area", ["area_id"], ["id"])


def downgrade() -> None:
    op.execute("DELETE FROM measurereading WHERE measure_id IN (SELECT id FROM measure WHERE action_id IS NULL)")
    op.execute("DELETE FROM measuretarget WHERE measure_id IN (SELECT id FROM measure WHERE action_id IS NULL)")
    op.execute("DELETE FROM measurebaseline WHERE measure_id IN (SELECT id FROM measure WHERE action_id IS NULL)")
    op.execute("DELETE FROM measure WHERE action_id IS NULL")
    with op.batch_alter_table("measure", schema=None) as batch_op:
        batch_op.drop_constraint("fk_measure_area_id_area", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_measure_area_id"))
        batch_op.alter_column("action_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("area_id")
