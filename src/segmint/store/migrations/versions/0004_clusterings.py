"""Clusterings and cluster snapshots.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clusterings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("as_of", sa.Date),
        sa.Column("k", sa.Integer, nullable=False),
        sa.Column("feature_groups", sa.JSON, nullable=False),
        sa.Column("spec", sa.JSON, nullable=False),
        sa.Column("model", sa.JSON, nullable=False),
        sa.Column("criteria", sa.JSON, nullable=False),
        sa.Column("stability", sa.JSON),
        sa.Column("rules", sa.JSON, nullable=False),
        sa.Column("fidelity", sa.Float),
        sa.Column("personas", sa.JSON, nullable=False),
        sa.Column("totals", sa.JSON, nullable=False),
        sa.Column("timings", sa.JSON, nullable=False),
        sa.Column("previous_id", sa.Integer),
    )
    op.create_table(
        "cluster_snapshots",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("clustering_id", sa.Integer, nullable=False, index=True),
        sa.Column("as_of", sa.Date, nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sizes", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("cluster_snapshots")
    op.drop_table("clusterings")
