"""The send step: a campaign's message queued for each customer, with its exclusions and holdout."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from segmint import steps
from segmint.campaigns.definitions import Variant, create_campaign
from segmint.campaigns.holdout import assign_group
from segmint.campaigns.suppression import suppress
from segmint.exceptions import UnknownCampaign
from segmint.steps import campaigns as campaign_steps
from segmint.store import Workspace
from segmint.store.metadata import Campaign, CampaignMember, OutboxMessage
from tests.fakes import FakeSmtp
from tests.journeys.conftest import D1, T0, add_day, hours, journey

D2 = D1 + dt.timedelta(days=1)
HELLO = Variant(
    subject={"en": "Hello {{ profile.name }}"},
    text={"en": "Hi {{ profile.name }}. Unsubscribe: {{ unsubscribe_url }}"},
)


def _campaign(workspace: Workspace, name: str, holdout: float) -> int:
    with workspace.session() as session:
        found = create_campaign(
            session,
            name,
            segment="repeat",
            channel="email",
            variants=[HELLO],
            holdout_percent=holdout,
            created_by="tests",
        )
        return found.id


def _sent_to(workspace: Workspace, campaign_id: int) -> dict[str, OutboxMessage]:
    with workspace.session() as session:
        rows = session.scalars(
            select(OutboxMessage).where(OutboxMessage.campaign_id == campaign_id)
        )
        return {row.customer_id: row for row in rows}


def _groups(workspace: Workspace, campaign_id: int) -> dict[str, tuple[str, str | None]]:
    with workspace.session() as session:
        rows = session.scalars(
            select(CampaignMember).where(CampaignMember.campaign_id == campaign_id)
        )
        return {m.customer_id: (m.group, m.reason) for m in rows}


def test_send_queues_the_campaign_message_with_exclusions(shop: Workspace) -> None:
    campaign_id = _campaign(shop, "hello", holdout=0)
    with shop.session() as session:
        suppress(
            session,
            channel="email",
            address="mina@example.com",
            reason="unsubscribed",
            source="tests",
            actor="tests",
        )
    add_day(shop, D1, [])
    steps.journeys.create(shop, journey("greet", {"type": "send", "campaign": "hello"}))
    steps.journeys.tick(shop, now=T0)
    add_day(shop, D2, ["c2", "c3", "c4", "c6"])
    steps.journeys.tick(shop, now=T0)
    # c2 said no to e-mail and c6 said nothing; c4's address is suppressed.
    assert _groups(shop, campaign_id) == {
        "c2": ("excluded", "no_consent"),
        "c3": ("treated", None),
        "c4": ("excluded", "suppressed"),
        "c6": ("excluded", "no_consent"),
    }
    sent = _sent_to(shop, campaign_id)
    assert list(sent) == ["c3"]
    message = sent["c3"]
    assert (message.state, message.address, message.subject) == (
        "queued",
        "reza@example.com",
        "Hello Reza",
    )
    assert "/u/" in message.text and "List-Unsubscribe" in message.headers
    report = steps.journeys.report(shop, "greet")
    assert report["steps"][0]["outcomes"] == {
        "excluded:no_consent": 2,
        "excluded:suppressed": 1,
        "treated": 1,
    }
    # Ticking again queues nothing; the campaign's own send finds its audience frozen.
    steps.journeys.tick(shop, now=T0 + hours(1))
    again = campaign_steps.send(shop, "hello", deliver=False, now=T0 + hours(2))
    assert again["queued"] == 0
    assert list(_sent_to(shop, campaign_id)) == ["c3"]
    with shop.session() as session:
        stored = session.get(Campaign, campaign_id)
        assert stored is not None and stored.frozen_at is not None


def test_send_keeps_the_campaign_holdout(shop: Workspace) -> None:
    campaign_id = _campaign(shop, "half", holdout=50)
    add_day(shop, D1, [])
    steps.journeys.create(shop, journey("halves", {"type": "send", "campaign": "half"}))
    steps.journeys.tick(shop, now=T0)
    add_day(shop, D2, ["c1", "c3", "c4", "c5"])
    steps.journeys.tick(shop, now=T0)
    expected = {
        c: (assign_group(campaign_id, c, holdout_percent=50), None)
        for c in ("c1", "c3", "c4", "c5")
    }
    assert _groups(shop, campaign_id) == expected
    treated = {c for c, (group, _) in expected.items() if group == "treated"}
    assert set(_sent_to(shop, campaign_id)) == treated


def test_a_send_step_must_name_a_campaign(shop: Workspace) -> None:
    with pytest.raises(UnknownCampaign):
        steps.journeys.create(shop, journey("nope", {"type": "send", "campaign": "missing"}))


@pytest.fixture
def smtp() -> Iterator[FakeSmtp]:
    """A fake SMTP server for one test."""
    server = FakeSmtp().start()
    yield server
    server.stop()


def test_tick_delivers_what_send_steps_queued_once(shop: Workspace, smtp: FakeSmtp) -> None:
    with (shop.root / "segmint.toml").open("a", encoding="utf-8") as handle:
        handle.write(
            "[channels.email]\n"
            f'host = "127.0.0.1"\nport = {smtp.port}\n'
            'from = "Shop <news@shop.test>"\nstarttls = false\nrate_per_second = 0\n'
        )
    workspace = Workspace.open(shop.root)
    campaign_id = _campaign(workspace, "hello", holdout=0)
    add_day(workspace, D1, [])
    steps.journeys.create(workspace, journey("mail", {"type": "send", "campaign": "hello"}))
    steps.journeys.tick(workspace, now=T0)
    add_day(workspace, D2, ["c1", "c2", "c3"])
    done = steps.journeys.tick(workspace, now=T0)
    assert done["journeys"][0]["campaigns"] == [campaign_id]
    assert done["delivered"]["sent"] == 2  # c2 gave no consent
    again = steps.journeys.tick(workspace, now=T0 + hours(1))
    assert again["delivered"] == {}
    sent = _sent_to(workspace, campaign_id)
    assert {c: m.state for c, m in sent.items()} == {"c1": "sent", "c3": "sent"}
    assert set(smtp.mailbox) == {m.message_id for m in sent.values()}
    assert smtp.duplicates == 0 and len(smtp.offered) == 2
    workspace.close()


def test_without_a_channel_the_messages_stay_queued(shop: Workspace) -> None:
    campaign_id = _campaign(shop, "hello", holdout=0)
    add_day(shop, D1, [])
    steps.journeys.create(shop, journey("mail", {"type": "send", "campaign": "hello"}))
    steps.journeys.tick(shop, now=T0)
    add_day(shop, D2, ["c3"])
    done = steps.journeys.tick(shop, now=T0)
    assert "channels.email" in done["delivery_error"] or "EMAIL" in done["delivery_error"]
    assert {c: m.state for c, m in _sent_to(shop, campaign_id).items()} == {"c3": "queued"}
