"""covering indexes for the dashboard counts: assessed/recognised per unit, members per unit

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 17:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_assessment_unit_year_recognised", "assessment", ["unit_id", "year", "recognised"]
    )
    op.drop_index("ix_assessment_unit_year", table_name="assessment")
    op.create_index("ix_account_unit_id_role", "account", ["unit_id", "role"])
    op.drop_index("ix_account_unit_id", table_name="account")


def downgrade() -> None:
    op.create_index("ix_account_unit_id", "account", ["unit_id"])
    op.drop_index("ix_account_unit_id_role", table_name="account")
    op.create_index("ix_assessment_unit_year", "assessment", ["unit_id", "year"])
    op.drop_index("ix_assessment_unit_year_recognised", table_name="assessment")
