"""The imports page: permissions, CSRF, preview with parse rates, the job, counts, rejects."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.web.conftest import Server, clients_of, csrf_of, make_shop, screenshot, serve

# Imports change the shop's data, so this module serves a small shop of its own: the shared
# one keeps the numbers of its last run, which the dashboard's tests compare.


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    shop = make_shop(tmp_path_factory.mktemp("imports") / "shop", customers=300, seed=3)
    with serve(shop) as running:
        yield running


@pytest.fixture(scope="module")
def client_for(server: Server) -> Iterator[Callable[..., httpx.Client]]:
    yield from clients_of(server)


@pytest.fixture(scope="module")
def browser_context_args(server: Server) -> dict[str, Any]:
    return {"base_url": server.url, "viewport": {"width": 1280, "height": 900}}


GOOD = [f"W-9{i:03d},C{i:05d},2025-09-{i + 1:02d},{100000 + i}" for i in range(1, 10)]
BAD = "W-9999,C00001,2025-09-20,not-a-number"


def _file(tmp_path, name: str = "orders-web.csv"):
    path = tmp_path / name
    path.write_text("order_id,customer_id,order_date,amount\n" + "\n".join([*GOOD, BAD]) + "\n")
    return path


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_only_imports_write_sees_the_page(client_for, role):
    assert client_for(role).get("/imports").status_code == 403


def test_the_upload_needs_the_csrf_token(client_for, tmp_path):
    client = client_for("marketer")
    with _file(tmp_path).open("rb") as handle:
        answer = client.post(
            "/imports/preview",
            data={"csrf_token": "forged", "kind": "orders"},
            files={"file": ("o.csv", handle, "text/csv")},
        )
    assert answer.status_code == 403


def test_a_start_for_a_file_not_uploaded_is_refused(client_for):
    client = client_for("marketer")
    csrf = csrf_of(client.get("/imports").text)
    for upload in ("../../app.sqlite", "0" * 32 + "-missing.csv"):
        answer = client.post(
            "/imports/start", data={"csrf_token": csrf, "kind": "orders", "upload": upload}
        )
        assert answer.status_code == 400


def test_preview_then_import_counts_add_up(client_for, tmp_path):
    client = client_for("marketer")
    csrf = csrf_of(client.get("/imports").text)
    with _file(tmp_path, "orders-plain.csv").open("rb") as handle:
        preview = client.post(
            "/imports/preview",
            data={"csrf_token": csrf, "kind": "orders"},
            files={"file": ("orders-plain.csv", handle, "text/csv")},
        )
    assert preview.status_code == 200
    rates = dict(re.findall(r'data-field="(\w+)">.*?data-rate="([^"]*)"', preview.text, re.S))
    assert float(rates["amount"]) == pytest.approx(0.9)
    assert float(rates["order_id"]) == 1.0
    upload = re.search(r'name="upload" value="([^"]+)"', preview.text).group(1)
    started = client.post(
        "/imports/start", data={"csrf_token": csrf, "kind": "orders", "upload": upload}
    )
    job_id = re.search(r"/imports/jobs/(\d+)", started.text).group(1)
    for _ in range(120):
        done = client.get(f"/imports/jobs/{job_id}")
        if 'data-status="done"' in done.text or 'data-status="failed"' in done.text:
            break
        time.sleep(0.25)
    assert 'data-status="done"' in done.text, done.text
    job = client.get(f"/api/v1/jobs/{job_id}").json()["result"]
    assert job["read"] == 10 and job["rejected"] == 1
    assert job["read"] == job["stored"] + job["unchanged"] + job["rejected"]
    rejects = client.get(f"/api/v1/imports/{job['import_id']}/rejects")
    assert rejects.status_code == 200 and "not-a-number" in rejects.text


def test_imports_need_a_login(server):
    with httpx.Client(base_url=server.url) as client:
        assert client.get("/imports").status_code == 303


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_import_in_a_browser(page, login, console_errors, tmp_path, lang):
    login("marketer", lang, quote(f"/imports?lang={lang}"))
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "fa" else "ltr")
    page.select_option("#kind", "orders")
    page.set_input_files("#file", str(_file(tmp_path, f"orders-{lang}.csv")))
    with page.expect_navigation():
        page.click("#upload-form button[type=submit]")
    rate = page.get_attribute("#mapping tr[data-field=amount] td[data-rate]", "data-rate")
    assert float(rate) == pytest.approx(0.9)
    screenshot(page, f"imports-preview-{lang}")
    with page.expect_navigation():
        page.click("#start-import")
    page.wait_for_selector("#job[data-status=done]", timeout=60_000)
    assert page.get_attribute("#job-progress", "value") == "100"
    counts = {
        key: page.text_content(f"[data-count={key}] .tile-value")
        for key in ("read", "stored", "unchanged", "rejected")
    }
    digits = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
    numbers = {
        k: int(v.translate(digits).replace(",", "").replace("٬", "")) for k, v in counts.items()
    }
    assert numbers["read"] == 10 and numbers["rejected"] == 1
    assert numbers["read"] == numbers["stored"] + numbers["unchanged"] + numbers["rejected"]
    with page.expect_download() as got:
        page.click("#rejects")
    assert "not-a-number" in Path(got.value.path()).read_text(encoding="utf-8-sig")
    screenshot(page, f"imports-{lang}")
    assert console_errors == []


def test_a_viewer_gets_403_in_a_browser(page, login):
    login("viewer", "en", "/imports")
    assert "Not allowed" in page.text_content("h1")
    assert page.goto("/admin").status == 403
