"""``/api/v1/campaigns`` on a copy of the shop: create, preview, send as a job, report."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from tests.campaigns.conftest import SEGMENT

from segmint.api import Principal, create_app
from segmint.auth import create_token
from segmint.store import Workspace

BODY: dict[str, Any] = {
    "name": "api-spring",
    "segment": SEGMENT,
    "channel": "email",
    "variants": [
        {
            "name": "A",
            "subject": {"en": "Hi {{ profile.name }}", "fa": "سلام"},
            "html": {
                "en": '<p>Hi</p><a href="{{ unsubscribe_url }}">u</a>',
                "fa": '<p>سلام</p><a href="{{ unsubscribe_url }}">لغو</a>',
            },
        }
    ],
    "holdout_percent": 10,
    "cost": 50,
}


@pytest.fixture
def clients(fresh_shop: Workspace) -> Iterator[tuple[FastAPI, dict[str, TestClient]]]:
    tokens = {}
    with fresh_shop.session() as session:
        admin = Principal.of_role("tests", "admin", kind="cli")
        for role in ("marketer", "viewer"):
            tokens[role] = create_token(session, role, role, actor=admin)["token"]
    app = create_app(fresh_shop)
    with TestClient(app, raise_server_exceptions=False):
        yield (
            app,
            {
                role: TestClient(
                    app, headers={"Authorization": f"Bearer {token}"}, raise_server_exceptions=False
                )
                for role, token in tokens.items()
            },
        )


@pytest.mark.slow
def test_campaign_through_the_api(clients: tuple[FastAPI, dict[str, TestClient]]) -> None:
    app, by_role = clients
    marketer, viewer = by_role["marketer"], by_role["viewer"]
    assert viewer.post("/api/v1/campaigns", json=BODY).status_code == 403
    created = marketer.post("/api/v1/campaigns", json=BODY)
    assert created.status_code == 201, created.text
    assert created.json()["check"]["estimated"] is True
    assert marketer.post("/api/v1/campaigns", json=BODY).status_code == 409
    shown = viewer.get("/api/v1/campaigns/api-spring/preview", params={"customer_id": "c00003"})
    assert shown.status_code == 200 and shown.json()["subject"] == "سلام"
    assert viewer.get("/api/v1/campaigns/nope").status_code == 404
    assert viewer.post("/api/v1/campaigns/api-spring/send").status_code == 403
    accepted = marketer.post("/api/v1/campaigns/api-spring/send")
    assert accepted.status_code == 202, accepted.text
    app.state.jobs.wait(accepted.json()["id"], timeout=120)
    # The job froze and queued the audience whatever became of delivery (no SMTP server
    # is configured here): every treated member has exactly one message.
    shown = viewer.get("/api/v1/campaigns/api-spring").json()
    assert shown["audience"]["audience"] == 2000
    assert sum(shown["outbox"].values()) == shown["audience"]["treated"] > 0
    listed = viewer.get("/api/v1/campaigns").json()
    assert [c["name"] for c in listed] == ["api-spring"]


def test_bad_template_is_a_client_error(clients: tuple[FastAPI, dict[str, TestClient]]) -> None:
    _, by_role = clients
    escape = {
        **BODY,
        "name": "escape",
        "variants": [{"subject": {"en": "x"}, "html": {"en": "{{ profile.__class__ }}"}}],
    }
    answer = by_role["marketer"].post("/api/v1/campaigns", json=escape)
    assert answer.status_code in (400, 422) and "__class__" in answer.json()["detail"]
