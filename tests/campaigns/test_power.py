"""The pre-send power check: the base rate it assumes and when it warns."""

from __future__ import annotations

import datetime as dt
import math

import pyarrow as pa
import pytest
from tests.campaigns.conftest import SEGMENT, SIZE, customer_id

from segmint.campaigns.power import base_rate, power_check
from segmint.campaigns.settings import CampaignSettings
from segmint.store import Workspace
from segmint.store.metadata import Campaign
from segmint.store.schema import TRAITS, TRAITS_TABLE


def write_expected(workspace: Workspace, expected: list[float | None]) -> None:
    """A traits table whose only filled trait is ``expected_purchases_365d``."""
    schema = TRAITS.to_pyarrow()
    filled = {
        "customer_id": [customer_id(i) for i in range(SIZE)],
        "as_of": [dt.date(2024, 6, 1)] * SIZE,
        "expected_purchases_365d": expected,
    }
    arrays = [pa.array(filled.get(f.name, [None] * SIZE), type=f.type) for f in schema]
    with workspace.data(write=True) as con:
        con.create_table(TRAITS_TABLE, pa.Table.from_arrays(arrays, schema=schema), overwrite=True)


def test_without_model_scores_the_base_rate_is_the_recent_history(fresh_shop: Workspace) -> None:
    with fresh_shop.data() as con, fresh_shop.session() as session:
        seen = base_rate(con, session, SEGMENT, 14, "en")
    assert seen["members"] == SIZE
    assert seen["base_rate"] == pytest.approx(0.25)  # i % 4 == 0 bought on the last day


def test_with_model_scores_the_base_rate_is_the_models_expectation(
    fresh_shop: Workspace,
) -> None:
    # Half expect 2 purchases a year, half 0.5: P(a purchase in 14 days) by Poisson.
    expected = [2.0 if i % 2 else 0.5 for i in range(SIZE)]
    write_expected(fresh_shop, expected)
    with fresh_shop.data() as con, fresh_shop.session() as session:
        seen = base_rate(con, session, SEGMENT, 14, "en")
    by_hand = sum(1 - math.exp(-e * 14 / 365) for e in expected) / SIZE
    assert seen["base_rate"] == pytest.approx(by_hand, rel=1e-9)
    assert seen["base_rate"] < 0.25  # the history's one-day spike is not the expectation


@pytest.mark.parametrize(
    ("holdout", "warned"),
    [(50.0, False), (3.0, True)],
    ids=["even-split-detects-a-small-lift", "a-3pct-holdout-only-a-large-one"],
)
def test_a_weak_split_is_warned_about(fresh_shop: Workspace, holdout: float, warned: bool) -> None:
    campaign = Campaign(
        name="check",
        segment=SEGMENT,
        channel="email",
        holdout_percent=holdout,
        global_holdout_percent=0.0,
    )
    settings = CampaignSettings(min_holdout=10, max_detectable_lift=0.3)
    with fresh_shop.data() as con, fresh_shop.session() as session:
        check = power_check(con, session, campaign, settings)
    # 1,600 reachable at a 25% base rate: an even split detects about +6 points (24%
    # relative); a 3% holdout (48 customers) only about +19 points (76% relative).
    assert (check["mde_relative"] > 0.3) is warned
    assert (check["warning"] is not None) is warned
    if warned:
        assert "stand out from chance" in check["warning"]
