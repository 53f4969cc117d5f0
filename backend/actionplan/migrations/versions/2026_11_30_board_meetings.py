"""The improvement board: governance forums (seeded: the list is data), their meetings, each meeting's frozen
snapshot and decisions (linked to actions or areas), and the area leads' commentary with its versions.

Revision ID: board_meetings
Revises: 0010_seed
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import actionplan.core.types

revision = "board_meetings"
down_revision = "0010_seed"
branch_labels = None
depends_on = None

FORUMS = [
    ("improvement-board", "Children's Improvement Board",
     "Monitors the improvement plan quarterly: every area's progress, exceptions and measures.", "Quarterly", True),
    ("cabinet", "Cabinet", "Receives a yearly report on the plan.", "Yearly", False),
    ("childrens-scrutiny", "Children's Scrutiny", "Scrutinises progress on the plan yearly.", "Yearly", False),
    ("corporate-parenting", "Corporate Parenting Advisory Committee",
     "Hears yearly how the plan serves children in care and care leavers.", "Yearly", False),
    ("ofsted-annual-engagement", "Ofsted annual engagement meeting",
     "Ofsted reviews the plan's progress with the council.", "Yearly", False),
]


def _str(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    forum = op.create_table(
        "forum",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", _str(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("cadence", _str(100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("receives_commentary", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    op.bulk_insert(forum, [
        {"slug": slug, "name": name, "description": description, "cadence": cadence, "position": position,
         "receives_commentary": commentary, "active": True}
        for position, (slug, name, description, cadence, commentary) in enumerate(FORUMS, start=1)])

    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("title", _str(300), nullable=False),
        sa.Column("location", _str(300), nullable=False),
        sa.Column("attendees", sa.Text(), nullable=False),
        sa.Column("papers", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("papers_closed_at", actionplan.core.types.UTCDateTime(), nullable=True),
        sa.Column("papers_closed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", actionplan.core.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", actionplan.core.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["forum_id"], ["forum.id"]),
        sa.ForeignKeyConstraint(["papers_closed_by_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        for column in ("forum_id", "plan_id", "held_on", "state"):
            batch_op.create_index(batch_op.f(f"ix_meeting_{column}"), [column], unique=False)

    op.create_table(
        "meetingsnapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("taken_at", actionplan.core.types.UTCDateTime(), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("kind", _str(40), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("sha256", _str(64), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id"),
    )

    op.create_table(
        "meetingdecision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", actionplan.core.types.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", actionplan.core.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["owner_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"]),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("meetingdecision", schema=None) as batch_op:
        for column in ("meeting_id", "plan_id", "owner_id"):
            batch_op.create_index(batch_op.f(f"ix_meetingdecision_{column}"), [column], unique=False)

    op.create_table(
        "decisionlink",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["action_id"], ["action.id"]),
        sa.ForeignKeyConstraint(["area_id"], ["area.id"]),
        sa.ForeignKeyConstraint(["decision_id"], ["meetingdecision.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("decisionlink", schema=None) as batch_op:
        for column in ("decision_id", "action_id", "area_id"):
            batch_op.create_index(batch_op.f(f"ix_decisionlink_{column}"), [column], unique=False)

    op.create_table(
        "commentary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", actionplan.core.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", actionplan.core.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["area_id"], ["area.id"]),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "area_id"),
    )
    with op.batch_alter_table("commentary", schema=None) as batch_op:
        for column in ("plan_id", "meeting_id", "area_id"):
            batch_op.create_index(batch_op.f(f"ix_commentary_{column}"), [column], unique=False)

    op.create_table(
        "commentaryversion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commentary_id", sa.Integer(), nullable=False),
        sa.Column("version_no", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("written_by_id", sa.Integer(), nullable=True),
        sa.Column("written_at", actionplan.core.types.UTCDateTime(), nullable=False),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", actionplan.core.types.UTCDateTime(), nullable=True),
        sa.Column("returned_reason", sa.Text(), nullable=True),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("published_at", actionplan.core.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["commentary_id"], ["commentary.id"]),
        sa.ForeignKeyConstraint(["published_by_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["reviewed_by_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["written_by_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("commentary_id", "version_no"),
    )
    with op.batch_alter_table("commentaryversion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commentaryversion_commentary_id"), ["commentary_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_commentaryversion_state"), ["state"], unique=False)


def downgrade() -> None:
    for table in ("commentaryversion", "commentary", "decisionlink", "meetingdecision", "meetingsnapshot",
                  "meeting", "forum"):
        op.drop_table(table)
