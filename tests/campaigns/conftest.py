"""A shop of 2,000 customers built once per session; each test module gets a copy.

Every count the tests check follows from the customer's number ``i`` (``c00000``...):

=============  =====================================================================
``i % 10 == 0``  ``email_consent`` false (no consent); ``sms_consent`` is false too
``i % 10 == 1``  consent given but no email and no phone (no address)
``i % 50 == 2``  email and phone on the suppression list (``suppressed``)
otherwise        consent, an email ``cNNNNN@example.com`` and a phone
=============  =====================================================================

So of 2,000: 200 without consent, 200 without an address, 40 suppressed, and 1,560
eligible. Every third customer (``i % 3 == 0``) has the custom field
``language = fa``. City is Tehran for even ``i``, Shiraz for odd. Each customer with
``i % 4 == 0`` has one completed order of 100 on 2024-06-01 (so the data's last day
is 2024-06-01 and the base rate over 14 days is 25%).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import ibis
import pyarrow as pa
import pytest
from tests.cli.conftest import cli  # noqa: F401 - the CLI fixture, for test_report

from segmint.campaigns.suppression import suppress
from segmint.store import TABLES, Workspace

SIZE = 2_000
SEGMENT = "everyone"


def customer_id(i: int) -> str:
    return f"c{i:05d}"


def table_of(name: str, columns: dict[str, list[object]]) -> pa.Table:
    schema = TABLES[name].to_pyarrow()
    size = len(next(iter(columns.values())))
    arrays = [pa.array(columns.get(f.name, [None] * size), type=f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def build_shop(root: Path) -> Path:
    """Create the shop's workspace at ``root``."""
    from segmint.steps import segments

    workspace = Workspace.create(root)
    ids = [customer_id(i) for i in range(SIZE)]
    addressed = [i % 10 != 1 for i in range(SIZE)]
    customers = table_of(
        "customers",
        {
            "customer_id": ids,
            "name": [f"Customer {i}" for i in range(SIZE)],
            "email": [f"c{i:05d}@example.com" if addressed[i] else None for i in range(SIZE)],
            "phone": [f"+98912{i:07d}" if addressed[i] else None for i in range(SIZE)],
            "city": ["Tehran" if i % 2 == 0 else "Shiraz" for i in range(SIZE)],
            "email_consent": [i % 10 != 0 for i in range(SIZE)],
            "sms_consent": [i % 10 != 0 for i in range(SIZE)],
            "tags": [[] for _ in range(SIZE)],
        },
    )
    fa = [i for i in range(SIZE) if i % 3 == 0]
    fields = table_of(
        "customer_fields",
        {
            "customer_id": [customer_id(i) for i in fa],
            "field": ["language"] * len(fa),
            "value": ["fa"] * len(fa),
        },
    )
    buyers = [i for i in range(SIZE) if i % 4 == 0]
    orders = table_of(
        "orders",
        {
            "order_id": [f"o{i}" for i in buyers],
            "customer_id": [customer_id(i) for i in buyers],
            "order_time": [dt.datetime(2024, 6, 1, 12)] * len(buyers),
            "amount": [100] * len(buyers),
            "status": ["completed"] * len(buyers),
        },
    )
    with workspace.data(write=True) as con:
        con.insert("customers", ibis.memtable(customers))
        con.insert("customer_fields", ibis.memtable(fields))
        con.insert("orders", ibis.memtable(orders))
    with workspace.session() as session:
        for i in range(2, SIZE, 50):
            for channel, address in (("email", f"c{i:05d}@example.com"), ("sms", f"+98912{i:07d}")):
                suppress(
                    session,
                    channel=channel,
                    address=address,
                    reason="unsubscribed",
                    source="tests",
                    actor="tests",
                )
    segments.create(workspace, SEGMENT, "customer_id IS NOT NULL")
    segments.create(workspace, "tehran", "city = 'Tehran'")
    workspace.close()
    return root


@pytest.fixture(scope="session")
def shop_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's shop folder, built on first use."""
    return build_shop(tmp_path_factory.mktemp("campaign-shop") / "shop")


def copy_shop(template: Path, target: Path) -> Workspace:
    """A private, opened copy of the shop."""
    shutil.copytree(template, target)
    return Workspace.open(target)


@pytest.fixture(scope="module")
def shop(shop_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A copy of the shop shared by one test module."""
    return copy_shop(shop_template, tmp_path_factory.mktemp("shop") / "ws")


@pytest.fixture
def fresh_shop(shop_template: Path, tmp_path: Path) -> Workspace:
    """A copy of the shop for one test."""
    return copy_shop(shop_template, tmp_path / "ws")


@pytest.fixture
def email_template(tmp_path: Path) -> Path:
    path = tmp_path / "mail.html"
    path.write_text(
        "<p>Hello {{ profile.name }} from {{ profile.city }}</p>"
        '<a href="{{ unsubscribe_url }}">unsubscribe</a>',
        encoding="utf-8",
    )
    return path
