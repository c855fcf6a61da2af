"""Issue 13's email campaign end to end: the CLI, the fake SMTP server, the public pages.

``segmint campaigns create/send/report`` run in-process on a copy of the shop whose
``[channels.email]`` points at :class:`tests.fakes.FakeSmtp`; the messages the server
received are opened like a mail client would: their List-Unsubscribe header is posted
to the app (RFC 8058), their survey link is followed and answered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import warnings
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import ibis
import pytest
from sqlalchemy import select
from statsmodels.stats.proportion import confint_proportions_2indep

from segmint.api import create_app
from segmint.campaigns.outbox import message_id
from segmint.store import Workspace
from segmint.store.metadata import CampaignMember, ConsentChange
from tests.e2e.conftest import (
    DOMAIN,
    NO_ADDRESS,
    NO_CONSENT,
    PERSIAN,
    PUBLIC,
    REACHABLE,
    SEGMENT,
    SIZE,
    SUPPRESSED,
    cid,
    email,
    segmint_json,
    table_of,
)
from tests.fakes import FakeSmtp, Received

with warnings.catch_warnings():
    # Starlette asks for httpx2 in its test client; httpx still works and is what we pin.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

EN = (
    "<p>Hello {{ profile.name }}</p>"
    "<p><a href=\"{{ survey_url('csat') }}\">How did we do?</a></p>"
    '<p><a href="{{ unsubscribe_url }}">unsubscribe</a></p>'
)
FA = (
    "<p>سلام {{ profile.name }}</p>"
    "<p><a href=\"{{ survey_url('csat') }}\">نظر شما</a></p>"
    '<p><a href="{{ unsubscribe_url }}">لغو اشتراک</a></p>'
)
ONE_CLICK = {"List-Unsubscribe": "One-Click"}


def in_holdout(campaign_id: int, customer: str, percent: float) -> bool:
    """The documented holdout hash, computed here independently of segmint."""
    digest = hashlib.sha256(f"holdout\x1f{campaign_id}\x1f{customer}".encode()).digest()
    return int.from_bytes(digest[:8], "big") * 100.0 / 2**64 < percent


def groups(root: Path, campaign_id: int) -> dict[str, str]:
    """Customer -> group of a campaign's frozen audience."""
    workspace = Workspace.open(root)
    try:
        with workspace.session() as session:
            rows = session.execute(
                select(CampaignMember.customer_id, CampaignMember.group).where(
                    CampaignMember.campaign_id == campaign_id
                )
            )
            return {customer: group for customer, group in rows}
    finally:
        workspace.close()


def html_of(received: Received) -> str:
    message: EmailMessage = received.message
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    return str(part.get_content())


def path_of(url: str) -> str:
    return urlsplit(url).path


