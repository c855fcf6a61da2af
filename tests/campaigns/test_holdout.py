"""Holdout and variants: stable hashes with the asked shares."""

from __future__ import annotations

import hashlib
from collections import Counter

from segmint.campaigns.holdout import assign_group, bucket, pick_variant

IDS = [f"c{i:05d}" for i in range(10_000)]


def test_bucket_is_the_documented_hash() -> None:
    digest = hashlib.sha256(b"holdout\x1f7\x1fc00001").digest()
    assert bucket("holdout", 7, "c00001") == int.from_bytes(digest[:8], "big") / 2**64 * 100


def test_holdout_share_within_tolerance_and_stable() -> None:
    groups = [assign_group(3, c, holdout_percent=10) for c in IDS]
    share = groups.count("holdout") / len(IDS)
    assert abs(share - 0.10) <= 0.015
    assert groups == [assign_group(3, c, holdout_percent=10) for c in IDS]


def test_each_campaign_draws_its_own_holdout() -> None:
    one = {c for c in IDS if assign_group(1, c, holdout_percent=10) == "holdout"}
    two = {c for c in IDS if assign_group(2, c, holdout_percent=10) == "holdout"}
    # Independent draws overlap in about 1% of customers, not 10%.
    assert 0.005 <= len(one & two) / len(IDS) <= 0.015


def test_global_holdout_is_the_same_in_every_campaign() -> None:
    def held(campaign: int) -> set[str]:
        return {
            c
            for c in IDS
            if assign_group(campaign, c, holdout_percent=10, global_holdout_percent=5)
            == "global_holdout"
        }

    assert held(1) == held(2)
    assert abs(len(held(1)) / len(IDS) - 0.05) <= 0.01


def test_variants_follow_their_weights() -> None:
    counts = Counter(pick_variant(4, c, [("A", 1), ("B", 3)]) for c in IDS)
    assert abs(counts["B"] / len(IDS) - 0.75) <= 0.02
    assert pick_variant(4, "c00042", [("A", 1), ("B", 3)]) == pick_variant(
        4, "c00042", [("A", 1), ("B", 3)]
    )


def test_variant_does_not_follow_holdout() -> None:
    held = [c for c in IDS if assign_group(5, c, holdout_percent=50) == "holdout"]
    counts = Counter(pick_variant(5, c, [("A", 1), ("B", 1)]) for c in held)
    assert abs(counts["A"] / len(held) - 0.5) <= 0.03
