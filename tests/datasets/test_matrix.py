"""The loyalty-value matrix of ``segmint run --json`` on real order logs, against pandas.

The oracle counts each buyer's completed orders and net spend from the slice file itself
(:mod:`tests.datasets.oracles`), takes the medians over buyers and places everyone in a
quadrant; ``run`` must give the same thresholds and the same count in each quadrant.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from statistics import median

import pytest

from tests.datasets import oracles
from tests.datasets.commands import COMMANDS

ORDER_LOGS = {"cdnow": oracles.cdnow, "uci-online-retail": oracles.uci}


def _oracle(buyers: oracles.Buyers) -> tuple[float, float, Counter[str]]:
    """Thresholds and quadrant counts worked out from the file with pandas and statistics."""
    spend = {
        c: buyers.revenue[c] - buyers.returned.get(c, Decimal(0))
        for c, n in buyers.completed.items()
        if n > 0
    }
    orders = {c: buyers.completed[c] for c in spend}
    f_cut, m_cut = median(orders.values()), median(spend.values())
    names = {
        (True, True): "true_friends",
        (False, True): "butterflies",
        (True, False): "barnacles",
        (False, False): "strangers",
    }
    counts = Counter(names[(orders[c] > f_cut, spend[c] > m_cut)] for c in spend)
    return float(f_cut), float(m_cut), counts


@pytest.mark.slow
@pytest.mark.parametrize("dataset", sorted(ORDER_LOGS))
def test_run_places_every_buyer_as_pandas_does(dataset, cli, workspace, run_import):
    command = COMMANDS[dataset][0]
    run_import(command.kind, command.slice, *command.flags)
    ran = cli("--workspace", workspace, "run", "--json")
    assert ran.code == 0, ran.explain()
    matrix = json.loads(ran.out)["value_matrix"]
    f_cut, m_cut, counts = _oracle(ORDER_LOGS[dataset]())
    assert matrix["frequency_threshold"] == pytest.approx(f_cut)
    assert matrix["monetary_threshold"] == pytest.approx(m_cut)
    got = {c["value_quadrant"]: c["customers"] for c in matrix["cells"]}
    assert got == {key: counts.get(key, 0) for key in got}
    ran = cli(
        "--workspace",
        workspace,
        "segments",
        "count",
        "-q",
        "IN SEGMENT 'value_matrix:strangers'",
        "--json",
    )
    assert ran.code == 0, ran.explain()
    assert json.loads(ran.out)["count"] == counts["strangers"]
    ran = cli("--workspace", workspace, "run", "--lang", "fa")
    assert ran.code == 0, ran.explain()
    for text in ("ماتریس وفاداری-ارزش", "دوستان واقعی", "پروانه‌ها", "صدف‌ها", "غریبه‌ها"):
        assert text in ran.out, f"run shows the matrix in Persian: {text} missing"
