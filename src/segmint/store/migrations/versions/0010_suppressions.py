"""The suppression list and the log of consent changes.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "suppressions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("address", sa.String(320), nullable=False),
        sa.Column("customer_id", sa.String(256), index=True),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("source", sa.String(1024), nullable=False),
        sa.Column("campaign_id", sa.Integer),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("channel", "address"),
    )
    op.create_table(
        "consent_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("customer_id", sa.String(256), index=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("address", sa.String(320)),
        sa.Column("consented", sa.Boolean, nullable=False),
        sa.Column("source", sa.String(1024), nullable=False),
        sa.Column("actor", sa.String(256), nullable=False),
        sa.Column("campaign_id", sa.Integer),
    )


def downgrade() -> None:
    op.drop_table("consent_changes")
    op.drop_table("suppressions")
