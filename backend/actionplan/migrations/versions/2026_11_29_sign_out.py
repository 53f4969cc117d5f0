"""Sign out everywhere: when a user last did, so the identity provider's earlier tokens are refused.

Revision ID: 0009_sign_out
Revises: 0008_oidc_subject
"""
import sqlalchemy as sa
from alembic import op

import actionplan.core.types

revision = "0009_sign_out"
down_revision = "0008_oidc_subject"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signed_out_at", actionplan.core.types.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_column("signed_out_at")
