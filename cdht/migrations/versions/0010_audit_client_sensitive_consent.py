"""audit client address, separate consent for sensitive data

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 02:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cdht.db.models  # noqa: F401  (custom column types, when a revision uses them)

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sensitive_consented_at", cdht.db.models.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("sensitive_withdrawn_at", cdht.db.models.UTCDateTime(), nullable=True)
        )
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("client", sa.String(length=64), server_default="", nullable=False)
        )
    # Sensitive data already held was given under the general consent, which named it.
    op.execute(
        "UPDATE account SET sensitive_consented_at = consented_at "
        "WHERE ethnicity <> '' OR religion <> ''"
    )


def downgrade() -> None:
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.drop_column("client")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_column("sensitive_withdrawn_at")
        batch_op.drop_column("sensitive_consented_at")
