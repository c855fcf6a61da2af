"""The suppression list, the log of consent changes and the send outbox.

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
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("campaign_id", sa.Integer, nullable=False, index=True),
        sa.Column("customer_id", sa.String(256), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("address", sa.String(320), nullable=False),
        sa.Column("variant", sa.String(64)),
        sa.Column("state", sa.String(16), nullable=False, index=True),
        sa.Column("message_id", sa.String(320), nullable=False, unique=True),
        sa.Column("subject", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("html", sa.Text),
        sa.Column("headers", sa.JSON, nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True)),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.Column("provider_id", sa.String(320)),
        sa.Column("last_error", sa.Text),
        sa.UniqueConstraint("campaign_id", "customer_id", "channel"),
    )


def downgrade() -> None:
    op.drop_table("outbox")
    op.drop_table("consent_changes")
    op.drop_table("suppressions")
