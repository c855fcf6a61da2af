"""Campaigns and their frozen audiences.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("segment", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("survey", sa.String(16)),
        sa.Column("holdout_percent", sa.Float, nullable=False),
        sa.Column("global_holdout_percent", sa.Float, nullable=False),
        sa.Column("cost", sa.Float),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_by", sa.String(256), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("frozen_at", sa.DateTime(timezone=True)),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "campaign_members",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "campaign_id", sa.Integer, sa.ForeignKey("campaigns.id"), nullable=False, index=True
        ),
        sa.Column("customer_id", sa.String(256), nullable=False),
        sa.Column("group", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(32)),
        sa.Column("variant", sa.String(64)),
        sa.Column("address", sa.String(320)),
        sa.Column("language", sa.String(8), nullable=False),
        sa.UniqueConstraint("campaign_id", "customer_id"),
    )


def downgrade() -> None:
    op.drop_table("campaign_members")
    op.drop_table("campaigns")
