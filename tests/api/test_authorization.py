"""The authorization matrix: every role against every operation of the app's OpenAPI.

The operations are read from the running app, so routes other modules add later are
checked without editing this file. Each request is a plausible one (the schema's
examples for bodies and parameters); the answer must be 403 exactly when the role lacks
the route's permission, and never 401 for a signed-in role nor 5xx for anyone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from segmint.api.security import current_principal
from segmint.auth import allows
from tests.api.conftest import ROLES

#: Routes any signed-in caller may use, whatever the role.
ANY_SIGNED_IN = {("GET", "/api/v1/auth/me"), ("POST", "/api/v1/auth/logout")}


def _calls(dependant: Any) -> Iterator[Any]:
    for sub in dependant.dependencies:
        yield sub.call
        yield from _calls(sub)


def walk(
    routes: Iterable[Any], prefix: str = "", calls: tuple[Any, ...] = ()
) -> Iterator[tuple[str, APIRoute, tuple[Any, ...]]]:
    """(full path, route, every dependency it runs) of each API route, however included.

    FastAPI before 0.16x copies included routes into ``app.routes``; later versions keep
    each included router behind a ``_IncludedRouter`` with its prefix and dependencies.
    """
    for route in routes:
        if isinstance(route, APIRoute):
            yield prefix + route.path_format, route, calls + tuple(_calls(route.dependant))
        elif hasattr(route, "original_router"):
            context = route.include_context
            extra = tuple(d.dependency for d in context.dependencies)
            yield from walk(route.original_router.routes, prefix + context.prefix, calls + extra)


@dataclass(frozen=True)
class Operation:
    """One documented operation: who may call it, and its OpenAPI description."""

    method: str
    path: str
    permission: str | None
    signs_in: bool
    spec: dict[str, Any]


def operations(app: FastAPI) -> list[Operation]:
    """Every operation the app's OpenAPI documents, with the permission its route requires."""
    spec = app.openapi()
    runs: dict[tuple[str, str], tuple[Any, ...]] = {}
    for path, route, calls in walk(app.routes):
        for method in route.methods:
            runs[(method, path)] = calls
    found = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            calls = runs[(method.upper(), path)]
            permissions = {getattr(c, "permission", None) for c in calls} - {None}
            assert len(permissions) <= 1, f"{method} {path} asks for several: {permissions}"
            found.append(
                Operation(
                    method.upper(),
                    path,
                    permissions.pop() if permissions else None,
                    current_principal in calls,
                    operation,
                )
            )
    return found


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def _value(spec: dict[str, Any], parameter: dict[str, Any]) -> Any:
    schema = _resolve(spec, parameter.get("schema", {}))
    if "example" in parameter:
        return parameter["example"]
    for source in (parameter, schema):
        if source.get("examples"):
            examples = source["examples"]
            return examples[0] if isinstance(examples, list) else next(iter(examples.values()))
    kinds = {s.get("type") for s in schema.get("anyOf", [schema])}
    return 1 if "integer" in kinds else "x"


def request_for(spec: dict[str, Any], path: str, operation: dict[str, Any]) -> dict[str, Any]:
    """A plausible request: path and required query parameters filled, a body from examples."""
    params, query = {}, {}
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            params[parameter["name"]] = _value(spec, parameter)
        elif parameter["in"] == "query" and parameter.get("required"):
            query[parameter["name"]] = _value(spec, parameter)
    url = re.sub(r"\{(\w+)\}", lambda m: str(params[m.group(1)]), path)
    request: dict[str, Any] = {"url": url, "params": query}
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        schema = _resolve(spec, content["application/json"].get("schema", {}))
        examples = schema.get("examples") or [{}]
        request["json"] = examples[0]
    elif "multipart/form-data" in content:
        request["files"] = {"file": ("customers.csv", b"customer_id,name\nc1,Ali\n", "text/csv")}
    elif "application/x-www-form-urlencoded" in content:
        request["data"] = {"name": "nobody", "password": "not the password"}
    return request


@pytest.fixture
def matrix_app(app: FastAPI, anonymous: TestClient) -> FastAPI:
    """The app, started (``anonymous`` runs its start-up)."""
    return app


def test_every_route_declares_who_may_use_it(matrix_app: FastAPI) -> None:
    missing = [
        f"{op.method} {op.path}"
        for op in operations(matrix_app)
        if op.signs_in and op.permission is None and (op.method, op.path) not in ANY_SIGNED_IN
    ]
    assert missing == [], "routes that sign in but declare no require(permission)"


def test_the_matrix_sees_routes_and_permissions(matrix_app: FastAPI) -> None:
    found = {(op.method, op.path): op for op in operations(matrix_app)}
    assert found[("GET", "/api/v1/admin/audit")].permission == "admin"
    assert found[("GET", "/api/v1/auth/me")].signs_in
    assert not found[("POST", "/api/v1/auth/login")].signs_in


@pytest.mark.slow  # 20 s: every role on every route, in CI
def test_every_role_on_every_route(
    matrix_app: FastAPI,
    anonymous: TestClient,
    client_as: Callable[[str], TestClient],
) -> None:
    spec = matrix_app.openapi()
    wrong = []
    checked = 0
    for op in operations(matrix_app):
        request = request_for(spec, op.path, op.spec)
        answer = anonymous.request(op.method, **request)
        if answer.status_code >= 500 or (op.signs_in and answer.status_code != 401):
            wrong.append(
                f"anonymous {op.method} {op.path}: {answer.status_code} {answer.text[:200]}"
            )
        for role in ROLES:
            allowed = op.permission is None or allows(role, op.permission)
            answer = client_as(role).request(op.method, **request)
            status = answer.status_code
            checked += 1
            if status >= 500 or (status == 401 and op.signs_in) or (status == 403) == allowed:
                expected = "allowed" if allowed else "403"
                wrong.append(
                    f"{role} {op.method} {op.path}: {status}, expected {expected}: "
                    f"{answer.text[:200]}"
                )
    assert checked >= 4 * 10
    assert wrong == []
