"""Users are mapped from the council's identity provider by its immutable subject, not by email; and
webhook delivery errors keep a fixed class, never what the receiver answered.

Revision ID: 0008_oidc_subject
Revises: 0007_measures
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_oidc_subject"
down_revision = "0007_measures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch_op:
        batch_op.add_column(sa.Column("oidc_issuer", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("oidc_subject", sa.String(length=255), nullable=True))
        batch_op.create_unique_constraint("uq_app_user_oidc_identity", ["oidc_issuer", "oidc_subject"])
    # Errors recorded before kept up to 300 bytes of the receiver's answer, or the network error's
    # words ("Connection refused"): both told an integrator about hosts it should not learn of.
    # Cancellation reasons are our own sentences and stay.
    op.execute("UPDATE webhookdelivery SET last_error = 'http_error' "
               "WHERE last_error LIKE 'HTTP %' AND last_status IS NOT NULL")
    op.execute("UPDATE webhookdelivery SET last_error = 'unreachable' "
               "WHERE last_error IS NOT NULL AND last_status IS NULL AND state <> 'cancelled'")


def downgrade() -> None:
    with op.batch_alter_table("app_user") as batch_op:
        batch_op.drop_constraint("uq_app_user_oidc_identity", type_="unique")
        batch_op.drop_column("oidc_subject")
        batch_op.drop_column("oidc_issuer")
