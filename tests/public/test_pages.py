"""The pages a message links to, end to end through the app: unsubscribe and surveys."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from segmint.api import create_app
from segmint.campaigns import suppressed_addresses
from segmint.campaigns.links import sign, survey_url, unsubscribe_url, workspace_secret
from segmint.campaigns.surveys import feedback_id
from segmint.store import Workspace
from segmint.store.held import HeldWorkspace
from segmint.store.metadata import ConsentChange, Suppression

ONE_CLICK = {"List-Unsubscribe": "One-Click"}  # RFC 8058's body, form-encoded


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, HeldWorkspace]]:
    """The app on an empty workspace, started; and the workspace it holds.

    Shared by the module's tests: each one uses customers of its own.
    """
    app = create_app(Workspace.create(tmp_path_factory.mktemp("pages") / "ws"))
    with TestClient(app, raise_server_exceptions=True) as client:
        yield client, app.state.workspace


def _path(url: str) -> str:
    return urlsplit(url).path


def _unsubscribe(workspace: Workspace, customer: str, address: str) -> str:
    return _path(
        unsubscribe_url(
            workspace, campaign_id=7, customer_id=customer, channel="email", address=address
        )
    )


def _listed(workspace: HeldWorkspace, customer: str) -> list[Suppression]:
    with workspace.session() as session:
        return list(session.scalars(select(Suppression).where(Suppression.customer_id == customer)))


def _tampered(path: str) -> str:
    """The same link with one character of its payload changed."""
    head, body = path.rsplit("/", 1)
    payload, signature = body.split(".")
    swapped = payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1]
    return f"{head}/{swapped}.{signature}"


def test_unsubscribe_end_to_end(site: tuple[TestClient, HeldWorkspace]) -> None:
    client, workspace = site
    link = _unsubscribe(workspace, "c01", "Ali@Example.com")
    page = client.get(link)
    assert page.status_code == 200
    assert "method=post" in page.text and "One-Click" in page.text
    assert "ali@example.com" not in page.text.lower()  # the address is shown masked
    assert page.headers["referrer-policy"] == "no-referrer"
    assert _listed(workspace, "c01") == []  # opening the page changes nothing

    done = client.post(link, data=ONE_CLICK)
    assert done.status_code == 200 and "Done" in done.text
    again = client.post(link, data=ONE_CLICK)
    assert again.status_code == 200
    rows = _listed(workspace, "c01")
    with workspace.session() as session:
        log = session.scalars(select(ConsentChange).where(ConsentChange.customer_id == "c01")).all()
        assert "ali@example.com" in suppressed_addresses(session, "email")
    assert [
        (r.channel, r.address, r.reason, r.source, r.campaign_id, r.customer_id) for r in rows
    ] == [("email", "ali@example.com", "unsubscribed", "unsubscribe link", 7, "c01")]
    assert [(c.consented, c.address, c.campaign_id, c.actor) for c in log] == [
        (False, "ali@example.com", 7, "recipient")
    ]


def test_page_in_persian(site: tuple[TestClient, HeldWorkspace]) -> None:
    client, workspace = site
    page = client.get(
        _unsubscribe(workspace, "c02", "sara@example.com"),
        headers={"Accept-Language": "fa-IR,fa;q=0.9"},
    )
    assert 'lang="fa" dir="rtl"' in page.text and "لغو اشتراک" in page.text


def test_a_tampered_or_foreign_link_is_refused(site: tuple[TestClient, HeldWorkspace]) -> None:
    client, workspace = site
    link = _unsubscribe(workspace, "c03", "reza@example.com")
    forged = _tampered(link)
    assert client.get(forged).status_code == 403
    refused = client.post(forged, data=ONE_CLICK)
    assert refused.status_code == 403 and "not valid" in refused.text
    other_secret = sign(
        b"another shop", "unsubscribe", {"c": 7, "u": "c01", "ch": "email", "a": "x@y.z"}
    )
    assert client.post(f"/u/{other_secret}", data=ONE_CLICK).status_code == 403
    survey = _path(survey_url(workspace, campaign_id=7, customer_id="c03", question="csat"))
    assert client.post("/u/" + survey.rsplit("/", 1)[1], data=ONE_CLICK).status_code == 403
    odd = sign(workspace_secret(workspace), "unsubscribe", {"c": 1, "u": "c03", "ch": "fax"})
    assert client.post(f"/u/{odd}", data=ONE_CLICK).status_code == 403
    assert _listed(workspace, "c03") == []


def _feedback(workspace: HeldWorkspace, customer: str) -> list[dict]:
    with workspace.data() as con:
        feedback = con.table("feedback")
        mine = feedback.filter(feedback.customer_id == customer).order_by("feedback_id")
        return mine.to_pyarrow().to_pylist()


def test_survey_answer_lands_in_feedback(site: tuple[TestClient, HeldWorkspace]) -> None:
    client, workspace = site
    csat = _path(survey_url(workspace, campaign_id=7, customer_id="c01", question="csat"))
    page = client.get(csat)
    assert page.status_code == 200
    assert [f'value="{n}"' in page.text for n in range(0, 7)] == [False] + [True] * 5 + [False]

    assert client.post(csat, data={"score": "4", "comment": "fast delivery"}).status_code == 200
    assert client.post(csat, data={"score": "2"}).status_code == 200  # replaces, keeps comment
    nps = _path(survey_url(workspace, campaign_id=7, customer_id="c01", question="nps"))
    assert client.post(nps, data={"score": "9"}).status_code == 200
    other = _path(survey_url(workspace, campaign_id=8, customer_id="c01", question="csat"))
    assert client.post(other, data={"score": "5"}).status_code == 200

    rows = _feedback(workspace, "c01")
    assert [
        (r["feedback_id"], r["customer_id"], r["campaign"], r["csat"], r["nps"], r["comment"])
        for r in rows
    ] == [
        (feedback_id(7, "c01"), "c01", "7", 2, 9, "fast delivery"),
        (feedback_id(8, "c01"), "c01", "8", 5, None, None),
    ]


@pytest.mark.parametrize("score", ["0", "6", "x", ""])
def test_a_score_off_the_scale_is_refused(
    site: tuple[TestClient, HeldWorkspace], score: str
) -> None:
    client, workspace = site
    csat = _path(survey_url(workspace, campaign_id=7, customer_id="c04", question="csat"))
    answer = client.post(csat, data={"score": score})
    assert answer.status_code == 422 and "from 1 to 5" in answer.text
    assert _feedback(workspace, "c04") == []


def test_persian_survey_page(site: tuple[TestClient, HeldWorkspace]) -> None:
    client, workspace = site
    nps = _path(survey_url(workspace, campaign_id=3, customer_id="c02", question="nps"))
    page = client.get(nps, headers={"Accept-Language": "fa"})
    assert 'dir="rtl"' in page.text
    assert ">۰</button>" in page.text and ">۱۰</button>" in page.text
    assert (
        client.post(nps, data={"score": "۱۰"}, headers={"Accept-Language": "fa"}).status_code == 200
    )
    assert [r["nps"] for r in _feedback(workspace, "c02")] == [10]
    assert client.get(_tampered(nps)).status_code == 403


def test_pages_stay_out_of_the_api_document(site: tuple[TestClient, HeldWorkspace]) -> None:
    client, _ = site
    paths = client.get("/openapi.json").json()["paths"]
    assert not any(path.startswith(("/u/", "/s/")) for path in paths)
