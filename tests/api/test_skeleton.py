"""The API's frame: problem documents, permissions, paging, language, the held workspace."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import Annotated

import ibis
import pytest
from fastapi import APIRouter, Depends, FastAPI

from segmint.api.deps import DataDep
from segmint.api.paging import Page, PageDep, decode_cursor, encode_cursor, keyset_page
from segmint.api.problems import MEDIA_TYPE, Problem
from segmint.api.security import Principal, require
from segmint.exceptions import InvalidSegmentRule, UnknownCustomer, WorkspaceLocked
from segmint.store import Workspace
from tests.api.conftest import TestClient


@pytest.fixture
def probe(app: FastAPI) -> FastAPI:
    """Routes that exercise the frame, added to the test app."""
    router = APIRouter(prefix="/api/v1/probe")

    @router.get("/needs-segments-write")
    def write(who: Annotated[Principal, Depends(require("segments:write"))]) -> dict[str, str]:
        return {"name": who.name, "role": who.role}

    @router.get("/raise/{kind}")
    def fail(kind: str, who: Annotated[Principal, Depends(require("jobs:read"))]) -> None:
        if kind == "customer":
            raise UnknownCustomer("No customer with id 'C9'.")
        if kind == "rule":
            raise InvalidSegmentRule("unknown field 'recncy'", position=0, suggestion="recency")
        if kind == "locked":
            raise WorkspaceLocked("busy")
        if kind == "problem":
            raise Problem(409, key="serve.bad_cursor")
        raise RuntimeError("boom")

    @router.get("/numbers", response_model=Page[int])
    def numbers(con: DataDep, page: PageDep) -> Page[int]:
        table = ibis.memtable({"n": list(range(7))})
        return keyset_page(table, "n", page, lambda row: row["n"])

    app.include_router(router)
    return app


def test_health_is_public(anonymous: TestClient) -> None:
    answer = anonymous.get("/api/v1/health")
    assert answer.status_code == 200
    assert answer.json()["held"] is True


@pytest.mark.parametrize(
    ("role", "status"),
    [("viewer", 403), ("analyst", 403), ("marketer", 200), ("admin", 200)],
    ids=["viewer", "analyst", "marketer", "admin"],
)
def test_require_lets_only_the_permitted_roles_in(
    probe: FastAPI, client_as: Callable[[str], TestClient], role: str, status: int
) -> None:
    answer = client_as(role).get("/api/v1/probe/needs-segments-write")
    assert answer.status_code == status
    if status == 403:
        assert answer.headers["content-type"] == MEDIA_TYPE
        assert "segments:write" in answer.json()["detail"]


def test_no_credentials_is_401_with_a_bearer_challenge(
    probe: FastAPI, anonymous: TestClient
) -> None:
    answer = anonymous.get("/api/v1/probe/needs-segments-write")
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"
    body = answer.json()
    assert body["status"] == 401 and body["instance"] == "/api/v1/probe/needs-segments-write"


@pytest.mark.parametrize(
    ("kind", "status"),
    [("customer", 404), ("rule", 422), ("locked", 423), ("problem", 409), ("crash", 500)],
)
def test_errors_are_problem_documents(
    probe: FastAPI, client_as: Callable[[str], TestClient], kind: str, status: int
) -> None:
    answer = client_as("viewer").get(f"/api/v1/probe/raise/{kind}")
    assert answer.status_code == status
    assert answer.headers["content-type"] == MEDIA_TYPE
    body = answer.json()
    assert body["status"] == status and body["title"]
    if kind == "rule":
        assert body["suggestion"] == "recency" and body["position"] == 0
    if kind == "crash":
        assert "boom" not in answer.text and body["reference"]


def test_unknown_path_and_bad_input_are_problems_in_the_asked_language(
    probe: FastAPI, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("viewer")
    missing = client.get("/api/v1/nothing-here", headers={"Accept-Language": "fa-IR,fa;q=0.9"})
    assert missing.status_code == 404
    assert missing.json()["title"] == "پیدا نشد"
    bad = client.get("/api/v1/probe/numbers?limit=0")
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"] == ["query", "limit"]


def test_cursor_paging_walks_every_row_once(
    probe: FastAPI, client_as: Callable[[str], TestClient]
) -> None:
    client, seen, cursor = client_as("viewer"), [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/probe/numbers", params=params).json()
        seen.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(range(7))
    assert client.get("/api/v1/probe/numbers?cursor=%%%").status_code == 400


def test_cursor_round_trip() -> None:
    assert decode_cursor(encode_cursor({"after": "C1"})) == {"after": "C1"}


def test_another_process_meeting_the_server_is_told_where_it_is(
    api_workspace: Workspace,
) -> None:
    from segmint.api import create_app

    app = create_app(api_workspace, url="http://127.0.0.1:8765")
    with TestClient(app):
        script = (
            "import sys\n"
            "from segmint.store import Workspace\n"
            "from segmint.exceptions import WorkspaceLocked\n"
            f"w = Workspace.open({str(api_workspace.root)!r})\n"
            "try:\n"
            "    with w.data(write=True): pass\n"
            "except WorkspaceLocked as e:\n"
            "    print(e)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
        )
        assert "http://127.0.0.1:8765" in done.stdout, done.stderr
        assert (api_workspace.root / "serve.json").exists()
    assert not (api_workspace.root / "serve.json").exists()


@pytest.mark.parametrize("address", ["/api/v1/probe/raise/x%00y", "/api/v1/tickets?status=%00"])
def test_a_nul_in_the_address_is_a_bad_request(
    probe: FastAPI, client_as: Callable[[str], TestClient], address: str
) -> None:
    answer = client_as("viewer").get(address, headers={"Accept-Language": "fa"})
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert "NUL" in answer.json()["detail"]
