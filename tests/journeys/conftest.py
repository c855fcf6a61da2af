"""A six-customer shop, run once, copied afresh for each test; snapshot days added by hand.

========  ==============  ==================================================
customer  email_consent   orders (all completed unless said)
========  ==============  ==================================================
c1        true            2024-01-05, 2024-02-01
c2        false           2024-02-10
c3        true            2024-02-11
c4        true            2024-02-12 (returned)
c5        true            -
c6        (none)          2024-02-12
========  ==============  ==================================================

The run is as of ``D1`` (2024-02-12). :func:`add_day` stores another snapshot day with
the members of the saved segment ``repeat`` chosen by the test, so entries are known by
construction; the journeys under test read them as they read a real run's snapshots.
"""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path

import ibis
import pytest

from segmint import steps
from segmint.store import Workspace
from segmint.store.memberships import write_snapshot

D1 = dt.date(2024, 2, 12)
#: The fake clock's start: the first tick after the test's snapshot days.
T0 = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)
SEGMENT = "repeat"

CUSTOMERS = textwrap.dedent("""\
    customer_id,name,email,email_consent
    c1,Ali,ali@example.com,true
    c2,Sara,sara@example.com,false
    c3,Reza,reza@example.com,true
    c4,Mina,mina@example.com,true
    c5,Omid,omid@example.com,true
    c6,Nika,nika@example.com,
    """)
ORDERS = textwrap.dedent("""\
    order_id,customer_id,order_time,amount,status
    o1,c1,2024-01-05 10:00,100000,completed
    o2,c1,2024-02-01 12:00,250000,completed
    o3,c2,2024-02-10 10:00,50000,completed
    o4,c3,2024-02-11 10:00,80000,completed
    o5,c4,2024-02-12 10:00,80000,returned
    o6,c6,2024-02-12 11:00,30000,completed
    """)


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shop's workspace folder, imported and run as of ``D1`` (built once)."""
    root = tmp_path_factory.mktemp("journeys")
    (root / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    (root / "orders.csv").write_text(ORDERS, encoding="utf-8")
    workspace = Workspace.create(root / "shop")
    steps.import_file(workspace, "customers", root / "customers.csv")
    steps.import_file(workspace, "orders", root / "orders.csv")
    steps.segments.create(workspace, SEGMENT, "frequency >= 2")
    steps.run(workspace, as_of=D1)
    workspace.close()
    return root / "shop"


@pytest.fixture
def shop(template: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A fresh copy of the shop for one test."""
    root = shutil.copytree(template, tmp_path / "shop")
    workspace = Workspace.open(root)
    yield workspace
    workspace.close()


def add_day(workspace: Workspace, day: dt.date, members: list[str]) -> None:
    """Store ``day`` as a run day (D1's traits again) with ``members`` in ``repeat``.

    Given ``D1`` itself, only its members of ``repeat`` are replaced.
    """
    with workspace.data(write=True) as con:
        if day != D1:
            history = con.table("traits_history")
            first = history.filter(history.as_of == ibis.literal(D1, type="date"))
            con.insert("traits_history", first.mutate(as_of=ibis.literal(day, type="date")))
        rows = ibis.memtable(
            {"segment": [SEGMENT] * len(members), "customer_id": members},
            schema={"segment": "string", "customer_id": "string"},
        )
        write_snapshot(con, "segment_memberships", day, rows if members else None)


def journey(name: str, *steps_: dict, trigger: str = SEGMENT, window_days: int = 14) -> dict:
    """A journey definition as a dict."""
    return {"name": name, "trigger": trigger, "window_days": window_days, "steps": list(steps_)}


def hours(n: float) -> dt.timedelta:
    """``n`` hours, for moving the fake clock."""
    return dt.timedelta(hours=n)
