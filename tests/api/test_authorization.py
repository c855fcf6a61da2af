"""The authorization matrix: every role against every operation of the app's OpenAPI.

The operations are read from the running app, so routes other modules add later are
checked without editing this file. Each request is a plausible one (the schema's
examples for bodies and parameters); the answer must be 403 exactly when the role lacks
the route's permission, and never 401 for a signed-in role nor 5xx for anyone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
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


def permission_of(route: APIRoute) -> str | None:
    """The permission a route's ``require(...)`` asks for, if any."""
    found = {getattr(call, "permission", None) for call in _calls(route.dependant)} - {None}
    assert len(found) <= 1, f"{route.path} asks for several permissions: {found}"
    return found.pop() if found else None


def signs_in(route: APIRoute) -> bool:
    """Whether the route needs a caller (it depends on the current principal)."""
    return current_principal in set(_calls(route.dependant))


def operations(app: FastAPI) -> list[tuple[str, str, APIRoute, dict[str, Any]]]:
    """(method, path, route, OpenAPI operation) for every operation the app documents."""
    spec = app.openapi()
    by_key = {
        (method, route.path_format): route
        for route in app.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    found = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                found.append((method.upper(), path, by_key[(method.upper(), path)], operation))
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
        f"{method} {path}"
        for method, path, route, operation in operations(matrix_app)
        if signs_in(route)
        and permission_of(route) is None
        and (method, path) not in ANY_SIGNED_IN
    ]
    assert missing == [], "routes that sign in but declare no require(permission)"


def test_every_role_on_every_route(
    matrix_app: FastAPI,
    anonymous: TestClient,
    client_as: Callable[[str], TestClient],
) -> None:
    spec = matrix_app.openapi()
    wrong = []
    checked = 0
    for method, path, route, operation in operations(matrix_app):
        request = request_for(spec, path, operation)
        permission = permission_of(route)
        public = not signs_in(route)
        answer = anonymous.request(method, **request)
        if answer.status_code >= 500 or (not public and answer.status_code != 401):
            wrong.append(f"anonymous {method} {path}: {answer.status_code} {answer.text[:200]}")
        for role in ROLES:
            allowed = permission is None or allows(role, permission)
            answer = client_as(role).request(method, **request)
            status = answer.status_code
            checked += 1
            if status >= 500 or (status == 401 and not public) or (status == 403) == allowed:
                expected = "allowed" if allowed else "403"
                wrong.append(f"{role} {method} {path}: {status}, expected {expected}: {answer.text[:200]}")
    assert checked >= 4 * 5
    assert wrong == []
