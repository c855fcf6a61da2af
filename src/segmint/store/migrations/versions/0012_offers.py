"""Offers: coupon batches and codes, cashback programmes and the append-only wallet ledger.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# Amounts, values and percents are BigInteger ten-thousandths (segmint.store.metadata.Exact).
# The ledger is append-only: the ORM refuses updates and deletes (segmint.offers.wallet),
# and on SQLite, the default store, so does the database itself.
_SQLITE_GUARDS = (
    "CREATE TRIGGER wallet_ledger_no_update BEFORE UPDATE ON wallet_ledger "
    "BEGIN SELECT RAISE(ABORT, 'wallet_ledger is append-only'); END",
    "CREATE TRIGGER wallet_ledger_no_delete BEFORE DELETE ON wallet_ledger "
    "BEGIN SELECT RAISE(ABORT, 'wallet_ledger is append-only'); END",
)


def upgrade() -> None:
    op.create_table(
        "coupon_batches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("value", sa.BigInteger, nullable=False),
        sa.Column("expires_on", sa.Date),
        sa.Column("valid_days", sa.Integer),
        sa.Column("created_by", sa.String(256), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "coupons",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "batch_id",
            sa.Integer,
            sa.ForeignKey("coupon_batches.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("code", sa.String(32), nullable=False, unique=True),
        sa.Column("customer_id", sa.String(256), nullable=False, index=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_on", sa.Date, nullable=False),
        sa.Column("redeemed_order_id", sa.String(256)),
        sa.Column("redeemed_by", sa.String(256)),
        sa.Column("redeemed_at", sa.DateTime(timezone=False)),
        sa.UniqueConstraint("batch_id", "customer_id"),
    )
    op.create_table(
        "cashback_programmes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("segment", sa.String(200), nullable=False),
        sa.Column("percent", sa.BigInteger, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date),
        sa.Column("expiry_days", sa.Integer),
        sa.Column("created_by", sa.String(256), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "wallet_ledger",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("customer_id", sa.String(256), nullable=False, index=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("programme_id", sa.Integer, sa.ForeignKey("cashback_programmes.id"), index=True),
        sa.Column("order_id", sa.String(256)),
        sa.Column("reference", sa.String(256)),
        sa.Column("lot_id", sa.Integer),
        sa.Column("expires_on", sa.Date),
        sa.Column("effective_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(256), nullable=False),
        sa.Column("note", sa.Text),
        sa.UniqueConstraint("programme_id", "order_id", "kind"),
        sa.UniqueConstraint("kind", "reference"),
        sa.UniqueConstraint("lot_id"),
    )
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_GUARDS:
            op.execute(statement)


def downgrade() -> None:
    op.drop_table("wallet_ledger")
    op.drop_table("cashback_programmes")
    op.drop_table("coupons")
    op.drop_table("coupon_batches")
