"""Saved segment definitions in the app metadata store."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from segmint.store.metadata import Base, utcnow

__all__ = ["KINDS", "SegmentRecord"]

#: Kinds of segment: a rule in the query language, a stored list of customers, a
#: built-in family member (never stored) and a cluster's readable rule.
KINDS = ("rule", "static", "family", "cluster")


class SegmentRecord(Base):
    """One saved segment: its rule (text and JSON tree) or, for a static one, no rule.

    The members of a static segment live in the data store's ``static_members``
    table, since they are customer data.
    """

    __tablename__ = "segments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True, index=True)
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_fa: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16), default="rule")
    definition: Mapped[str] = mapped_column(Text, default="")
    tree: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    owner: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    @property
    def dynamic(self) -> bool:
        """True when membership is computed from a rule rather than stored."""
        return self.kind in ("rule", "cluster")

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json`` and the API."""
        return {
            "name": self.name,
            "kind": self.kind,
            "description_en": self.description_en,
            "description_fa": self.description_fa,
            "definition": self.definition,
            "tree": self.tree,
            "priority": self.priority,
            "owner": self.owner,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }
