"""Running the Alembic migrations that ship inside the package."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: Engine) -> None:
    with engine.begin() as connection:
        upgrade(connection)


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Within the connection's transaction (on both databases DDL is transactional)."""
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