@pytest.fixture(scope="module")
def first(mail_shop: Path, smtp: FakeSmtp, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Create ``spring`` with a 20% holdout, send it, send it again; what each step said."""
    folder = tmp_path_factory.mktemp("templates")
    (folder / "en.html").write_text(EN, encoding="utf-8")
    (folder / "fa.html").write_text(FA, encoding="utf-8")
    created = segmint_json(
        "--workspace", mail_shop, "campaigns", "create", "spring",
        "--segment", SEGMENT, "--channel", "email",
        "--subject", "Spring, {{ profile.name }}", "--subject-fa", "بهار، {{ profile.name }}",
        "--template", folder / "en.html", "--template-fa", folder / "fa.html",
        "--holdout", 20,
    )  # fmt: skip
    sent = segmint_json("--workspace", mail_shop, "campaigns", "send", "spring")
    offered = list(smtp.offered)
    again = segmint_json("--workspace", mail_shop, "campaigns", "send", "spring")
    return {
        "created": created,
        "sent": sent,
        "again": again,
        "offered": offered,
        "offered_after": list(smtp.offered),
        "groups": groups(mail_shop, created["id"]),
    }


def received_by(first: Any, i: int) -> Received:
    [found] = [r for r in first["offered"] if r.rcpt_tos == [email(i)]]
    return found


def treated(first: Any) -> list[int]:
    return sorted(i for i in range(SIZE) if first["groups"].get(cid(i)) == "treated")


def test_send_counts_add_up_and_follow_consent_suppression_and_the_holdout(first: Any) -> None:
    sent, campaign_id = first["sent"], first["created"]["id"]
    holdout = sorted(i for i in REACHABLE if in_holdout(campaign_id, cid(i), 20.0))
    expected_treated = sorted(REACHABLE - set(holdout))
    assert treated(first) == expected_treated
    assert sent["excluded"] == {
        "no_consent": len(NO_CONSENT),
        "no_address": len(NO_ADDRESS),
        "suppressed": len(SUPPRESSED),
        "frequency_cap": 0,
    }
    assert (sent["audience"], sent["holdout"], sent["suppressed"]) == (SIZE, len(holdout), 2)
    assert sent["audience"] == (
        sent["treated"] + sent["holdout"] + sent["global_holdout"] + sum(sent["excluded"].values())
    )
    assert sent["queued"] == sent["sent"] == len(expected_treated)
    assert sent["failed"] == 0 and sent["outbox"]["sent"] == len(expected_treated)


def test_the_server_got_each_treated_customer_once_and_nobody_else(first: Any) -> None:
    campaign_id = first["created"]["id"]
    people = treated(first)
    expected = {message_id(campaign_id, cid(i), "email", DOMAIN) for i in people}
    offered = first["offered"]
    assert sorted(r.message_id for r in offered) == sorted(expected)  # each exactly once
    assert sorted(r.rcpt_tos[0] for r in offered) == sorted(email(i) for i in people)
    assert all(len(r.rcpt_tos) == 1 for r in offered)
    not_treated = {email(i) for i in range(SIZE)} - {email(i) for i in people}
    assert not not_treated & {r.rcpt_tos[0] for r in offered}


def test_sending_again_sends_nothing_new(first: Any) -> None:
    again = first["again"]
    assert (again["queued"], again["sent"], again["failed"]) == (0, 0, 0)
    assert again["audience"] == first["sent"]["audience"]
    assert len(first["offered_after"]) == len(first["offered"])


def test_each_message_is_in_its_customers_language(first: Any) -> None:
    for i in treated(first):
        received = received_by(first, i)
        body = html_of(received)
        if i in PERSIAN:
            assert "سلام" in body and received.message["Subject"] == f"بهار، Customer {i}"
        else:
            assert "Hello" in body and received.message["Subject"] == f"Spring, Customer {i}"


def test_the_unsubscribe_page_speaks_the_customers_language(first: Any, mail_shop: Path) -> None:
    persian = next(i for i in treated(first) if i in PERSIAN)
    english = next(i for i in treated(first) if i not in PERSIAN)
    app = create_app(Workspace.open(mail_shop))
    with TestClient(app) as client:
        for i, lang in ((persian, "fa"), (english, "en")):
            link = path_of(received_by(first, i).message["List-Unsubscribe"].strip("<>"))
            # The browser asks for the other language: the link's own language wins.
            page = client.get(link, headers={"Accept-Language": "en" if lang == "fa" else "fa"})
            assert page.status_code == 200
            assert f'<html lang="{lang}" dir="{"rtl" if lang == "fa" else "ltr"}">' in page.text


@pytest.mark.slow  # a second campaign through the CLI and the app: 2-4 s
def test_one_click_unsubscribe_keeps_the_address_out_of_the_next_campaign(
    first: Any, mail_shop: Path, smtp: FakeSmtp, tmp_path: Path
) -> None:
    leaver = treated(first)[0]
    received = received_by(first, leaver)
    url = received.message["List-Unsubscribe"].strip("<>")
    assert url.startswith(PUBLIC + "/u/")
    assert received.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    app = create_app(Workspace.open(mail_shop))
    with TestClient(app) as client:
        done = client.post(path_of(url), data=ONE_CLICK)
        assert done.status_code == 200
    campaign_id = first["created"]["id"]
    workspace = Workspace.open(mail_shop)
    try:
        with workspace.session() as session:
            log = session.scalars(
                select(ConsentChange).where(ConsentChange.customer_id == cid(leaver))
            ).all()
            assert [(c.channel, c.address, c.consented, c.campaign_id) for c in log] == [
                ("email", email(leaver), False, campaign_id)
            ]
    finally:
        workspace.close()

    template = tmp_path / "autumn.html"
    template.write_text(EN, encoding="utf-8")
    before = len(smtp.offered)
    autumn = segmint_json(
        "--workspace", mail_shop, "campaigns", "create", "autumn", "--segment", SEGMENT,
        "--channel", "email", "--subject", "Autumn", "--template", template, "--holdout", 0,
    )  # fmt: skip
    sent = segmint_json("--workspace", mail_shop, "campaigns", "send", "autumn")
    assert sent["excluded"]["suppressed"] == len(SUPPRESSED) + 1
    assert groups(mail_shop, autumn["id"])[cid(leaver)] == "excluded"
    new = smtp.offered[before:]
    assert len(new) == sent["sent"] == len(REACHABLE) - 1
    assert email(leaver) not in {r.rcpt_tos[0] for r in new}


def test_a_survey_answer_reaches_the_campaign_report(first: Any, mail_shop: Path) -> None:
    people = treated(first)
    persian = next(i for i in people if i in PERSIAN)
    english = [i for i in people if i not in PERSIAN][1:3]
    links = {
        i: path_of(re.findall(r'href="([^"]*/s/[^"]+)"', html_of(received_by(first, i)))[0])
        for i in (persian, *english)
    }
    app = create_app(Workspace.open(mail_shop))
    with TestClient(app) as client:
        page = client.get(links[persian])
        assert page.status_code == 200 and 'lang="fa"' in page.text and "۵" in page.text
        for i, score in zip(english, (4, 2), strict=True):
            assert 'lang="en"' in client.get(links[i]).text
            answered = client.post(links[i], data={"score": str(score), "comment": "ok"})
            assert answered.status_code == 200
    campaign_id = first["created"]["id"]
    workspace = Workspace.open(mail_shop)
    try:
        with workspace.data() as con:
            f = con.table("feedback")
            rows = f.filter(f.campaign == str(campaign_id)).order_by("customer_id").to_pyarrow()
        assert rows.column("customer_id").to_pylist() == [cid(i) for i in english]
        assert rows.column("csat").to_pylist() == [4, 2]
    finally:
        workspace.close()
    survey = segmint_json("--workspace", mail_shop, "campaigns", "report", "spring")["survey"]
    assert survey == {
        "answers": 2,
        "csat_answers": 2,
        "csat_mean": 3.0,
        "nps_answers": 0,
        "nps": None,
    }


def test_report_counts_orders_in_the_window_after_the_send(first: Any, mail_shop: Path) -> None:
    shown = segmint_json("--workspace", mail_shop, "campaigns", "show", "spring")
    sent_at = dt.datetime.fromisoformat(shown["sent_at"])
    sent_at = sent_at if sent_at.tzinfo else sent_at.replace(tzinfo=dt.UTC)
    local = sent_at.astimezone(ZoneInfo("Asia/Tehran")).replace(tzinfo=None)
    people = treated(first)
    held = sorted(i for i in range(SIZE) if first["groups"].get(cid(i)) == "holdout")
    t1, t2, t3, t4, t5 = people[:5]
    orders = [  # (customer, hours after the send, amount, status)
        (t1, 24, 100, "completed"),
        (t2, 72, 50, "completed"),
        (t2, 120, 30, "completed"),
        (t3, -2, 999, "completed"),  # before the send (in Tehran time): not a conversion
        (t4, 20 * 24, 500, "completed"),  # after the 14-day window
        (t5, 24, 70, "cancelled"),
        (held[0], 48, 40, "completed"),
        (0, 24, 1000, "completed"),  # e00 has no consent: not in either group
    ]
    table = table_of(
        "orders",
        {
            "order_id": [f"r{n}" for n in range(len(orders))],
            "customer_id": [cid(i) for i, *_ in orders],
            "order_time": [local + dt.timedelta(hours=h) for _, h, _, _ in orders],
            "amount": [a for *_, a, _ in orders],
            "status": [s for *_, s in orders],
        },
    )
    workspace = Workspace.open(mail_shop)
    try:
        with workspace.data(write=True) as con:
            con.insert("orders", ibis.memtable(table))
    finally:
        workspace.close()

    report = segmint_json("--workspace", mail_shop, "campaigns", "report", "spring")
    n_t, n_h = len(people), len(held)
    assert (report["treated"], report["holdout"]) == (n_t, n_h)
    assert (report["treated_converted"], report["holdout_converted"]) == (2, 1)
    assert report["uplift"] == pytest.approx(2 / n_t - 1 / n_h)
    assert report["incremental_revenue"] == pytest.approx((180 / n_t - 40 / n_h) * n_t)
    low, high = confint_proportions_2indep(2, n_t, 1, n_h, method="newcomb", compare="diff")
    assert (report["ci_low"], report["ci_high"]) == (pytest.approx(low), pytest.approx(high))
