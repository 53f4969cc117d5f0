"""The seed read right: statuses the published plan states (source), the legend's Blue* (continuing
review), the day a plan was issued, repeating targets (a series of recurring milestones, some stated met)
and a review cadence for actions with no dated target.

Revision ID: 0010_seed
Revises: 0009_sign_out
"""
from alembic import op
import sqlalchemy as sa

revision = "0010_seed"
down_revision = "0009_sign_out"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("statuschange", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=20), nullable=False, server_default="person"))
    # Before this, only an import wrote a status change that nobody proposed.
    op.execute("UPDATE statuschange SET source = 'import' WHERE proposed_by_id IS NULL AND decided_by_id IS NULL "
               "AND commentary = 'Status as imported.'")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.add_column(sa.Column("continuing_review", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("recurrence", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("review_every_months", sa.Integer(), nullable=True))
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recurring", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("met_on", sa.Date(), nullable=True))
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.add_column(sa.Column("issued_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_column("issued_on")
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.drop_column("met_on")
        batch_op.drop_column("recurring")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_column("review_every_months")
        batch_op.drop_column("recurrence")
        batch_op.drop_column("continuing_review")
    with op.batch_alter_table("statuschange", schema=None) as batch_op:
        batch_op.drop_column("source")
