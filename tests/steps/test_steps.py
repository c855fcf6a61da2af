"""The library steps: what the CLI runs, called on a workspace without the CLI."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from segmint import steps
from segmint.exceptions import InvalidSegmentRule, UnknownCustomer
from segmint.store import Workspace

ORDERS = textwrap.dedent("""\
    order_id,customer_id,order_time,amount,status
    o1,c1,2024-01-05 10:00,100000,completed
    o2,c1,2024-03-01 12:00,250000,completed
    o3,c2,1402/12/01,50000,completed
    o4,c3,2024-02-10,80000,returned
    o5,,2024-02-11,10000,completed
    o6,c2,not a date,5,completed
    """)
CUSTOMERS = (
    "customer_id,name,phone,email\nc1,Ali,09123456789,ali@example.com\nc2,Sara,,\nc3,Reza,,\n"
)


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> Workspace:
    """A workspace with three customers and their orders, imported and run."""
    root = tmp_path_factory.mktemp("steps")
    (root / "orders.csv").write_text(ORDERS, encoding="utf-8")
    (root / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    workspace = Workspace.create(root / "shop")
    steps.import_file(workspace, "customers", root / "customers.csv")
    steps.import_file(workspace, "orders", root / "orders.csv")
    steps.run(workspace)
    yield workspace
    workspace.close()


def test_import_file_counts_and_reports_its_phases(tmp_path):
    (tmp_path / "orders.csv").write_text(ORDERS, encoding="utf-8")
    workspace = Workspace.create(tmp_path / "shop")
    seen: list[str] = []
    result = steps.import_file(workspace, "orders", tmp_path / "orders.csv", progress=seen.append)
    workspace.close()
    assert (result.read, result.stored, result.rejected, result.anonymous) == (6, 5, 1, 1)
    assert seen == list(steps.importing.PHASES)


def test_run_reports_its_phases_and_counts_every_customer(shop):
    seen: list[str] = []
    result = steps.run(shop, progress=seen.append)
    assert seen == ["run.models", "run.snapshots"]
    assert result.customers == 3
    assert str(result.as_of) == "2024-03-01"


def test_count_matches_a_hand_count(shop):
    everyone = steps.count(shop, "frequency >= 0")
    assert everyone["count"] == 3
    repeat = steps.count(shop, "frequency >= 2", sample=5)
    assert repeat["count"] == 1
    assert [row["customer_id"] for row in repeat["sample"]] == ["c1"]
    assert 0 <= repeat["reachable_sms"] <= 1 and 0 <= repeat["reachable_email"] <= 1


def test_count_refuses_a_bad_rule_in_the_language_asked(shop):
    with pytest.raises(InvalidSegmentRule):
        steps.count(shop, "frequency >>> 2", lang="fa")


def test_customer_card_totals_and_exact_json(shop):
    card = steps.customer_card(shop, "c1")
    assert card["totals"]["orders"] == 2
    assert Decimal(card["totals"]["revenue"]) == Decimal(350000)
    assert [o["order_id"] for o in card["recent_orders"]] == ["o2", "o1"]
    assert card["traits"]["frequency"] == 2
    exact = steps.exact_card(card, "IRR")
    assert exact["totals"]["revenue"] == "350000"


def test_customer_card_unknown_id(shop):
    with pytest.raises(UnknownCustomer, match="nobody"):
        steps.customer_card(shop, "nobody")


def test_every_public_step_resolves():
    for name in steps.__all__:
        assert getattr(steps, name) is not None, name
    assert set(steps.__all__) == set(steps._WHERE) | steps._GROUPS


def test_steps_never_load_the_cli(shop):
    code = textwrap.dedent(f"""
        import sys
        from segmint import Workspace, steps
        workspace = Workspace.open({str(shop.root)!r})
        steps.count(workspace, "frequency >= 1")
        steps.customer_card(workspace, "c1")
        surfaces = ("segmint.cli", "typer", "fastapi")  # ibis itself loads rich
        loaded = [m for m in sys.modules if m.startswith(surfaces)]
        assert not loaded, loaded
    """)
    src = Path(steps.__file__).parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code], env={"PYTHONPATH": str(src)}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_import_segmint_loads_no_engine():
    code = textwrap.dedent("""
        import sys
        import segmint
        assert segmint.__version__
        heavy = [m for m in sys.modules if m.split(".")[0] in {"ibis", "pandas", "sqlalchemy"}]
        assert not heavy, heavy
        assert segmint.Workspace.__name__ == "Workspace" and callable(segmint.run)
    """)
    src = Path(steps.__file__).parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code], env={"PYTHONPATH": str(src)}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_curated_names_resolve():
    import segmint

    for name in segmint.__all__:
        assert getattr(segmint, name) is not None, name
    with pytest.raises(AttributeError):
        segmint.no_such_name  # noqa: B018


@pytest.mark.parametrize("module", ["importing", "traits", "demo", "clusters"])
def test_phase_keys_read_without_values(module):
    """A progress key is shown as it is (a bar, a job's phase): no placeholder to fill."""
    from importlib import import_module

    from segmint.i18n import LANGUAGES, translate

    for key in import_module(f"segmint.steps.{module}").PHASES:
        for lang in LANGUAGES:
            assert translate(key, lang)
