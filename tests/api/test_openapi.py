"""Every operation in /openapi.json, fuzzed by schemathesis: no 5xx, answers match the schema.

Each operation is one test (ids like ``GET /api/v1/jobs/{job_id}``); schemathesis draws
cases from the operation's schema and checks every answer, as an admin so that no
case stops at the permission check.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from segmint.api import create_app
from segmint.settings import Settings
from segmint.store import Workspace
from tests.api.conftest import TestClient, role_authenticator

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

pytestmark = pytest.mark.slow

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    status_code_conformance,
]
ADMIN = {"Authorization": "Bearer test-admin"}
EXAMPLES = 12


def _operations() -> list[tuple[str, str]]:
    """(method, path) of every operation; building the app touches no workspace."""
    app = create_app(Workspace(Path("unused"), Settings()))
    paths: dict[str, Any] = app.openapi()["paths"]
    return [(method.upper(), path) for path, item in paths.items() for method in item]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The API of a small demo shop (150 customers, imported and run), as a schemathesis schema."""
    from segmint import steps

    root: Path = tmp_path_factory.mktemp("fuzz") / "ws"
    steps.build_demo(root, customers=150, seed=1)
    workspace = Workspace.open(root)
    app = create_app(workspace, authenticator=role_authenticator, max_upload_bytes=1 << 20)
    with TestClient(app):  # start-up: hold the workspace, start the job worker
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.parametrize(("method", "path"), _operations(), ids=lambda v: str(v))
def test_every_operation_answers_within_its_schema(api_schema: Any, method: str, path: str) -> None:
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case: Any) -> None:
        case.call_and_validate(headers=ADMIN, checks=CHECKS)

    fuzz()
