"""Plan versions: each plan's baselines (version 1 as imported, then each re-baseline), and actions
retired by a re-baseline (kept, never deleted). Every existing plan gets its version 1 here.

Revision ID: plan_versions
Revises: perf_summary_seek_index
"""
import datetime as dt

from alembic import op
import sqlalchemy as sa
import actionplan.core.types

revision = "plan_versions"
down_revision = "pack_rendering"
branch_labels = None
depends_on = None


def _first_versions(bind) -> list[dict]:
    """Version 1 of each plan: its actions as they stand, each with its due date as planned."""
    plans = bind.execute(sa.text("SELECT id, issued_on, created_at FROM plan ORDER BY id")).all()
    rows = bind.execute(sa.text(
        "SELECT a.plan_id, a.id, a.ref, ar.number, a.text, a.target_text, a.original_due_on FROM action a "
        "JOIN area ar ON ar.id = a.area_id ORDER BY a.plan_id, ar.number, a.position, a.id")).all()
    actions: dict[int, list[dict]] = {}
    for plan_id, action_id, ref, number, text, target, due_on in rows:
        if isinstance(due_on, str):  # SQLite hands dates back as text
            due_on = dt.date.fromisoformat(due_on)
        actions.setdefault(plan_id, []).append({"action_id": action_id, "ref": ref, "area_number": number,
                                                "text": text, "target": target,
                                                "due_on": due_on.isoformat() if due_on else None})
    out = []
    for plan_id, issued_on, created_at in plans:
        if isinstance(created_at, str):
            created_at = dt.datetime.fromisoformat(created_at)
        if created_at.tzinfo is None:
            created_at = created_at.replace(tzinfo=dt.UTC)
        if isinstance(issued_on, str):
            issued_on = dt.date.fromisoformat(issued_on)
        out.append({"plan_id": plan_id, "number": 1, "effective_on": issued_on or created_at.date(),
                    "made_at": created_at, "made_by_id": None, "source": "import",
                    "reason": "The plan as first imported.", "document": {"actions": actions.get(plan_id, [])}})
    return out


def upgrade() -> None:
    version = op.create_table(
        "plan_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("made_at", actionplan.core.types.UTCDateTime(), nullable=False),
        sa.Column("made_by_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["made_by_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("plan_id", "number"),
    )
    with op.batch_alter_table("plan_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_version_plan_id"), ["plan_id"], unique=False)
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.add_column(sa.Column("added_in_version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("retired_in_version", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_action_retired_in_version"), ["retired_in_version"], unique=False)
    first = _first_versions(op.get_bind())
    if first:
        op.bulk_insert(version, first)


def downgrade() -> None:
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_retired_in_version"))
        batch_op.drop_column("retired_in_version")
        batch_op.drop_column("added_in_version")
    op.drop_table("plan_version")
