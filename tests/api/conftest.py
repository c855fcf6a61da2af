"""An API app on a small workspace, and clients signed in as each role.

``client_as("viewer")`` is a ``TestClient`` whose requests carry a viewer's
credentials; ``anonymous`` carries none. Until the auth package installs real
tokens, the app here accepts ``Bearer test-ROLE`` for each role.
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
from segmint.store import Workspace

ROLES = tuple(ROLE_PERMISSIONS)


def role_authenticator(request: Request, token: str | None) -> Principal | None:
    """``Bearer test-ROLE`` signs in as ``ROLE``; anything else is nobody."""
    if token and token.startswith("test-") and token[5:] in ROLE_PERMISSIONS:
        return Principal.of_role(token, token[5:])
    return None


@pytest.fixture
def api_workspace(tmp_path: Path) -> Workspace:
    """An empty workspace for one test."""
    return Workspace.create(tmp_path / "ws")


@pytest.fixture
def app(api_workspace: Workspace) -> FastAPI:
    """The API app serving ``api_workspace``."""
    return create_app(api_workspace, authenticator=role_authenticator)


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[TestClient]:
    """A client without credentials; its context runs the app's start-up and shut-down."""
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def client_as(app: FastAPI, anonymous: TestClient) -> Callable[[str], TestClient]:
    """``client_as("analyst")``: a client whose requests act for that role."""

    def make(role: str) -> TestClient:
        if role not in ROLE_PERMISSIONS:
            raise ValueError(f"unknown role {role!r}")
        return TestClient(
            app,
            headers={"Authorization": f"Bearer test-{role}"},
            raise_server_exceptions=False,
        )

    return make
