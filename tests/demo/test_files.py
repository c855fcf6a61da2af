"""The demo export's shape: determinism, headers, keys, amounts, ranges, mess."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from segmint.demo import CATEGORIES, FILES, generate
from segmint.exceptions import SettingsError
from segmint.store.schema import TABLES

from .conftest import END


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", customers=1_500, seed=3)
    second = generate(tmp_path / "b", customers=1_500, seed=3)
    for name in FILES:
        assert first.paths[name].read_bytes() == second.paths[name].read_bytes(), name


def test_each_file_is_announced_once_and_complete(tmp_path: Path) -> None:
    told: dict[str, bytes] = {}

    def on_file(name: str, path: Path) -> None:
        assert name not in told
        told[name] = path.read_bytes()  # what a reader sees at the moment it is told

    files = generate(tmp_path, customers=300, seed=3, truth=True, on_file=on_file)
    assert set(told) == set(files.paths)
    for name, path in files.paths.items():
        assert told[name] == path.read_bytes(), name


def test_other_seed_gives_other_customers(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", customers=300, seed=1)
    second = generate(tmp_path / "b", customers=300, seed=2)
    assert first.paths["customers"].read_bytes() != second.paths["customers"].read_bytes()


@pytest.mark.parametrize("name", FILES)
def test_headers_are_the_data_model_field_names(demo, name) -> None:
    with demo.paths[name].open(encoding="utf-8") as handle:
        header = handle.readline().strip().replace('"', "")
    expected = list(TABLES[name].names)
    if name == "customers":
        # first_seen is computed from orders, events and feedback, never imported;
        # income_band and age_band are read from the income and age columns.
        expected = [n for n in expected if n not in {"first_seen", "income_band", "age_band"}]
        expected += ["favourite_genres", "preferred_format", "preferred_language"]
    if name == "order_items":
        # The demo shop gives no line discounts.
        expected = [n for n in expected if n != "discount"]
    if name == "orders":
        # The demo shop has issued no coupons yet (segmint coupons issue makes them).
        expected = [n for n in expected if n != "coupon"]
    if name == "feedback":
        # Its answers come from the shop's own surveys, not from a segmint campaign's link.
        expected = [n for n in expected if n != "campaign"]
    assert header.split(",") == expected


@pytest.mark.parametrize("name", FILES)
def test_row_counts_match_the_files(demo, tables, name) -> None:
    assert demo.rows[name] == len(tables[name]) > 0


def test_generate_rejects_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="at least 1"):
        generate(tmp_path, customers=0)
    with pytest.raises(SettingsError, match="before end"):
        generate(tmp_path, start=dt.date(2024, 1, 1), end=dt.date(2023, 1, 1))
    with pytest.raises(SettingsError, match="دست‌کم ۱"):
        generate(tmp_path, customers=0, lang="fa")


@pytest.mark.parametrize(
    ("table", "column"),
    [("customers", "customer_id"), ("orders", "order_id"), ("events", "event_id"),
     ("feedback", "feedback_id")],
    ids=["customers", "orders", "events", "feedback"],
)  # fmt: skip
def test_identifiers_are_unique(tables, table, column) -> None:
    assert tables[table][column].is_unique


def test_references_resolve(tables) -> None:
    customers = set(tables["customers"].customer_id)
    orders = tables["orders"]
    assert set(orders.customer_id.dropna()) <= customers
    assert orders.customer_id.isna().mean() < 0.06  # walk-in store orders only
    assert set(tables["order_items"].order_id) == set(orders.order_id)
    assert set(tables["events"].customer_id.dropna()) <= customers
    feedback = tables["feedback"].merge(orders, on="order_id", suffixes=("", "_order"))
    assert len(feedback) == len(tables["feedback"])
    assert (feedback.customer_id == feedback.customer_id_order).all()
    assert (feedback.status == "completed").all()
    assert (pd.to_datetime(feedback.feedback_time) > pd.to_datetime(feedback.order_time)).all()


def test_order_lines_are_numbered_from_one(tables) -> None:
    items = tables["order_items"]
    lines = items.groupby("order_id").line_no.agg(["min", "max", "count", "nunique"])
    assert (lines["min"] == 1).all()
    assert (lines["max"] == lines["count"]).all()
    assert (lines["nunique"] == lines["count"]).all()


def test_amount_is_lines_less_discount(tables) -> None:
    items = tables["order_items"]
    gross = (items.quantity * items.unit_price).groupby(items.order_id).sum()
    orders = tables["orders"].set_index("order_id")
    assert (orders.amount == gross[orders.index] - orders.discount).all()
    assert (orders.discount >= 0).all()
    assert (orders.amount > 0).all()


def test_a_return_refunds_one_line_bought_before(tables) -> None:
    orders, items = tables["orders"], tables["order_items"]
    returns = orders[orders.status == "returned"]
    lines = items[items.order_id.isin(returns.order_id)]
    assert len(lines) == len(returns)
    bought = items.merge(orders[orders.status != "returned"], on="order_id")
    back = lines.merge(returns, on="order_id").merge(
        bought, on=["customer_id", "product_id"], suffixes=("", "_bought")
    )
    earlier = back[back.order_time_bought < back.order_time]
    assert set(earlier.order_id) == set(returns.order_id)


@pytest.mark.parametrize(
    ("status", "low", "high"),
    [("completed", 0.9, 0.97), ("cancelled", 0.01, 0.04), ("returned", 0.02, 0.06)],
    ids=["completed", "cancelled", "returned"],
)
def test_status_shares(tables, status, low, high) -> None:
    share = (tables["orders"].status == status).mean()
    assert low < share < high


def test_values_are_in_range(tables) -> None:
    customers, orders = tables["customers"], tables["orders"]
    assert set(customers.gender.dropna()) <= {"female", "male", "other"}
    assert set(customers.marital_status.dropna()) <= {"single", "married", "divorced", "widowed"}
    assert (customers.income.dropna() >= 0).all()
    assert customers.sms_consent.dtype == bool and customers.email_consent.dtype == bool
    iso = pd.to_datetime(customers.birth_date, format="%Y-%m-%d", errors="coerce").dropna()
    age = (pd.Timestamp(END) - iso).dt.days / 365.25
    assert age.between(15, 90).all()
    assert 0.6 < age.between(18, 55).mean() < 0.95
    times = pd.to_datetime(orders.order_time)
    assert times.min() >= pd.Timestamp("2022-03-21") and times.max() < pd.Timestamp("2025-09-23")
    signup = pd.to_datetime(customers.signup_date)
    first = orders.assign(t=times).groupby("customer_id").t.min()
    assert (first >= signup.set_axis(customers.customer_id)[first.index]).all()
    assert set(tables["order_items"].category) <= set(CATEGORIES)
    assert set(orders.channel) <= {"web", "app", "instagram", "store"}
    assert (orders.currency == "IRR").all()
    feedback = tables["feedback"]
    assert feedback.csat.dropna().between(1, 5).all()
    assert feedback.nps.dropna().between(0, 10).all()
    assert 0.08 < len(feedback) / (orders.status == "completed").sum() < 0.16
    costs = tables["acquisition_costs"]
    assert (costs.cost > 0).all() and "organic" not in set(costs.channel)


@pytest.mark.parametrize(
    ("column", "pattern"),
    [("phone", r"^09\d{9}$"), ("phone", r"^\+989\d{9}$"), ("phone", r"^00989\d{9}$"),
     ("phone", r"^09\d\d \d{3} \d{4}$"), ("phone", "^[۰-۹]{11}$"), ("name", "[يك]"),
     ("email", "[A-Z]"), ("birth_date", r"^1[34]\d\d/\d\d/\d\d$"), ("birth_date", "^[۰-۹]{4}/"),
     ("tags", r"\|"), ("favourite_genres", r"\|"), ("preferred_format", "^audio$")],
    ids=["phone-local", "phone-plus98", "phone-0098", "phone-spaced", "phone-persian-digits",
         "name-arabic-letters", "email-mixed-case", "birth-date-jalali", "birth-date-persian",
         "tags-multi", "genres-multi", "format"],
)  # fmt: skip
def test_messy_real_world_formats_are_present(tables, column, pattern) -> None:
    assert tables["customers"][column].dropna().str.contains(pattern).sum() >= 5


@pytest.mark.parametrize("column", ["phone", "email", "birth_date", "income", "occupation"])
def test_some_values_are_missing(tables, column) -> None:
    missing = tables["customers"][column].isna().mean()
    assert 0.01 < missing < 0.6


def test_events_cover_the_event_types(tables) -> None:
    events = tables["events"]
    assert set(events.event_type) == {"page_view", "add_to_cart", "email_open", "email_click"}
    assert 3 < len(events) / len(tables["customers"]) < 12
    email = events[events.event_type.str.startswith("email")]
    assert email.campaign.notna().all()
    assert events.url.dropna().str.match(r"^/(product/\d+|category/\w+|sale|blog|new|cart)?$").all()
    carts = events[events.event_type == "add_to_cart"]
    assert carts.properties.str.contains('"product_id"').all()
    per_customer = events.groupby("customer_id").size()
    orders = tables["orders"].groupby("customer_id").size()
    joined = pd.concat([per_customer, orders], axis=1).fillna(0)
    assert np.corrcoef(joined.iloc[:, 0], joined.iloc[:, 1])[0, 1] > 0.3


@pytest.mark.parametrize(
    ("customers", "start", "end"),
    [(1, dt.date(2022, 3, 21), dt.date(2025, 9, 22)), (5, dt.date(2024, 1, 1), dt.date(2024, 1, 2)),
     (400, dt.date(2023, 7, 1), dt.date(2024, 6, 30))],
    ids=["one-customer", "two-days", "window-off-jalali-year"],
)  # fmt: skip
def test_small_and_odd_windows_still_write_every_file(
    tmp_path: Path, customers, start, end
) -> None:
    files = generate(tmp_path, customers=customers, start=start, end=end)
    assert set(files.paths) == set(FILES)
    assert all(files.paths[name].stat().st_size > 0 for name in FILES)
    orders = pd.read_csv(files.paths["orders"])
    if len(orders):
        times = pd.to_datetime(orders.order_time)
        assert times.min() >= pd.Timestamp(start) and times.max() < pd.Timestamp(
            end
        ) + pd.Timedelta(days=1)
