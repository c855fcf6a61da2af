"""The structure planted in the demo data is there for models to find."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from segmint.demo import CATEGORIES, PERSONAS

from .conftest import END


@pytest.fixture(scope="module")
def completed(tables) -> pd.DataFrame:
    orders = tables["orders"]
    orders = orders[(orders.status == "completed") & orders.customer_id.notna()]
    return orders.assign(order_time=pd.to_datetime(orders.order_time))


def test_dropout_share_inactive_grows_with_tenure(tables, completed) -> None:
    customers = tables["customers"].set_index("customer_id")
    tenure = (pd.Timestamp(END) - pd.to_datetime(customers.signup_date)).dt.days
    last = completed.groupby("customer_id").order_time.max()
    inactive = last < pd.Timestamp(END) - pd.Timedelta(days=182)
    # customers who joined in the last half year cannot be inactive yet, so they are left out
    bucket = pd.cut(tenure[last.index], [182, 365, 730, 2000], labels=False).to_numpy()
    share = inactive.groupby(bucket).mean()
    assert share[0] < share[1] < share[2]
    assert share[2] > 0.6


def test_repeat_purchases_are_heterogeneous(completed) -> None:
    counts = completed.groupby("customer_id").size()
    assert 0.3 < (counts == 1).mean() < 0.7
    assert counts.quantile(0.99) >= 10


@pytest.mark.parametrize(
    ("month", "neighbours"),
    [(3, (2, 4)), (12, (11, 1)), (9, (8, 10))],
    ids=["nowruz-march", "yalda-december", "mehr-september"],
)
def test_seasonal_months_beat_their_neighbours(completed, month, neighbours) -> None:
    times = completed.order_time
    full = times[(times >= "2022-04-01") & (times < "2025-04-01")]  # three whole years
    volume = full.dt.month.value_counts()
    assert volume[month] > 1.1 * np.mean([volume[m] for m in neighbours])


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.key for p in PERSONAS])
def test_each_persona_buys_its_top_category_most(tables, persona) -> None:
    truth = tables["truth"]
    items = tables["order_items"].merge(tables["orders"], on="order_id").merge(truth)
    mine = items[items.persona == persona.key]
    top = max(persona.categories, key=persona.categories.get)
    assert mine.category.value_counts().idxmax() == top


def test_personas_are_recoverable_from_the_category_mix(tables) -> None:
    items = tables["order_items"].merge(tables["orders"], on="order_id")
    counts = pd.crosstab(items.customer_id, items.category).reindex(columns=list(CATEGORIES))
    counts = counts.fillna(0)[counts.sum(axis=1) >= 3]
    mix = np.array([[p.categories.get(c, 0.0) for c in CATEGORIES] for p in PERSONAS])
    loglik = counts.to_numpy() @ np.log(mix + 1e-3).T
    guess = np.array([p.key for p in PERSONAS])[loglik.argmax(axis=1)]
    truth = tables["truth"].set_index("customer_id").persona[counts.index]
    assert (guess == truth.to_numpy()).mean() > 0.7


def test_discount_hunters_only_buy_on_discount(tables, completed) -> None:
    hunters = tables["truth"].query("discount_hunter").customer_id
    mine = completed[completed.customer_id.isin(hunters)]
    others = completed[~completed.customer_id.isin(hunters)]
    assert (mine.discount > 0).all()
    assert 0.1 < (others.discount > 0).mean() < 0.4


def test_bulk_buyers_spend_more_per_order(tables, completed) -> None:
    value = completed.merge(tables["truth"]).groupby("persona").amount.mean()
    assert value["bulk_buyer"] > 1.5 * value.drop("bulk_buyer").max()


def test_returns_lower_satisfaction(tables) -> None:
    orders, items = tables["orders"], tables["order_items"]
    returns = orders[orders.status == "returned"].merge(items, on="order_id")
    bought = orders[orders.status == "completed"].merge(items, on="order_id")
    back = bought.merge(returns[["customer_id", "product_id"]], on=["customer_id", "product_id"])
    feedback = tables["feedback"]
    returned = feedback.order_id.isin(back.order_id)
    assert feedback.csat[returned].mean() < feedback.csat[~returned].mean() - 1.0
    assert feedback.csat.mean() > 3.8
    assert np.corrcoef(feedback.dropna().csat, feedback.dropna().nps)[0, 1] > 0.5


def test_acquisition_costs_follow_acquired_customers(tables) -> None:
    customers, costs = tables["customers"], tables["acquisition_costs"]
    acquired = customers.groupby("acquisition_channel").size()
    spend = costs.groupby("channel").cost.sum()
    cpa = spend / acquired[spend.index]
    assert cpa["google"] > cpa["sms"]
    campaigns = set(customers.acquisition_campaign.dropna())
    assert campaigns == set(costs.campaign)
