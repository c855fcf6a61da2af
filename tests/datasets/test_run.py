"""``segmint run`` on every public data set's vendored slice: it succeeds and means something.

Each data set is imported with the commands of docs/importing.md (``COMMANDS``), then run
with ``--json``. The run must exit 0 whatever the models make of the data (data sets
without orders included), carry ``model`` and ``warnings``, and give one-time buyers
who have been silent for over a year a churn risk above zero: churn risk is
P(no purchase in the next 365 days), not ``1 - P(alive)``, which BG/NBD fixes at 0 for
them.
"""

from __future__ import annotations

import json

import pytest

from tests.datasets.checks import table
from tests.datasets.commands import COMMANDS


@pytest.mark.slow
@pytest.mark.parametrize("dataset", sorted(COMMANDS))
def test_run_succeeds_and_one_time_buyers_have_a_churn_risk(cli, workspace, store, dataset):
    for command in COMMANDS[dataset]:
        ran = cli("--workspace", workspace, "import", command.kind, command.slice, *command.flags)
        assert ran.code == 0, ran.explain()
    ran = cli("--workspace", workspace, "run", "--json")
    assert ran.code == 0, f"segmint run on {dataset}:\n{ran.explain()}"
    result = json.loads(ran.out)
    assert {"model", "warnings"} <= result.keys()
    assert all(w["message"] and w["fallback"] for w in result["warnings"]), result["warnings"]
    with store() as con:
        traits = table(con, "traits")
    assert len(traits) == result["customers"] > 0
    if result["model"] == "none":
        assert traits["churn_risk"].isna().all()
        return
    buyers = traits[traits["frequency"] > 0]
    assert buyers["churn_risk"].between(0, 1).all()
    assert buyers["rfm_group"].notna().all() and buyers["lifecycle_stage"].notna().all()
    idle = traits[(traits["frequency"] == 1) & (traits["recency_days"] > 365)]
    if dataset == "cdnow":
        assert len(idle) >= 10, "the CDNOW slice keeps one-time buyers silent for over a year"
    if len(idle):
        share = float((idle["churn_risk"] == 0).mean())
        assert share < 0.05, f"{dataset}: {share:.0%} of {len(idle)} idle one-time buyers at 0"
