"""Board pack PDFs made by a background job and kept: one row per pack (by the SHA-256 of its JSON).

Revision ID: pack_rendering
Revises: perf_summary_seek_index
"""
import sqlalchemy as sa
from alembic import op

from actionplan.core.types import UTCDateTime

revision = "pack_rendering"
down_revision = "workbook_imports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "packrendering",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("document", sa.Text(), nullable=True),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("error", sa.String(length=200), nullable=True),
        sa.Column("requested_at", UTCDateTime(), nullable=False),
        sa.Column("rendered_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_index(op.f("ix_packrendering_rendered_at"), "packrendering", ["rendered_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_packrendering_rendered_at"), table_name="packrendering")
    op.drop_table("packrendering")
