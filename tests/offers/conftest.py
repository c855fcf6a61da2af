"""A four-customer shop for the offer tests, built once and copied for each test.

========  =====  ======  ===================================================
customer  city   member  orders (10 % cashback, 30 days, from 2025-01-01)
========  =====  ======  ===================================================
c1        Tehran yes     o1 2025-01-01 1,000; o2 2025-01-10 500; r1 2025-01-15
                         return refunding 200
c2        Shiraz no      o4 2025-01-04 800
c3        Tehran yes     o3 2025-01-03 300
c4        Tabriz no      (none)
========  =====  ======  ===================================================

The segment ``tehran`` (``city = 'Tehran'``) holds c1 and c3.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from segmint import Workspace, steps

CUSTOMERS = """customer_id,name,city
c1,Ali,Tehran
c2,Sara,Shiraz
c3,Reza,Tehran
c4,Mina,Tabriz
"""

ORDERS = """order_id,customer_id,order_time,amount,status
o1,c1,2025-01-01 10:00,1000,completed
o2,c1,2025-01-10 10:00,500,completed
r1,c1,2025-01-15 12:00,200,returned
o3,c3,2025-01-03 09:00,300,completed
o4,c2,2025-01-04 09:00,800,completed
"""


@pytest.fixture(scope="session")
def built_shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shop's workspace folder, made once per test session."""
    root = tmp_path_factory.mktemp("offers") / "shop"
    workspace = Workspace.create(root)
    files = root.parent
    (files / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    (files / "orders.csv").write_text(ORDERS, encoding="utf-8")
    steps.import_file(workspace, "customers", files / "customers.csv")
    steps.import_file(workspace, "orders", files / "orders.csv")
    steps.segments.create(workspace, "tehran", "city = 'Tehran'")
    workspace.close()
    return root


@pytest.fixture
def shop(built_shop: Path, tmp_path: Path) -> Workspace:
    """A fresh copy of the shop for one test."""
    root = tmp_path / "shop"
    shutil.copytree(built_shop, root)
    return Workspace.open(root)


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a text file in the test's folder and return its path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
