from alembic import context
from sqlmodel import SQLModel

import actionplan.models  # noqa: F401  (registers every table on SQLModel.metadata)
from actionplan.core.config import get_settings
from actionplan.core.db import make_engine

config = context.config
connection = config.attributes.get("connection")


def run(connection) -> None:
    context.configure(connection=connection, target_metadata=SQLModel.metadata,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:
    engine = make_engine(config.get_main_option("sqlalchemy.url") or get_settings().database_url)
    with engine.connect() as conn:
        run(conn)
    engine.dispose()
