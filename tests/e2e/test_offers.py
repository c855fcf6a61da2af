"""Offers in messages end to end: a coupon code per treated recipient, the wallet balance."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from segmint.api import Principal, create_app
from segmint.auth import create_token
from segmint.campaigns.definitions import get_campaign
from segmint.campaigns.incentives import offer_values
from segmint.offers import batch_counts, coupon_codes, credit
from segmint.store import Workspace
from tests.e2e.conftest import (
    REACHABLE,
    SEGMENT,
    SIZE,
    cid,
    copy_shop,
    email,
    segmint,
    segmint_json,
)
from tests.fakes import FakeSmtp

with warnings.catch_warnings():
    # Starlette asks for httpx2 in its test client; httpx still works and is what we pin.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TEMPLATE = (
    "<p>Dear {{ profile.name }}, your code: [{{ coupon_code }}] "
    "balance: [{{ wallet_balance }}]</p>"
    '<a href="{{ unsubscribe_url }}">unsubscribe</a>'
)
NO_CREDIT = 4  # a reachable customer left without cashback


def cashback(i: int) -> float:
    """Customer ``i``'s wallet: 2.5 per unit of its number (none for NO_CREDIT)."""
    return 0.0 if i == NO_CREDIT else i * 2.5


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("offer") / "offer.html"
    path.write_text(TEMPLATE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sale(mail_shop: Path, smtp: FakeSmtp, template: Path) -> dict[str, Any]:
    """Wallets credited, a campaign with a coupon batch previewed, sent and sent again."""
    workspace = Workspace.open(mail_shop)
    with workspace.session() as session:
        for i in sorted(REACHABLE - {NO_CREDIT}):
            credit(session, customer_id=cid(i), amount=Decimal(str(cashback(i))), actor="tests")
    workspace.close()
    base = ("--workspace", mail_shop, "campaigns")
    created = segmint_json(
        *base, "create", "sale", "--segment", SEGMENT, "--channel", "email",
        "--subject", "Sale", "--template", template, "--holdout", 20,
        "--coupon-batch", "sale10", "--coupon-value", 10, "--coupon-kind", "percent",
        "--coupon-days", 14,
    )  # fmt: skip
    before = segmint_json(*base, "preview", "sale", "--customer", cid(3))
    sent = segmint_json(*base, "send", "sale")
    again = segmint_json(*base, "send", "sale")
    after = segmint_json(*base, "preview", "sale", "--customer", cid(3))
    workspace = Workspace.open(mail_shop)
    with workspace.session() as session:
        codes = {row["customer_id"]: row for row in coupon_codes(session, "sale10")}
        counts = batch_counts(session, name="sale10")
    workspace.close()
    return {
        "created": created,
        "before": before,
        "after": after,
        "sent": sent,
        "again": again,
        "codes": codes,
        "counts": counts,
        "received": {r.rcpt_tos[0]: r for r in smtp.offered},
    }


def body_of(received: Any) -> str:
    return str(received.message.get_body(preferencelist=("html",)).get_content())


def test_each_treated_recipient_gets_their_own_code_and_balance(sale: dict[str, Any]) -> None:
    assert sale["created"]["coupon"] == {
        "batch": "sale10",
        "value": "10",
        "kind": "percent",
        "days": 14,
        "until": None,
    }
    codes, received = sale["codes"], sale["received"]
    treated = sorted(i for i in range(SIZE) if email(i) in received)
    assert len(treated) == sale["sent"]["treated"] == sale["sent"]["sent"]
    assert sorted(codes) == [cid(i) for i in treated]  # holdout and excluded got none
    assert len({row["code"] for row in codes.values()}) == len(treated)
    today = dt.date.today()
    for i in treated:
        row = codes[cid(i)]
        assert row["expires_on"] == today + dt.timedelta(days=14)
        found = re.search(r"code: \[(\w+)\] balance: \[([^\]]*)\]", body_of(received[email(i)]))
        assert found is not None
        assert found.group(1) == row["code"]
        assert found.group(2) == format(cashback(i), "g")


def test_sending_again_gives_no_new_codes(sale: dict[str, Any], mail_shop: Path) -> None:
    [counts] = sale["counts"]
    assert counts["issued"] == sale["sent"]["treated"]
    assert (sale["again"]["queued"], sale["again"]["sent"]) == (0, 0)
    # A send cut short re-renders its members: their codes come back unchanged.
    workspace = Workspace.open(mail_shop)
    try:
        with workspace.session() as session:
            campaign = get_campaign(session, "sale")
            values = offer_values(session, campaign, sorted(sale["codes"]))
            [recount] = batch_counts(session, name="sale10")
    finally:
        workspace.close()
    assert {c: v["coupon_code"] for c, v in values.items()} == {
        c: row["code"] for c, row in sale["codes"].items()
    }
    assert recount["issued"] == counts["issued"]


def test_preview_issues_nothing_and_shows_the_held_code(sale: dict[str, Any]) -> None:
    assert "code: [[coupon code]]" in sale["before"]["html"]
    held = sale["codes"][cid(3)]  # e03 is treated (the holdout hash is stable)
    assert f"code: [{held['code']}]" in sale["after"]["html"]
    assert f"balance: [{format(cashback(3), 'g')}]" in sale["after"]["html"]


def test_sending_coupon_code_without_a_coupon_batch_is_refused(
    mail_shop: Path, template: Path, smtp: FakeSmtp
) -> None:
    base = ("--workspace", mail_shop, "campaigns")
    # Created (a journey's send step may give the code), but not sent as a campaign.
    segmint_json(*base, "create", "no-coupon", "--segment", SEGMENT, "--channel", "email",
                 "--subject", "Sale", "--template", template)  # fmt: skip
    before = len(smtp.offered)
    _, _, said = segmint(*base, "send", "no-coupon", expect=1)
    assert "coupon_code" in said and "--coupon-batch" in said
    _, _, said_fa = segmint(*base, "send", "no-coupon", "--lang", "fa", expect=1)
    assert "کوپن" in said_fa and "--coupon-batch" in said_fa
    shown = segmint_json(*base, "show", "no-coupon")
    assert (shown["status"], shown["frozen_at"], shown["audience"]) == ("draft", None, None)
    assert len(smtp.offered) == before


def test_an_existing_batch_lends_its_terms_and_refuses_others(
    sale: dict[str, Any], mail_shop: Path, template: Path
) -> None:
    args = ("--workspace", mail_shop, "campaigns", "create")
    tail = ("--segment", SEGMENT, "--channel", "email", "--subject", "S", "--template", template)
    reused = segmint_json(*args, "sale-2", *tail, "--coupon-batch", "sale10")
    assert reused["coupon"] == sale["created"]["coupon"]
    _, _, said = segmint(
        *args, "sale-3", *tail, "--coupon-batch", "sale10", "--coupon-value", 20, expect=1
    )
    assert "sale10" in said and "10 percent off for 14 days" in said
    _, _, said = segmint(*args, "sale-4", *tail, "--coupon-batch", "new-batch", expect=1)
    assert "--coupon-value" in said and "--coupon-kind" in said


def test_the_api_takes_a_coupon(shop_template: Path, tmp_path: Path) -> None:
    workspace = Workspace.open(copy_shop(shop_template, tmp_path / "ws"))
    with workspace.session() as session:
        admin = Principal.of_role("tests", "admin", kind="cli")
        token = create_token(session, "marketer", "marketer", actor=admin)["token"]
    body: dict[str, Any] = {
        "name": "api-sale",
        "segment": SEGMENT,
        "channel": "email",
        "variants": [{"subject": {"en": "Sale"}, "html": {"en": TEMPLATE}}],
    }
    app = create_app(workspace)
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(app, headers=headers, raise_server_exceptions=False) as client:
        bad = {"batch": "api10", "value": "150", "kind": "percent"}
        refused = client.post("/api/v1/campaigns", json={**body, "coupon": bad})
        assert refused.status_code == 422 and "150" in refused.text
        coupon = {"batch": "api10", "value": "5000", "kind": "amount", "days": 7}
        made = client.post("/api/v1/campaigns", json={**body, "coupon": coupon})
        assert made.status_code == 201, made.text
        assert made.json()["coupon"] == {**coupon, "until": None}
        shown = client.get("/api/v1/campaigns/api-sale/preview", params={"customer_id": cid(3)})
        assert "code: [[coupon code]]" in shown.json()["html"]
