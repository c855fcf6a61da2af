"""An API app on a small workspace, and clients signed in as each role.

``client_as("viewer")`` is a ``TestClient`` whose requests carry a real API token of
that role (``segmint.auth.create_token``), checked by the app's real authenticator;
``anonymous`` carries none. ``role_authenticator`` (``Bearer test-ROLE``) remains for
tests that build an app without a token store in mind.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI, Request

with warnings.catch_warnings():
    # Starlette 1.x asks for httpx2 in its test client; httpx still works and is what we pin.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from segmint.api import Principal, create_app
from segmint.api.security import ROLE_PERMISSIONS
from segmint.auth import create_token
from segmint.store import Workspace

ROLES = tuple(str(role) for role in ROLE_PERMISSIONS)


def role_authenticator(request: Request, token: str | None) -> Principal | None:
    """``Bearer test-ROLE`` signs in as ``ROLE``; anything else is nobody."""
    if token and token.startswith("test-") and token[5:] in ROLES:
        return Principal.of_role(token, token[5:], kind="token")
    return None


@pytest.fixture
def api_workspace(tmp_path: Path) -> Workspace:
    """An empty workspace for one test."""
    return Workspace.create(tmp_path / "ws")


@pytest.fixture
def role_tokens(api_workspace: Workspace) -> dict[str, str]:
    """A live API token per role, named after the role, in ``api_workspace``."""
    tokens = {}
    with api_workspace.session() as session:
        for role in ROLES:
            admin = Principal.of_role("tests", "admin", kind="cli")
            tokens[role] = create_token(session, role, role, actor=admin)["token"]
    return tokens


@pytest.fixture
def app(api_workspace: Workspace, role_tokens: dict[str, str]) -> FastAPI:
    """The API app serving ``api_workspace``, with its real authenticator."""
    return create_app(api_workspace)


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[TestClient]:
    """A client without credentials; its context runs the app's start-up and shut-down."""
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def client_as(
    app: FastAPI, anonymous: TestClient, role_tokens: dict[str, str]
) -> Callable[[str], TestClient]:
    """``client_as("analyst")``: a client whose requests carry a real token of that role."""

    def make(role: str) -> TestClient:
        if role not in role_tokens:
            raise ValueError(f"unknown role {role!r}")
        return TestClient(
            app,
            headers={"Authorization": f"Bearer {role_tokens[role]}"},
            raise_server_exceptions=False,
        )

    return make
