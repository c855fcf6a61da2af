"""The assembled traits table, CLV scoring, and the settings models."""

from __future__ import annotations

import datetime as dt

import ibis
import numpy as np
import pandas as pd
import pydantic
import pytest
from pydantic import BaseModel

from segmint.exceptions import ModelError
from segmint.traits import (
    CLV_COLUMNS,
    TRAITS_SCHEMA,
    LifecycleConfig,
    TraitsConfig,
    ValueConfig,
    clv_summary,
    compute_traits,
    score_clv,
)
from tests.backends import load_table
from tests.traits.factories import arrow_table, generated_shop, order

AS_OF = dt.date(2024, 3, 31)
D = dt.date.fromisoformat
CONTRACT = (
    "customer_id, as_of, first_order_date, last_order_date, recency_days, frequency, "
    "repeat_orders, monetary, avg_order_value, tenure_days, r_score, f_score, m_score, "
    "rfm_score, rfm_group, lifecycle_stage, generation, age, age_band, p_alive, churn_risk, "
    "expected_purchases_365d, expected_next_order_date, clv_365d, pcv, return_rate, "
    "discount_share, favourite_category, favourite_channel, last_csat, avg_csat, sow, cpa, "
    "value_quadrant"
)


@pytest.fixture
def small(con, make_table):
    customers = make_table(
        "customers",
        [
            {"customer_id": "a", "signup_date": D("2023-01-01"), "birth_date": D("1990-05-01")},
            {"customer_id": "b", "signup_date": D("2024-03-15")},
            {"customer_id": "p"},
            {"customer_id": "future", "signup_date": D("2024-06-01")},
        ],
    )
    orders = make_table(
        "orders",
        [
            order("a", "2024-01-01", 100.0, channel="web"),
            order("a", "2024-02-01", 50.0, channel="web"),
            order("b", "2024-03-01", 30.0),
            order("ghost", "2024-03-10", 20.0),
            order("future", "2024-05-01", 20.0),
            order(None, "2024-03-10", 20.0),
        ],
    )
    return {"customers": customers, "orders": orders}


def test_schema_is_the_contract(small):
    expr = compute_traits(small, as_of=AS_OF)
    assert expr.schema() == TRAITS_SCHEMA
    contract = [c.strip() for c in CONTRACT.split(",")]
    assert [c for c in expr.columns if c not in ("previous_stage", "stage_since")] == contract


def test_one_row_per_customer(con, small):
    out = con.execute(compute_traits(small, as_of=AS_OF)).set_index("customer_id")
    # "future" signed up after as_of; "ghost" bought without a customers row.
    assert sorted(out.index) == ["a", "b", "ghost", "p"]
    assert out.loc["p"].lifecycle_stage == "prospect"
    assert (out.loc["p"].frequency, out.loc["p"].monetary, out.loc["p"].pcv) == (0, 0.0, 0.0)
    assert pd.isna(out.loc["p"].r_score)
    # tenure counts from the earlier of signup and first order.
    assert [out.loc[c].tenure_days for c in ("a", "b", "ghost")] == [455, 30, 21]
    assert pd.isna(out.loc["p"].tenure_days)
    assert out.loc["a"].age == 33 and out.loc["a"].generation == "millennial"
    assert out.loc["a"].favourite_channel == "web"
    assert (pd.to_datetime(out.as_of).dt.date == AS_OF).all()
    assert out[list(CLV_COLUMNS)].isna().all().all()


def test_clv_scores_are_attached(con, small):
    clv = ibis.memtable(
        pd.DataFrame(
            {
                "customer_id": ["a", "b"],
                "p_alive": [0.9, 0.5],
                "churn_risk": [0.1, 0.5],
                "expected_purchases_365d": [2.0, 0.5],
                "expected_next_order_date": [D("2024-05-01"), D("2024-09-01")],
                "clv_365d": [120.0, 15.0],
            }
        )
    )
    out = con.execute(compute_traits(small, as_of=AS_OF, clv=clv)).set_index("customer_id")
    assert out.loc["a"].p_alive == 0.9 and out.loc["b"].clv_365d == 15.0
    assert pd.isna(out.loc["p"].p_alive)


def test_clv_summary_counts_orders_of_the_as_of_day(con, make_table):
    orders = make_table(
        "orders", [order("a", "2024-03-01 10:00"), order("a", "2024-03-31 15:00", 20.0)]
    )
    out = con.execute(clv_summary(orders, as_of=AS_OF)).set_index("customer_id")
    assert out.loc["a"].frequency == 1
    assert out.loc["a"].monetary_value == 20.0
    assert out.loc["a", "T"] == pytest.approx(30.0 + 14 / 24, abs=1e-3)


@pytest.fixture(scope="module")
def shop(module_con) -> dict:
    customers, rows = generated_shop(1500, seed=3)
    return {
        "customers": load_table(module_con, "customers", arrow_table("customers", customers)),
        "orders": load_table(module_con, "orders", arrow_table("orders", rows)),
    }


