"""Entries from snapshots, waits, branches and tags on a fake clock; each step once."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from segmint import steps
from segmint.store import Workspace
from segmint.store.metadata import JourneyEntry, JourneyPassage, JourneyRecord
from tests.journeys.conftest import D1, T0, add_day, hours, journey

D2, D3, D4 = (D1 + dt.timedelta(days=n) for n in (1, 2, 3))
WAIT_LONG = {"type": "wait", "days": 30}


def _entries(workspace: Workspace, name: str) -> dict[str, dt.date]:
    with workspace.session() as session:
        record = session.scalar(select(JourneyRecord).where(JourneyRecord.name == name))
        assert record is not None
        rows = session.execute(
            select(JourneyEntry.customer_id, JourneyEntry.day).where(
                JourneyEntry.journey_id == record.id
            )
        )
        return {customer: day for customer, day in rows}


def _passages(workspace: Workspace, name: str) -> dict[tuple[str, int], tuple]:
    """(customer, step) -> (reached, due, done, outcome), times as naive UTC."""
    with workspace.session() as session:
        record = session.scalar(select(JourneyRecord).where(JourneyRecord.name == name))
        assert record is not None
        rows = session.scalars(select(JourneyPassage).where(JourneyPassage.journey_id == record.id))
        return {
            (p.customer_id, p.step): (
                p.reached_at.replace(tzinfo=None),
                p.due_at.replace(tzinfo=None),
                p.done_at and p.done_at.replace(tzinfo=None),
                p.outcome,
            )
            for p in rows
        }


def _tags(workspace: Workspace) -> dict[str, list[str]]:
    with workspace.data() as con:
        rows = con.table("customers").select("customer_id", "tags").to_pyarrow().to_pylist()
    return {r["customer_id"]: sorted(r["tags"] or []) for r in rows}


def _naive(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=None)


def test_entries_are_the_new_members_of_each_day(shop: Workspace) -> None:
    add_day(shop, D1, ["c1"])
    steps.journeys.create(shop, journey("hold", WAIT_LONG))
    first = steps.journeys.tick(shop, now=T0)
    assert first["entered"] == 0  # the first tick only marks where entries start
    assert steps.journeys.show(shop, "hold")["checked_through"] == D1
    add_day(shop, D2, ["c1", "c2", "c3"])
    add_day(shop, D3, ["c2", "c4"])
    assert steps.journeys.tick(shop, now=T0)["entered"] == 3
    # c2 was new on D2 only; c1 left on D3 and comes back on D4, so enters then.
    assert _entries(shop, "hold") == {"c2": D2, "c3": D2, "c4": D3}
    add_day(shop, D4, ["c1", "c4"])
    assert steps.journeys.tick(shop, now=T0 + hours(1))["entered"] == 1
    assert _entries(shop, "hold") == {"c2": D2, "c3": D2, "c4": D3, "c1": D4}
    shown = steps.journeys.show(shop, "hold")
    assert (shown["entered"], shown["inside"], shown["checked_through"]) == (4, 4, D4)


def test_wait_holds_customers_until_due_then_the_tag_is_added(shop: Workspace) -> None:
    add_day(shop, D1, ["c1"])
    steps.journeys.create(
        shop, journey("welcome", {"type": "wait", "days": 2}, {"type": "tag", "tag": "welcomed"})
    )
    steps.journeys.tick(shop, now=T0)
    add_day(shop, D2, ["c1", "c2", "c3"])
    entered = steps.journeys.tick(shop, now=T0)
    assert (entered["entered"], entered["done"], entered["finished"]) == (2, 0, 0)
    early = steps.journeys.tick(shop, now=T0 + hours(47.9))
    assert (early["entered"], early["done"], early["finished"]) == (0, 0, 0)
    assert not any(_tags(shop).values())
    due = steps.journeys.tick(shop, now=T0 + hours(48))
    assert due["journeys"][0]["done"] == {1: 2, 2: 2}
    assert due["finished"] == 2
    assert _tags(shop) == {c: (["welcomed"] if c in {"c2", "c3"} else []) for c in _tags(shop)}
    passages = _passages(shop, "welcome")
    assert passages[("c2", 1)] == (
        _naive(T0),
        _naive(T0 + hours(48)),
        _naive(T0 + hours(48)),
        "waited",
    )
    assert passages[("c2", 2)][3] == "tagged"


def test_ticking_again_changes_nothing(shop: Workspace) -> None:
    add_day(shop, D1, [])
    steps.journeys.create(
        shop, journey("once", {"type": "wait", "days": 1}, {"type": "tag", "tag": "once"})
    )
    steps.journeys.tick(shop, now=T0)
    add_day(shop, D2, ["c2", "c3"])
    steps.journeys.tick(shop, now=T0)
    steps.journeys.tick(shop, now=T0 + hours(24))
    before = (_entries(shop, "once"), _passages(shop, "once"), _tags(shop))
    for later in (T0 + hours(24), T0 + hours(25), T0 + hours(24 * 40)):
        again = steps.journeys.tick(shop, now=later)
        assert (again["entered"], again["done"], again["finished"]) == (0, 0, 0)
    assert (_entries(shop, "once"), _passages(shop, "once"), _tags(shop)) == before
    log = steps.tag_log(shop, tag="once")
    assert [(e["actor"], e["changed"]) for e in log] == [("journey:once", 2)]
    with (
        pytest.raises(IntegrityError),
        shop.session() as session,
    ):  # UNIQUE(journey, customer, step)
        record = session.scalar(select(JourneyRecord).where(JourneyRecord.name == "once"))
        assert record is not None
        session.add(
            JourneyPassage(journey_id=record.id, customer_id="c2", step=1, reached_at=T0, due_at=T0)
        )
        session.flush()


@pytest.mark.parametrize(
    ("branch", "reached", "tags"),
    [
        pytest.param(
            {"type": "branch", "rule": "email_consent = true", "else": "end"},
            {1: {"c2", "c3", "c4", "c6"}, 2: {"c3", "c4"}, 3: {"c3", "c4"}},
            {"c3": ["all", "consented"], "c4": ["all", "consented"]},
            id="else-ends",
        ),
        pytest.param(
            {"type": "branch", "rule": "email_consent = true", "then": 3},
            {1: {"c2", "c3", "c4", "c6"}, 2: {"c2", "c6"}, 3: {"c2", "c3", "c4", "c6"}},
            {"c2": ["all", "consented"], "c3": ["all"], "c4": ["all"], "c6": ["all", "consented"]},
            id="then-skips",
        ),
    ],
)
def test_branch_sends_each_customer_by_the_rule(
    shop: Workspace, branch: dict, reached: dict[int, set[str]], tags: dict[str, list[str]]
) -> None:
    # c2 said no to e-mail, c6 said nothing (null): neither matches the rule.
    add_day(shop, D1, [])
    tag_consented = {"type": "tag", "tag": "consented"}
    steps.journeys.create(
        shop, journey("split", branch, tag_consented, {"type": "tag", "tag": "all"})
    )
    steps.journeys.tick(shop, now=T0)
    add_day(shop, D2, ["c2", "c3", "c4", "c6"])
    steps.journeys.tick(shop, now=T0)
    passages = _passages(shop, "split")
    got = {step: {c for c, s in passages if s == step} for step in (1, 2, 3)}
    assert got == reached
    outcomes = {c: passages[(c, 1)][3] for c in reached[1]}
    assert outcomes == {"c2": "else", "c3": "then", "c4": "then", "c6": "else"}
    assert {c: t for c, t in _tags(shop).items() if t} == tags
    assert steps.journeys.show(shop, "split")["inside"] == 0


def test_waits_chain_from_the_due_time_not_the_tick(shop: Workspace) -> None:
    add_day(shop, D1, [])
    steps.journeys.create(
        shop,
        journey(
            "chain",
            {"type": "wait", "days": 2},
            {"type": "wait", "days": 3},
            {"type": "tag", "tag": "late"},
        ),
    )
    steps.journeys.tick(shop, now=T0)
    add_day(shop, D2, ["c3"])
    steps.journeys.tick(shop, now=T0)
    middle = steps.journeys.tick(shop, now=T0 + hours(24 * 4))
    assert middle["journeys"][0]["done"] == {1: 1}
    # A tick long after both waits ended carries c3 through all of them at once.
    late = steps.journeys.tick(shop, now=T0 + hours(24 * 10))
    assert late["journeys"][0]["done"] == {2: 1, 3: 1}
    passages = _passages(shop, "chain")
    assert passages[("c3", 2)][:2] == (_naive(T0 + hours(48)), _naive(T0 + hours(120)))
    assert passages[("c3", 3)][0] == _naive(T0 + hours(120))
    assert _tags(shop)["c3"] == ["late"]


def test_a_paused_journey_waits_and_catches_up(shop: Workspace) -> None:
    add_day(shop, D1, [])
    steps.journeys.create(shop, journey("pausable", {"type": "tag", "tag": "p"}))
    steps.journeys.tick(shop, now=T0)
    steps.journeys.set_status(shop, "pausable", "paused")
    add_day(shop, D2, ["c1"])
    assert steps.journeys.tick(shop, now=T0)["entered"] == 0
    assert _tags(shop)["c1"] == []
    steps.journeys.set_status(shop, "pausable", "active")
    resumed = steps.journeys.tick(shop, now=T0 + hours(1))
    assert (resumed["entered"], resumed["finished"]) == (1, 1)
    assert _tags(shop)["c1"] == ["p"]


def test_a_failing_journey_keeps_its_error_and_the_others_go_on(shop: Workspace) -> None:
    add_day(shop, D1, [])
    steps.journeys.create(shop, journey("good", {"type": "tag", "tag": "good"}))
    steps.journeys.create(
        shop,
        journey("bad", {"type": "branch", "rule": "frequency > 1"}, {"type": "tag", "tag": "b"}),
    )
    with shop.session() as session:  # as if the field the rule reads had gone
        record = session.scalar(select(JourneyRecord).where(JourneyRecord.name == "bad"))
        assert record is not None
        record.definition = {
            **record.definition,
            "steps": [{"type": "branch", "rule": "no_such_field > 1"}, {"type": "tag", "tag": "b"}],
        }
    steps.journeys.tick(shop, now=T0)
    add_day(shop, D2, ["c1"])
    done = steps.journeys.tick(shop, now=T0)
    reports = {r["journey"]: r for r in done["journeys"]}
    assert "no_such_field" in reports["bad"]["error"]
    assert reports["good"]["finished"] == 1
    assert "no_such_field" in steps.journeys.show(shop, "bad")["last_error"]
    assert _tags(shop)["c1"] == ["good"]
    # c1 entered "bad" and waits at its first step; the entry was kept.
    assert _entries(shop, "bad") == {"c1": D2}


def test_the_scheduler_job_ticks_with_its_due_time(shop: Workspace) -> None:
    from segmint.scheduler.kinds import KINDS

    add_day(shop, D1, [])
    steps.journeys.create(
        shop, journey("scheduled", {"type": "wait", "days": 1}, {"type": "tag", "tag": "s"})
    )
    KINDS["journeys"].run(shop, {}, T0)
    add_day(shop, D2, ["c5"])
    first = KINDS["journeys"].run(shop, {}, T0)
    assert (first["entered"], first["finished"]) == (1, 0)
    later = KINDS["journeys"].run(shop, {}, T0 + hours(24))
    assert later["finished"] == 1
    assert _tags(shop)["c5"] == ["s"]
