"""One pending proposal and one pending re-schedule per action, enforced by the database; and each
evidence item's home action (the one it was uploaded to) marked on its link.

Both are partial unique indexes, which SQLite and PostgreSQL both have. The home of existing
items is their earliest link: the upload made it in the same transaction as the item.

Revision ID: 0004_pending_unique
Revises: 0003_audit_keyed
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_pending_unique"
down_revision = "0003_audit_keyed"
branch_labels = None
depends_on = None

PENDING = sa.text("state = 'pending'")
HOME = sa.text("home")


def upgrade() -> None:
    op.create_index("uq_statuschange_one_pending", "statuschange", ["action_id"], unique=True,
                    sqlite_where=PENDING, postgresql_where=PENDING)
    op.create_index("uq_reschedule_one_pending", "reschedule", ["action_id"], unique=True,
                    sqlite_where=PENDING, postgresql_where=PENDING)
    op.add_column("evidencelink", sa.Column("home", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.get_bind().execute(sa.text(
        "UPDATE evidencelink SET home = :yes WHERE NOT EXISTS (SELECT 1 FROM evidencelink AS earlier "
        "WHERE earlier.evidence_id = evidencelink.evidence_id AND (earlier.linked_at < evidencelink.linked_at "
        "OR (earlier.linked_at = evidencelink.linked_at AND earlier.action_id < evidencelink.action_id)))"),
        {"yes": True})
    op.create_index("uq_evidencelink_one_home", "evidencelink", ["evidence_id"], unique=True,
                    sqlite_where=HOME, postgresql_where=HOME)


def downgrade() -> None:
    op.drop_index("uq_evidencelink_one_home", table_name="evidencelink")
    with op.batch_alter_table("evidencelink") as batch:
        batch.drop_column("home")
    op.drop_index("uq_reschedule_one_pending", table_name="reschedule")
    op.drop_index("uq_statuschange_one_pending", table_name="statuschange")
