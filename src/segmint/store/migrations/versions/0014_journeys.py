"""Journeys, the customers who entered them and each customer's passage through each step.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journeys",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True, index=True),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("trigger", sa.String(200), nullable=False),
        sa.Column("definition", sa.JSON, nullable=False),
        sa.Column("window_days", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("checked_through", sa.Date),
        sa.Column("created_by", sa.String(256), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_tick_at", sa.DateTime(timezone=True)),
        sa.Column("last_error", sa.Text),
    )
    op.create_table(
        "journey_entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "journey_id",
            sa.Integer,
            sa.ForeignKey("journeys.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("customer_id", sa.String(256), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("journey_id", "customer_id"),
    )
    op.create_table(
        "journey_passages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "journey_id",
            sa.Integer,
            sa.ForeignKey("journeys.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("customer_id", sa.String(256), nullable=False),
        sa.Column("step", sa.Integer, nullable=False),
        sa.Column("reached_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), index=True),
        sa.Column("outcome", sa.String(64)),
        sa.UniqueConstraint("journey_id", "customer_id", "step"),
    )


def downgrade() -> None:
    op.drop_table("journey_passages")
    op.drop_table("journey_entries")
    op.drop_table("journeys")
