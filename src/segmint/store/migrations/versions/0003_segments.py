"""Saved segment definitions.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "segments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description_en", sa.Text, nullable=False),
        sa.Column("description_fa", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("definition", sa.Text, nullable=False),
        sa.Column("tree", sa.JSON),
        sa.Column("priority", sa.Integer, nullable=False),
        sa.Column("owner", sa.String(200)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_segments_name", "segments", ["name"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_segments_name", table_name="segments")
    op.drop_table("segments")
