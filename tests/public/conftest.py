"""A tiny shop (twelve customers, their orders, one run) for the public-pages tests.

Customers mix SMS and email consent (true, false, unknown) with missing addresses, so
an export for a channel leaves people out for each reason; their counts are worked out
by hand in the tests. The shop is built once per session and copied by tests that write.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from segmint.store import Workspace
from tests.api.conftest import (  # noqa: F401  (fixtures shared with the API tests)
    anonymous,
    api_workspace,
    app,
    client_as,
    role_tokens,
)

CUSTOMERS = """\
customer_id,name,phone,email,sms_consent,email_consent
c01,Ali,09120000001,ali@example.com,yes,yes
c02,Sara,09120000002,sara@example.com,yes,no
c03,Reza,09120000003,,no,
c04,Mina,,mina@example.com,yes,yes
c05,Nima,09120000005,nima@example.com,,yes
c06,Leila,09120000006,leila@example.com,yes,yes
c07,Omid,09120000007,,yes,no
c08,Zahra,09120000008,zahra@example.com,no,yes
c09,Hadi,09120000009,hadi@example.com,yes,
c10,Nazanin,,,yes,yes
c11,Kaveh,09120000011,kaveh@example.com,yes,yes
c12,Parisa,09120000012,parisa@example.com,no,no
"""

ORDERS = "order_id,customer_id,order_date,amount,status\n" + "".join(
    f"o{i:02d},c{i:02d},2024-0{1 + i % 6}-1{i % 9},{100 + 10 * i},completed\n" for i in range(1, 13)
)


@pytest.fixture(scope="session")
def shop_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny shop's workspace folder: imported and run once."""
    from segmint import steps

    folder = tmp_path_factory.mktemp("public-shop")
    (folder / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    (folder / "orders.csv").write_text(ORDERS, encoding="utf-8")
    workspace = Workspace.create(folder / "ws")
    steps.import_file(workspace, "customers", folder / "customers.csv")
    steps.import_file(workspace, "orders", folder / "orders.csv")
    steps.run(workspace)
    workspace.close()
    return folder / "ws"


@pytest.fixture
def shop(shop_root: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A private copy of the tiny shop, for a test that writes."""
    root = tmp_path / "ws"
    shutil.copytree(shop_root, root)
    workspace = Workspace.open(root)
    yield workspace
    workspace.close()
