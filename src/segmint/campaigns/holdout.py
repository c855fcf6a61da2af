"""Who is held back and who gets which variant: stable hashes, no stored randomness.

A customer's place in a campaign is a pure function of the ids, so freezing the same
audience twice, on any machine, gives the same groups:

- the **global holdout** takes a customer when ``bucket("global", customer)`` falls
  below its percentage. The campaign is not in the hash, so the same customers sit out
  every campaign;
- the **campaign holdout** takes one when ``bucket("holdout", campaign, customer)``
  falls below the campaign's percentage, independently of other campaigns;
- the **variant** comes from a third hash, ``bucket("variant", campaign, customer)``,
  laid over the variants' cumulative weights, so the holdout split and the A/B split do
  not correlate.

A bucket is the first 8 bytes of SHA-256 of the parts read as an integer and scaled to
[0, 100): uniform, and the same in every Python process (``hash()`` is salted per process).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Literal

__all__ = ["GROUPS", "Group", "assign_group", "bucket", "pick_variant"]

Group = Literal["treated", "holdout", "global_holdout"]
GROUPS = ("treated", "holdout", "global_holdout", "excluded")

_SCALE = 100.0 / 2**64


def bucket(*parts: object) -> float:
    """A stable, uniform number in [0, 100) for the given parts."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") * _SCALE


def assign_group(
    campaign_id: int,
    customer_id: str,
    *,
    holdout_percent: float,
    global_holdout_percent: float = 0.0,
) -> Group:
    """The group of an eligible customer: ``global_holdout``, ``holdout`` or ``treated``."""
    if global_holdout_percent > 0 and bucket("global", customer_id) < global_holdout_percent:
        return "global_holdout"
    if holdout_percent > 0 and bucket("holdout", campaign_id, customer_id) < holdout_percent:
        return "holdout"
    return "treated"


def pick_variant(campaign_id: int, customer_id: str, variants: Sequence[tuple[str, float]]) -> str:
    """The variant (``(name, weight)`` pairs, weights > 0) a customer receives."""
    total = sum(weight for _, weight in variants)
    point = bucket("variant", campaign_id, customer_id) / 100.0 * total
    reached = 0.0
    for name, weight in variants:
        reached += weight
        if point < reached:
            return name
    return variants[-1][0]
