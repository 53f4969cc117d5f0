"""For migration tests: a database of their own brought to a given revision, as `actionplan migrate` would."""

from alembic import command

from actionplan.core.migrate import alembic_config


def upgrade_to(engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