@pytest.fixture(scope="module")
def shop_summary(module_con, shop) -> pd.DataFrame:
    return module_con.execute(clv_summary(shop["orders"], as_of=dt.date(2024, 6, 30)))


def test_whole_chain_fills_clv_columns(module_con, shop, shop_summary):
    as_of = dt.date(2024, 6, 30)
    result = score_clv(shop_summary, as_of=as_of)
    clv = module_con.create_table("clv_scores", result.scores)
    traits = module_con.execute(compute_traits(shop, as_of=as_of, clv=clv)).set_index("customer_id")
    buyers = traits[traits.frequency > 0]
    assert len(buyers) == len(shop_summary)
    assert buyers[list(CLV_COLUMNS)].notna().all().all()
    assert traits[traits.frequency == 0].p_alive.isna().all()
    expected = result.scores.set_index("customer_id")
    assert np.allclose(buyers.p_alive, expected.p_alive.loc[buyers.index])


@pytest.mark.parametrize(
    ("model", "params"),
    [("bgnbd", {"r", "alpha", "a", "b"}), ("pareto", {"r", "alpha", "s", "beta"})],
)
def test_score_clv(shop_summary, model, params):
    as_of = dt.date(2024, 6, 30)
    result = score_clv(shop_summary, as_of=as_of, model=model)
    scores = result.scores
    assert result.model == model, [p.message() for p in result.problems]
    assert set(result.params) == params
    assert set(result.spend_params) == {"p", "q", "gamma"}
    assert np.isfinite(result.log_likelihood)
    assert list(scores.columns) == ["customer_id", *CLV_COLUMNS]
    assert len(scores) == len(shop_summary)
    assert scores.p_alive.between(0, 1).all()
    # P(no order in 365 days) is at least the chance of being gone already (1 - P(alive)).
    assert (scores.churn_risk >= 1 - scores.p_alive - 1e-12).all()
    assert (scores.churn_risk <= 1).all() and result.problems == []
    assert (scores.expected_purchases_365d >= 0).all() and (scores.clv_365d >= 0).all()
    assert all(d >= as_of for d in scores.expected_next_order_date if not pd.isna(d))


@pytest.mark.parametrize("model", ["bgnbd", "pareto"])
def test_score_clv_does_not_depend_on_the_time_unit(shop_summary, model):
    # The same histories in weeks give the same predictions over 365 days.
    as_of = dt.date(2024, 6, 30)
    days = score_clv(shop_summary, as_of=as_of, model=model).scores
    weekly = shop_summary.assign(recency=shop_summary.recency / 7, T=shop_summary["T"] / 7)
    weeks = score_clv(weekly, as_of=as_of, model=model, config=ValueConfig(clv_period_days=7))
    for column in ("p_alive", "expected_purchases_365d", "clv_365d"):
        assert np.allclose(days[column], weeks.scores[column], rtol=1e-3, atol=1e-6), column
    # Dates are whole days: allow one day of rounding plus the same relative tolerance as
    # above on the wait itself (waits run to years for customers who are likely gone).
    excess = [
        abs((a - b).days) - 1 - 1e-3 * (a - as_of).days
        for a, b in zip(
            days.expected_next_order_date, weeks.scores.expected_next_order_date, strict=True
        )
        if not pd.isna(a)
    ]
    assert max(excess) <= 0


def test_score_clv_explains_missing_columns():
    with pytest.raises(ModelError, match="needs the columns"):
        score_clv(pd.DataFrame({"customer_id": ["a"]}), as_of=AS_OF)


def _fields(model: type[BaseModel], prefix: str = ""):
    for name, field in model.model_fields.items():
        yield f"{prefix}{name}", field
        if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel):
            yield from _fields(field.annotation, f"{prefix}{name}.")


def test_every_setting_has_a_help_text():
    missing = [name for name, field in _fields(TraitsConfig) if not field.description]
    assert missing == []


def test_config_round_trips():
    cfg = TraitsConfig.model_validate(
        {"rfm": {"bins": 4, "monetary_weight": 0}, "lifecycle": {"active_days": 30}}
    )
    assert TraitsConfig.model_validate(cfg.model_dump()) == cfg


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: LifecycleConfig(active_percentile=0.9, lapsed_percentile=0.8), "must be below"),
        (lambda: LifecycleConfig(active_days=90, lapsed_days=30), "must be below"),
        (lambda: TraitsConfig(age_band_edges=[18, 18, 30]), "strictly increasing"),
        (lambda: TraitsConfig(rfm={"frequency_weight": 0, "monetary_weight": 0}), "cannot both"),
        (lambda: ValueConfig(clv_model="gamma"), "bgnbd"),
        (lambda: TraitsConfig(unknown=1), "Extra inputs"),
    ],
    ids=["percentiles", "fixed-days", "age-edges", "fm-weights", "model-name", "unknown-key"],
)
def test_config_rejects(build, message):
    with pytest.raises(pydantic.ValidationError, match=message):
        build()
