"""setup code, who gave a temporary password and until when

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 01:15:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

import cdht.db.models  # noqa: F401  (custom column types, when a revision uses them)

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "setupcode",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", cdht.db.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_setupcode")),
    )
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("password_reset_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("password_reset_at", cdht.db.models.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("temporary_until", cdht.db.models.UTCDateTime(), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_account_password_reset_by_id_account"),
            "account",
            ["password_reset_by_id"],
            ["id"],
        )
    # Temporary passwords given before expiry existed open a login for 72 hours from now.
    until = datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=72)
    op.execute(
        sa.text(
            "UPDATE account SET temporary_until = :until WHERE must_change_password"
        ).bindparams(until=until)
    )


def downgrade() -> None:
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_account_password_reset_by_id_account"), type_="foreignkey"
        )
        batch_op.drop_column("temporary_until")
        batch_op.drop_column("password_reset_at")
        batch_op.drop_column("password_reset_by_id")
    op.drop_table("setupcode")
