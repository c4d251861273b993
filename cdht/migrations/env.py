"""Alembic environment: the connection comes from cdht.db.engine.migrate (config attributes)."""

from alembic import context
from sqlmodel import SQLModel

from cdht.db import models  # noqa: F401  (registers the tables)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    compare_type=True,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
