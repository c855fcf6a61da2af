"""Support-ticket routing rules, with the default ones.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# The defaults of segmint.actions.routing.DEFAULT_ROUTES as they were when this
# revision was written: a migration must not change when the library does.
DEFAULTS = [
    ("vip", None, "tags CONTAINS 'vip'", "vip", "urgent", 2.0),
    ("champions", None, "rfm_group = 'champions'", "priority", "high", 4.0),
    (
        "at-risk-high-value",
        None,
        "rfm_group IN ('at_risk', 'cant_lose') AND m_score >= 4",
        "retention",
        "high",
        4.0,
    ),
    ("everyone-else", None, "", "general", "normal", 24.0),
]


def upgrade() -> None:
    table = op.create_table(
        "ticket_routes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False, index=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("category", sa.String(200)),
        sa.Column("rule", sa.Text, nullable=False),
        sa.Column("queue", sa.String(200), nullable=False),
        sa.Column("priority", sa.String(16), nullable=False),
        sa.Column("sla_hours", sa.Float, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    now = datetime.now(UTC)
    op.bulk_insert(
        table,
        [
            {
                "position": position,
                "name": name,
                "category": category,
                "rule": rule,
                "queue": queue,
                "priority": priority,
                "sla_hours": sla,
                "created_at": now,
            }
            for position, (name, category, rule, queue, priority, sla) in enumerate(DEFAULTS, 1)
        ],
    )


def downgrade() -> None:
    op.drop_table("ticket_routes")
