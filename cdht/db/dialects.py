"""The INSERT of the session's database dialect, which carries `ON CONFLICT` (upserts) on both
engines CDHT runs on, SQLite and PostgreSQL."""

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session


def dialect_insert(session: Session, table: sa.Table) -> sqlite.Insert | postgresql.Insert:
    """`INSERT INTO table` for the session's engine, with `on_conflict_do_update/nothing`."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)
