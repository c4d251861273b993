"""unit figures stamp: cached dashboard figures know when they are stale

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 14:50:00
"""

from collections.abc import Sequence
from uuid import uuid4

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "unit",
        sa.Column(
            "figures_stamp",
            sqlmodel.sql.sqltypes.AutoString(length=32),
            server_default="",
            nullable=False,
        ),
    )
    # One fresh stamp for the units already there: no figure was cached under it.
    op.execute(sa.text("UPDATE unit SET figures_stamp = :stamp").bindparams(stamp=uuid4().hex))


def downgrade() -> None:
    with op.batch_alter_table("unit") as batch_op:
        batch_op.drop_column("figures_stamp")
