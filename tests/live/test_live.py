"""Live ingest, the per-customer recompute, builder counts, the count cache and goals."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from segmint.exceptions import IngestRejected, UnknownGoal
from segmint.segments import customer_segments, preview
from segmint.segments.builder import condition_counts
from segmint.segments.cache import CountCache, data_version
from segmint.segments.goals import create_goal, goal_status, list_goals, measure_kpis
from segmint.segments.live import current_segments, ingest, last_run
from segmint.segments.people import filter_customers, profile, search_customers
from segmint.traits.incremental import refresh_traits


def _close(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def _buyer(con) -> dict:
    traits = con.table("traits")
    rows = traits.filter(traits.frequency >= 2).order_by("customer_id").limit(1)
    return rows.to_pyarrow().to_pylist()[0]


def test_refresh_of_an_unchanged_customer_gives_back_the_runs_row(shop):
    with shop.data(write=True) as con, shop.session() as session:
        traits = con.table("traits")
        ids = [
            r["customer_id"]
            for r in traits.order_by("customer_id").limit(25).to_pyarrow().to_pylist()
        ]
        stored = {
            r["customer_id"]: r
            for r in traits.filter(traits.customer_id.isin(ids)).to_pyarrow().to_pylist()
        }
        rows = refresh_traits(con, ids, run=last_run(session), config=shop.settings.traits)
    assert sorted(r["customer_id"] for r in rows) == sorted(ids)
    for row in rows:
        was = stored[row["customer_id"]]
        differ = {k: (was[k], row[k]) for k in was if not _close(was[k], row[k])}
        assert not differ, (row["customer_id"], differ)


def test_refresh_places_a_customer_with_the_runs_matrix_thresholds(shop):
    # Alone, a customer is their own median and never "above" it: a true friend would
    # fall to strangers if the refresh measured the thresholds again.
    with shop.data(write=True) as con, shop.session() as session:
        traits = con.table("traits")
        friends = traits.filter(traits.value_quadrant == "true_friends").order_by("customer_id")
        cid = friends.limit(1).to_pyarrow().to_pylist()[0]["customer_id"]
        rows = refresh_traits(con, [cid], run=last_run(session), config=shop.settings.traits)
    assert [(r["customer_id"], r["value_quadrant"]) for r in rows] == [(cid, "true_friends")]


def test_an_order_moves_the_customers_traits_and_segments(shop):
    with shop.data(write=True) as con, shop.session() as session:
        buyer = _buyer(con)
        cid, day = buyer["customer_id"], buyer["as_of"]
        result = ingest(
            con,
            session,
            orders=[
                {
                    "order_id": "LIVE-1",
                    "customer_id": cid,
                    "order_time": f"{day.isoformat()}T10:00:00",
                    "amount": "1250000",
                    "items": [{"category": "fantasy", "quantity": 1, "unit_price": 1250000}],
                }
            ],
            config=shop.settings.traits,
        )
        now = result["customers"][0]
        assert now["customer_id"] == cid
        assert now["traits"]["frequency"] == buyer["frequency"] + 1
        assert now["traits"]["monetary"] == pytest.approx(buyer["monetary"] + 1_250_000)
        assert now["traits"]["recency_days"] == 0
        # The answer agrees with the segments evaluated from scratch.
        fresh = customer_segments(con, session, cid)["segments"]
        assert now["segments"] == [s["segment"] for s in fresh]
        assert current_segments(con, session, [cid])[cid] == now["segments"]
        # A rule on the new order finds the customer at once.
        found = preview(con, session, query="orders_placed MATCHES (amount = 1250000)", sample=5)
        assert cid in [r["customer_id"] for r in found["sample"]]
        # Sending the same order again changes nothing.
        again = ingest(
            con,
            session,
            orders=[
                {
                    "order_id": "LIVE-1",
                    "customer_id": cid,
                    "order_time": f"{day.isoformat()}T10:00:00",
                    "amount": "1250000",
                }
            ],
            config=shop.settings.traits,
        )
        assert again["customers"][0]["traits"]["frequency"] == buyer["frequency"] + 1
        assert again["customers"][0]["entered"] == again["customers"][0]["left"] == []


def test_a_new_customer_is_created_normalized_and_scored(shop):
    with shop.data(write=True) as con, shop.session() as session:
        day = last_run(session).as_of
        result = ingest(
            con,
            session,
            customers=[
                {
                    "customer_id": "NEW-1",
                    "name": "Sara Test",
                    "phone": "0912 123 4567",
                    "email": "Sara@Example.com",
                    "sms_consent": True,
                    "tags": ["vip"],
                    "fields": {"favourite_genres": ["poetry", "history"]},
                }
            ],
            orders=[
                {
                    "order_id": "LIVE-N",
                    "customer_id": "NEW-1",
                    "order_time": (day + dt.timedelta(days=3)).isoformat() + "T09:00:00",
                    "amount": 900000,
                }
            ],
            events=[
                {
                    "customer_id": "NEW-1",
                    "event_time": "2025-01-01T08:00:00",
                    "event_type": "page_view",
                }
            ],
            config=shop.settings.traits,
        )
        card = profile(con, session, "NEW-1")
    assert result["stored"]["orders"] == 1 and result["stored"]["events"] == 1
    assert card["customer"]["phone"] == "+989121234567"
    assert card["customer"]["email"] == "sara@example.com"
    assert card["fields"] == {"favourite_genres": ["history", "poetry"]}
    assert card["traits"]["frequency"] == 1
    # An order dated after the run counts as of the run's day.
    assert card["traits"]["recency_days"] == 0 and card["traits"]["as_of"] == day
    assert card["traits"]["rfm_group"] is not None
    assert "lifecycle:new" in result["customers"][0]["segments"]
    assert card["customer"]["first_seen"] == dt.date(2025, 1, 1)


@pytest.mark.parametrize(
    ("payload", "word"),
    [
        ({"orders": [{"order_id": "x", "amount": 1}]}, "order_time"),
        ({"orders": [{"order_id": "x", "order_time": "yesterday", "amount": 1}]}, "ISO"),
        ({"customers": [{"customer_id": "x", "shoe_size": 42}]}, "shoe_size"),
        ({"events": [{"customer_id": "x", "event_time": "2025-01-01T00:00:00"}]}, "event_type"),
        ({"customers": []}, "Nothing"),
    ],
    ids=["missing-time", "bad-time", "unknown-field", "missing-type", "empty"],
)
def test_a_bad_record_stores_nothing(shop, payload, word):
    with shop.data(write=True) as con, shop.session() as session:
        before = con.table("orders").count().to_pyarrow().as_py()
        with pytest.raises(IngestRejected, match=word):
            ingest(con, session, **{"customers": [{"customer_id": "ok"}], **payload})
        assert con.table("orders").count().to_pyarrow().as_py() == before
        customers = con.table("customers")
        assert customers.filter(customers.customer_id == "ok").count().to_pyarrow().as_py() == 0


def test_builder_counts_match_previews_of_each_part(shop):
    rule = "frequency >= 2 AND sms_consent = true AND city IS NOT NULL"
    parts = ["frequency >= 2", "sms_consent = true", "city IS NOT NULL"]
    with shop.data() as con, shop.session() as session:
        counts = condition_counts(con, session, rule)
        alone = [preview(con, session, query=p, sample=0)["count"] for p in parts]
        running = [
            preview(con, session, query=" AND ".join(parts[: i + 1]), sample=0)["count"]
            for i in range(3)
        ]
    assert counts["combine"] == "and"
    assert [c["alone"] for c in counts["conditions"]] == alone
    assert [c["cumulative"] for c in counts["conditions"]] == running
    assert counts["count"] == running[-1]


def test_count_cache_hits_until_the_data_changes(shop):
    cache = CountCache()
    rule = "frequency >= 2"
    with shop.data(write=True) as con, shop.session() as session:
        first = cache.preview(con, session, rule)
        expected = preview(con, session, query=rule, sample=0)
        assert first == {k: expected[k] for k in first}
        assert cache.preview(con, session, "frequency>=2") == first
        assert (cache.hits, cache.misses) == (1, 1)
        version = data_version(session)
        buyer = _buyer(con)
        ingest(
            con,
            session,
            customers=[{"customer_id": "C-NEWCOMER"}],
            config=shop.settings.traits,
        )
        assert data_version(session) != version
        cache.preview(con, session, rule)
        assert cache.misses == 2
        assert buyer


def test_goal_compares_the_target_with_the_segment_now(shop):
    with shop.data() as con, shop.session() as session:
        goal = create_goal(
            session,
            "rfm:champions",
            goal="Keep champions",
            kpi="customers",
            target=1,
            review_date=dt.date(2030, 1, 1),
        )
        status = goal_status(con, session, goal["id"], today=dt.date(2029, 12, 1))
        members = preview(con, session, name="rfm:champions", sample=0)["count"]
        assert status["actual"] == members
        assert status["met"] is (members >= 1)
        assert status["days_to_review"] == 31 and status["overdue"] is False
        kpis = measure_kpis(con, session, "rfm:champions")
        assert (
            kpis["reachable_sms"]
            == preview(con, session, name="rfm:champions", sample=0)["reachable_sms"]
        )
        assert [g["id"] for g in list_goals(session, segment="rfm:champions")] == [goal["id"]]
        with pytest.raises(UnknownGoal):
            goal_status(con, session, 999)


def test_filter_pages_cover_the_rule_once_in_order(shop):
    with shop.data() as con, shop.session() as session:
        seen, after = [], None
        while True:
            page = filter_customers(con, session, "frequency >= 1", limit=40, after=after)
            seen += [r["customer_id"] for r in page["items"]]
            after = page["next_after"]
            if after is None:
                break
        everyone = preview(con, session, query="frequency >= 1", sample=0)["count"]
        assert seen == sorted(seen) and len(set(seen)) == len(seen) == everyone
        first = con.table("customers").order_by("customer_id").limit(1).to_pyarrow().to_pylist()[0]
        hits = search_customers(con, first["phone"][-6:])["items"]
        assert first["customer_id"] in [h["customer_id"] for h in hits]
