"""The audit log of tag changes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tag_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("actor", sa.String(256), nullable=False),
        sa.Column("tag", sa.String(256), nullable=False, index=True),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("rule", sa.Text),
        sa.Column("file", sa.String(1024)),
        sa.Column("matched", sa.BigInteger, nullable=False),
        sa.Column("changed", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("tag_changes")
