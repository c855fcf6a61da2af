"""Schema types every resource shares.

``UtcDateTime``: the app store (SQLite) hands back times without their zone, and
JSON Schema's ``date-time`` needs one; every stored time is UTC, so a time without
a zone is given UTC, and every time is answered with its offset.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator


def in_utc(value: datetime) -> datetime:
    """``value`` with its zone (UTC when it has none), converted to UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


UtcDateTime = Annotated[datetime, AfterValidator(in_utc)]
