"""Workbook imports: a board pack spreadsheet uploaded after officers edited it offline, kept with the
preview of what it would change until its uploader applies it.

Revision ID: workbook_imports
Revises: perf_summary_seek_index
"""
import sqlalchemy as sa
from alembic import op

import actionplan.core.types

revision = "workbook_imports"
down_revision = "perf_summary_seek_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workbook_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_at", actionplan.core.types.UTCDateTime(), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("plan_state", sa.String(length=64), nullable=False),
        sa.Column("preview", sa.JSON(), nullable=False),
        sa.Column("applied_at", actionplan.core.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"]),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_workbook_import_plan_id"), "workbook_import", ["plan_id"], unique=False)
    op.create_index(op.f("ix_workbook_import_uploaded_by_id"), "workbook_import", ["uploaded_by_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_workbook_import_uploaded_by_id"), table_name="workbook_import")
    op.drop_index(op.f("ix_workbook_import_plan_id"), table_name="workbook_import")
    op.drop_table("workbook_import")
