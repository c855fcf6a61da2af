"""The report after a send, checked by hand, and the contract commands through the CLI.

The campaign is sent (queued) at 2024-06-02 12:00 UTC. Afterwards every customer with
``i % 5 == 0`` buys for 50 on 2024-06-05 (in the 14-day window), every customer with
``i % 7 == 0`` for 80 on 2024-07-01 (outside it). Conversions and revenue per group are
then counted from the frozen members directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ibis
import pytest
from sqlalchemy import select
from statsmodels.stats.proportion import confint_proportions_2indep
from tests.campaigns.conftest import SEGMENT, SIZE, customer_id, table_of
from tests.cli.conftest import Ran

from segmint.store import Workspace
from segmint.store.metadata import CampaignMember

NOW = dt.datetime(2024, 6, 2, 12, tzinfo=dt.UTC)


def _buy(workspace: Workspace) -> None:
    soon = [i for i in range(SIZE) if i % 5 == 0]
    late = [i for i in range(SIZE) if i % 7 == 0]
    orders = table_of(
        "orders",
        {
            "order_id": [f"s{i}" for i in soon] + [f"l{i}" for i in late],
            "customer_id": [customer_id(i) for i in soon + late],
            "order_time": [dt.datetime(2024, 6, 5, 10)] * len(soon)
            + [dt.datetime(2024, 7, 1, 10)] * len(late),
            "amount": [50] * len(soon) + [80] * len(late),
            "status": ["completed"] * (len(soon) + len(late)),
        },
    )
    with workspace.data(write=True) as con:
        con.insert("orders", ibis.memtable(orders))


@pytest.fixture(scope="module")
def reported(shop: Workspace, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from segmint.steps import campaigns as step

    template = tmp_path_factory.mktemp("t") / "t.html"
    template.write_text('<a href="{{ unsubscribe_url }}">u</a>', encoding="utf-8")
    step.create(
        shop,
        "june",
        segment=SEGMENT,
        channel="email",
        subject="Hi",
        template=template,
        holdout=30,
        cost=100,
    )
    step.send(shop, "june", deliver=False, now=NOW)
    _buy(shop)
    with shop.session() as session:
        groups = dict(
            session.execute(select(CampaignMember.customer_id, CampaignMember.group)).all()
        )
    return {"report": step.report(shop, "june"), "groups": groups, "step": step}


def test_report_counts_match_a_hand_count(reported: dict[str, Any]) -> None:
    report, groups = reported["report"], reported["groups"]
    treated = [c for c, g in groups.items() if g == "treated"]
    holdout = [c for c, g in groups.items() if g == "holdout"]
    bought = {customer_id(i) for i in range(SIZE) if i % 5 == 0}
    x1, x2 = len(bought.intersection(treated)), len(bought.intersection(holdout))
    assert (report["treated"], report["holdout"]) == (len(treated), len(holdout))
    assert (report["treated_converted"], report["holdout_converted"]) == (x1, x2)
    assert report["uplift"] == pytest.approx(x1 / len(treated) - x2 / len(holdout))
    low, high = confint_proportions_2indep(
        x1, len(treated), x2, len(holdout), method="newcomb", compare="diff"
    )
    assert (report["ci_low"], report["ci_high"]) == pytest.approx((low, high))
    per_treated = 50 * x1 / len(treated)
    per_holdout = 50 * x2 / len(holdout)
    incremental = (per_treated - per_holdout) * len(treated)
    assert report["incremental_revenue"] == pytest.approx(incremental)
    assert report["roi"] == pytest.approx((incremental - 100) / 100)
    assert 0 <= report["p_value"] <= 1
    assert report["excluded"]["no_consent"] == 200 and report["global_holdout"] == 0


def test_report_by_a_field_counts_each_value_by_hand(
    reported: dict[str, Any], shop: Workspace
) -> None:
    by_city = reported["step"].report(shop, "june", by="city")
    groups, bought = reported["groups"], {customer_id(i) for i in range(SIZE) if i % 5 == 0}
    assert by_city["by"] == "city" and by_city["by_as_of"] is None  # no run stored: as is
    rows = {row["value"]: row for row in by_city["breakdown"]}
    assert set(rows) == {"Tehran", "Shiraz"}
    for city, parity in (("Tehran", 0), ("Shiraz", 1)):
        ids = {customer_id(i) for i in range(SIZE) if i % 2 == parity}
        treated = {c for c, g in groups.items() if g == "treated"} & ids
        holdout = {c for c, g in groups.items() if g == "holdout"} & ids
        row = rows[city]
        assert (row["treated"], row["holdout"]) == (len(treated), len(holdout))
        assert (row["treated_converted"], row["holdout_converted"]) == (
            len(treated & bought),
            len(holdout & bought),
        )
        expected = len(treated & bought) / len(treated) - len(holdout & bought) / len(holdout)
        assert row["uplift"] == pytest.approx(expected)


def test_report_by_an_unknown_field_names_the_known_ones(
    reported: dict[str, Any], shop: Workspace
) -> None:
    from segmint.exceptions import CampaignError

    with pytest.raises(CampaignError, match="city"):
        reported["step"].report(shop, "june", by="shoe_size")


def test_a_longer_window_counts_later_orders(reported: dict[str, Any], shop: Workspace) -> None:
    longer = reported["step"].report(shop, "june", window=40)
    groups = reported["groups"]
    treated = {c for c, g in groups.items() if g == "treated"}
    either = {customer_id(i) for i in range(SIZE) if i % 5 == 0 or i % 7 == 0}
    assert longer["treated_converted"] == len(either & treated)
    assert longer["window_days"] == 40


def test_report_before_send_says_what_to_do(fresh_shop: Workspace, email_template: Path) -> None:
    from segmint.exceptions import CampaignError
    from segmint.steps import campaigns as step

    step.create(
        fresh_shop, "draft", segment=SEGMENT, channel="email", subject="x", template=email_template
    )
    with pytest.raises(CampaignError, match="campaigns send"):
        step.report(fresh_shop, "draft")


@pytest.mark.slow
def test_contract_commands(
    fresh_shop: Workspace, email_template: Path, cli: Callable[..., Ran]
) -> None:
    ws = fresh_shop.root
    created = cli(
        "--workspace", ws, "campaigns", "create", "may", "--segment", SEGMENT,
        "--channel", "email", "--subject", "Hello", "--template", email_template,
        "--holdout", "20", "--json",
    )  # fmt: skip
    assert created.code == 0, created.err
    assert created.json()["holdout_percent"] == 20
    sent = cli("--workspace", ws, "campaigns", "send", "may", "--queue-only", "--json")
    assert sent.code == 0, sent.err
    first = sent.json()
    assert {"audience", "holdout", "suppressed", "queued", "sent", "failed"} <= set(first)
    assert first["audience"] == SIZE and first["queued"] == first["treated"] > 0
    again = cli("--workspace", ws, "campaigns", "send", "may", "--queue-only", "--json").json()
    assert again["queued"] == 0 and again["holdout"] == first["holdout"]
    report = cli("--workspace", ws, "campaigns", "report", "may", "--window", "14", "--json")
    assert report.code == 0, report.err
    keys = {"treated", "holdout", "treated_converted", "holdout_converted", "uplift"}
    assert keys | {"ci_low", "ci_high", "p_value", "incremental_revenue"} <= set(report.json())
    listed = cli("--workspace", ws, "campaigns", "list", "--json").json()
    assert [c["name"] for c in listed] == ["may"]
    shown = cli("--workspace", ws, "--lang", "fa", "campaigns", "show", "may")
    assert shown.code == 0 and "گروه کنترل" in shown.out
    preview = cli("--workspace", ws, "campaigns", "preview", "may", "--customer", "c00004")
    assert preview.code == 0 and "Hello" in preview.out


def test_cli_refusals_are_clear(
    fresh_shop: Workspace, tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text("<p>{{ profile.__class__ }}</p>", encoding="utf-8")
    ws = fresh_shop.root
    base = ("--workspace", ws, "campaigns", "create", "x", "--segment", SEGMENT)
    refused = cli(*base, "--channel", "email", "--subject", "s", "--template", bad)
    assert refused.code != 0 and "__class__" in refused.err
    unknown = cli(*base, "--channel", "fax", "--subject", "s", "--template", bad)
    assert unknown.code != 0 and "fax" in unknown.err
    missing = cli("--workspace", ws, "campaigns", "send", "nope")
    assert missing.code != 0 and "nope" in missing.err
