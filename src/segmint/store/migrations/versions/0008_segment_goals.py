"""Segment goals and the log of live ingest batches.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "segment_goals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("segment", sa.String(200), nullable=False, index=True),
        sa.Column("goal", sa.Text, nullable=False),
        sa.Column("kpi", sa.String(64), nullable=False),
        sa.Column("target", sa.Float, nullable=False),
        sa.Column("direction", sa.String(16), nullable=False),
        sa.Column("review_date", sa.Date),
        sa.Column("owner", sa.String(200)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "ingest_batches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("actor", sa.String(256)),
        sa.Column("counts", sa.JSON, nullable=False),
        sa.Column("customers", sa.JSON, nullable=False),
        sa.Column("seconds", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ingest_batches")
    op.drop_table("segment_goals")
