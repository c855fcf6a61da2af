"""``/api/v1/attachments``: attach, list and detach over the API (admins only)."""

from __future__ import annotations

import pytest

from segmint.store import Workspace


@pytest.fixture
def shop_sales(api_workspace: Workspace) -> Workspace:
    """The API workspace's DuckDB with the user's own ``shop.sales``."""
    with api_workspace.data(write=True) as con:
        con.raw_sql("CREATE SCHEMA shop")
        con.raw_sql(
            "CREATE TABLE shop.sales AS SELECT * FROM (VALUES ('t1', 'c1', '2024-01-05', 10.5),"
            " ('t2', 'c2', '2024-02-01', 20)) AS t(txn, buyer, ts, total)"
        )
    return api_workspace


BODY = {
    "kind": "orders",
    "source": "shop.sales",
    "mapping": {"order_id": "txn", "customer_id": "buyer", "order_time": "ts", "amount": "total"},
}


def test_admin_attaches_lists_and_detaches(shop_sales, client_as):
    admin = client_as("admin")
    answer = admin.post("/api/v1/attachments", json=BODY)
    assert answer.status_code == 201, answer.text
    assert answer.json()["rows"] == 2
    assert answer.json()["customers_created"] == 2
    (listed,) = client_as("viewer").get("/api/v1/attachments").json()
    assert (listed["kind"], listed["source"], listed["fields"]["order_id"]) == (
        "orders",
        "shop.sales",
        "txn",
    )
    assert admin.delete("/api/v1/attachments/orders").json() == {
        "kind": "orders",
        "table": "orders",
    }
    assert admin.get("/api/v1/attachments").json() == []
    again = admin.delete("/api/v1/attachments/orders")
    assert again.status_code == 422
    assert "not attached" in again.text


@pytest.mark.parametrize("role", ["viewer", "analyst", "marketer"])
def test_only_admins_attach(shop_sales, client_as, role):
    assert client_as(role).post("/api/v1/attachments", json=BODY).status_code == 403


def test_a_refusal_is_a_422_that_names_the_column(shop_sales, client_as):
    body = {**BODY, "mapping": {**BODY["mapping"], "amount": "price"}}
    answer = client_as("admin").post(
        "/api/v1/attachments", json=body, headers={"Accept-Language": "fa"}
    )
    assert answer.status_code == 422
    assert "'price'" in answer.text
    assert "ستون" in answer.text
