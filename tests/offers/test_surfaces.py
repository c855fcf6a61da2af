"""The ``segmint coupons|wallet`` commands and the ``/api/v1/offers`` routes, end to end."""

from __future__ import annotations

import json
import warnings
from decimal import Decimal
from typing import Any

import pytest

from segmint.api import Principal, create_app
from segmint.auth import create_token
from segmint.cli.app import main

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def run(shop, capsys, *args: str) -> Any:
    """Run a command with --json; its parsed output, or SystemExit when it fails."""
    try:
        main(["--workspace", str(shop.root), *args, "--json"])
    except SystemExit as done:
        if done.code:
            capsys.readouterr()
            raise
    return json.loads(capsys.readouterr().out)


def test_wallet_commands(shop, capsys):
    shop.close()
    run(
        shop,
        capsys,
        "wallet",
        "add-programme",
        "loyal",
        "--segment",
        "tehran",
        "--percent",
        "10",
        "--from",
        "2025-01-01",
        "--expiry-days",
        "30",
    )
    [earned] = run(shop, capsys, "wallet", "earn", "--as-of", "2025-03-01")
    assert (earned["earned"], earned["reversed"]) == (3, 1)
    assert Decimal(str(earned["earned_amount"])) == 180
    run(shop, capsys, "wallet", "credit", "c4", "40", "--reference", "r1")
    line = run(shop, capsys, "wallet", "spend", "c4", "30", "--reference", "shop-1")
    assert Decimal(str(line["balance"])) == 10
    # What is left of o1 (100 - 20 reversed), o2 (50) and o3 (30).
    expired = run(shop, capsys, "wallet", "expire", "--as-of", "2025-03-01")
    assert (expired["lots"], Decimal(str(expired["amount"]))) == (3, 160)
    wallet = run(shop, capsys, "wallet", "balance", "c1")
    assert Decimal(str(wallet["balance"])) == 0
    ledger = run(shop, capsys, "wallet", "ledger", "--customer", "c1")
    assert sorted(r["kind"] for r in ledger) == ["earn", "earn", "expire", "expire", "reverse"]
    # c1's earns are gone: spending them is refused.
    with pytest.raises(SystemExit):
        run(shop, capsys, "wallet", "spend", "c1", "1")
    [programme] = run(shop, capsys, "wallet", "programmes")
    assert programme["customers"] == 2


def test_coupon_commands(shop, capsys, tmp_path):
    shop.close()
    out = tmp_path / "codes.csv"
    issued = run(
        shop,
        capsys,
        "coupons",
        "issue",
        "spring",
        "--segment",
        "tehran",
        "--value",
        "15",
        "--days",
        "20",
        "--out",
        str(out),
    )
    assert issued["issued"] == 2
    assert (
        out.read_text(encoding="utf-8").splitlines()[0]
        == "customer_id,code,expires_on,redeemed_order_id"
    )
    [batch] = run(shop, capsys, "coupons", "list")
    assert (batch["batch"], batch["issued"], batch["open"]) == ("spring", 2, 2)
    assert run(shop, capsys, "coupons", "redeem")["codes_used"] == 0
    with pytest.raises(SystemExit):
        run(shop, capsys, "coupons", "issue", "spring", "--segment", "tehran", "--value", "99")


def test_api_needs_offers_permissions_and_audits(shop):
    with shop.session() as session:
        admin = Principal.of_role("tests", "admin", kind="cli")
        tokens = {
            role: create_token(session, role, role, actor=admin)["token"]
            for role in ("viewer", "admin")
        }
    app = create_app(shop)
    with TestClient(app, raise_server_exceptions=False) as anonymous:
        assert anonymous.get("/api/v1/offers/programmes").status_code == 401
    admin_client = TestClient(app, headers={"Authorization": f"Bearer {tokens['admin']}"})
    viewer = TestClient(app, headers={"Authorization": f"Bearer {tokens['viewer']}"})
    body = {"name": "loyal", "segment": "tehran", "percent": "10", "starts_on": "2025-01-01"}
    assert viewer.post("/api/v1/offers/programmes", json=body).status_code == 403
    created = admin_client.post("/api/v1/offers/programmes", json=body)
    assert created.status_code == 201, created.text
    earned = admin_client.post("/api/v1/offers/wallet/earn", params={"as_of": "2025-03-01"})
    assert earned.json()[0]["earned"] == 3
    moved = admin_client.post("/api/v1/offers/wallet/c3", json={"kind": "spend", "amount": "100"})
    assert moved.status_code == 422  # c3 holds 30
    wallet = viewer.get("/api/v1/offers/wallet/c3").json()
    assert Decimal(str(wallet["balance"])) == 30
    issued = admin_client.post(
        "/api/v1/offers/coupons/vip", json={"customer_ids": ["c1"], "value": "10", "valid_days": 5}
    )
    assert issued.json()["issued"] == 1
    assert viewer.get("/api/v1/offers/coupons").json()[0]["issued"] == 1
    from sqlalchemy import select

    from segmint.store.metadata import AuditEntry

    with shop.session() as session:
        actions = set(session.scalars(select(AuditEntry.action)))
    assert {"offers:programme", "offers:earn", "offers:issue"} <= actions
