"""Measures: direction, tolerance, an undated aim and a version; several baselines per measure;
target texts; readings with period, source, note, who entered them and corrections as versions.

The single baseline columns of 0001 move into measurebaseline (1.4 has two baselines).

Revision ID: 0007_measures
Revises: 0006_sign_in_throttle
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import actionplan.core.types

revision = "0007_measures"
down_revision = "0006_sign_in_throttle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "measurebaseline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["measure_id"], ["measure.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("measurebaseline", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_measurebaseline_measure_id"), ["measure_id"], unique=False)
    op.execute("INSERT INTO measurebaseline (measure_id, taken_on, value) SELECT id, baseline_on, baseline_value "
               "FROM measure WHERE baseline_on IS NOT NULL AND baseline_value IS NOT NULL")

    with op.batch_alter_table("measure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("position", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("direction", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False,
                                      server_default="higher"))
        batch_op.add_column(sa.Column("tolerance", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("aim_value", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("aim_text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.drop_column("baseline_value")
        batch_op.drop_column("baseline_on")
    op.execute("UPDATE measure SET unit = 'percent' WHERE unit = '%'")

    with op.batch_alter_table("measuretarget", schema=None) as batch_op:
        batch_op.add_column(sa.Column("text", sa.Text(), nullable=True))

    with op.batch_alter_table("measurereading", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entry_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("version_no", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("period", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))
        batch_op.add_column(sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("correction_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("recorded_by_label", sqlmodel.sql.sqltypes.AutoString(length=300),
                                      nullable=False, server_default=""))
        batch_op.add_column(sa.Column("superseded_at", actionplan.core.types.UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_measurereading_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index("ix_measurereading_measure_current", ["measure_id", "superseded_at"], unique=False)
    op.execute("UPDATE measurereading SET entry_id = id WHERE entry_id IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("measurereading", schema=None) as batch_op:
        batch_op.drop_index("ix_measurereading_measure_current")
        batch_op.drop_index(batch_op.f("ix_measurereading_entry_id"))
        for column in ("superseded_at", "recorded_by_label", "correction_reason", "note", "source", "period",
                       "version_no", "entry_id"):
            batch_op.drop_column(column)
    with op.batch_alter_table("measuretarget", schema=None) as batch_op:
        batch_op.drop_column("text")
    op.execute("UPDATE measure SET unit = '%' WHERE unit = 'percent'")
    with op.batch_alter_table("measure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("baseline_value", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("baseline_on", sa.Date(), nullable=True))
        for column in ("version", "aim_text", "aim_value", "tolerance", "direction", "position"):
            batch_op.drop_column(column)
    # The latest baseline goes back into the single columns; earlier ones cannot.
    op.execute("UPDATE measure SET baseline_on = (SELECT MAX(b.taken_on) FROM measurebaseline b "
               "WHERE b.measure_id = measure.id)")
    op.execute("UPDATE measure SET baseline_value = (SELECT b.value FROM measurebaseline b WHERE "
               "b.measure_id = measure.id AND b.taken_on = measure.baseline_on ORDER BY b.id DESC LIMIT 1)")
    with op.batch_alter_table("measurebaseline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measurebaseline_measure_id"))
    op.drop_table("measurebaseline")
