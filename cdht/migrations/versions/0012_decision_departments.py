"""a decided year's figures by department, as they stood when the decision was recorded

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 10:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "decisiondepartment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("department", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("registered", sa.Integer(), nullable=False),
        sa.Column("assessed", sa.Integer(), nullable=False),
        sa.Column("recognised", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["recognitiondecision.id"],
            name=op.f("fk_decisiondepartment_decision_id_recognitiondecision"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisiondepartment")),
        sa.UniqueConstraint(
            "decision_id", "department", name=op.f("uq_decisiondepartment_decision_id_department")
        ),
    )
    with op.batch_alter_table("decisiondepartment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decisiondepartment_decision_id"), ["decision_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("decisiondepartment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisiondepartment_decision_id"))
    op.drop_table("decisiondepartment")
