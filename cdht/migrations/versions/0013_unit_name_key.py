"""unit name key: two units under one parent never share a name

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 14:30:00
"""

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _key(parent_id: int | None, name: str) -> str:
    # cdht.unit_codes.name_key as of this revision, frozen here so that a later change of the
    # rule cannot change what this migration wrote.
    return f"{parent_id or 0}:{' '.join(unicodedata.normalize('NFC', name).casefold().split())}"


def upgrade() -> None:
    # Added, filled, then indexed: altering the column instead would make SQLite copy the table,
    # which the accounts' foreign keys to it forbid.
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "name_key",
                sqlmodel.sql.sqltypes.AutoString(length=500),
                server_default="",
                nullable=False,
            )
        )
    connection = op.get_bind()
    units = connection.execute(sa.text("SELECT id, parent_id, name FROM unit ORDER BY id"))
    seen: set[str] = set()
    for unit_id, parent_id, name in units.all():
        key = _key(parent_id, name)
        # Units named alike before names had to differ keep their names; the later ones get a
        # key of their own, so the first rename of either must choose a free name.
        if key in seen:
            key = f"{key}#{unit_id}"
        seen.add(key)
        connection.execute(
            sa.text("UPDATE unit SET name_key = :key WHERE id = :id"), {"key": key, "id": unit_id}
        )
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_name_key"), ["name_key"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_name_key"))
        batch_op.drop_column("name_key")
