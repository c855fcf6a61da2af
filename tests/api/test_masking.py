"""Viewers see PII masked: phone ``+98912***4567``, email ``m***@example.com``, initials."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import pyarrow as pa
import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient

from segmint.api.security import Principal, require
from segmint.auth import shown_to
from segmint.store import TABLES, Workspace

CUSTOMER = {
    "customer_id": "c1",
    "name": "Maryam Ahmadi",
    "phone": "+989121234567",
    "email": "maryam@example.com",
    "city": "Tehran",
}
MASKED = {"name": "M. A.", "phone": "+98912***4567", "email": "m***@example.com"}


@pytest.mark.parametrize(
    ("role", "masked"),
    [("viewer", True), ("analyst", False), ("marketer", False), ("admin", False)],
)
def test_a_customer_record_as_each_role_sees_it(
    app: FastAPI, client_as: Callable[[str], TestClient], role: str, masked: bool
) -> None:
    probe = APIRouter()

    @probe.get("/api/v1/probe/customer")
    def customer(
        who: Annotated[Principal, Depends(require("customers:read"))],
    ) -> dict[str, Any]:
        return shown_to(CUSTOMER, who.sees_pii)

    app.include_router(probe)
    seen = client_as(role).get("/api/v1/probe/customer").json()
    assert seen == ({**CUSTOMER, **MASKED} if masked else CUSTOMER)


def _profile_path(app: FastAPI) -> str | None:
    for path, item in app.openapi()["paths"].items():
        if path.startswith("/api/v1/customers/{") and path.count("{") == 1 and "get" in item:
            return path
    return None


def test_the_customer_profile_masks_phone_for_viewers(
    api_workspace: Workspace, app: FastAPI, role_tokens: dict[str, str]
) -> None:
    # The Contract: GET /api/v1/customers/{id} returns the profile, phone masked for viewers.
    path = _profile_path(app)
    if path is None:
        pytest.skip("no GET /api/v1/customers/{id} route in this app yet")
    schema = TABLES["customers"].to_pyarrow()
    row = pa.Table.from_arrays(
        [pa.array([CUSTOMER.get(f.name)], type=f.type) for f in schema], schema=schema
    )
    with api_workspace.data(write=True) as con:
        con.insert("customers", row)
    url = path.split("{")[0] + "c1"
    with TestClient(app, raise_server_exceptions=False) as client:
        seen = {}
        for role in ("viewer", "analyst"):
            answer = client.get(url, headers={"Authorization": f"Bearer {role_tokens[role]}"})
            assert answer.status_code == 200, answer.text
            seen[role] = answer.text
    assert "+989121234567" not in seen["viewer"] and "+98912***4567" in seen["viewer"]
    assert "maryam@example.com" not in seen["viewer"]
    assert "+989121234567" in seen["analyst"]
