"""The web app served for real (uvicorn on a free port) on a small demo shop, and a browser.

* ``web_workspace``: a demo shop of 1,500 customers, imported and run once per test
  session, with one user per role (``admin``, ``marketer``, ``analyst``, ``viewer``), each
  with the password :data:`PASSWORD`.
* ``server``: the app serving it, its base URL in ``server.url``.
* ``client_for(role)``: an httpx client logged in through ``/login`` (no browser), for page
  tests that read HTML.
* Browser tests (``page`` from pytest-playwright) run Debian's Chromium
  (``/usr/bin/chromium``, which ``scripts/test`` installs with apt); they are marked
  ``browser`` and ``slow``. Without Chromium they fail with the reason unless
  ``SEGMINT_REQUIRE_BROWSER=0``, which skips them.
* ``login(page, role, lang)`` logs a page in; ``console_errors`` collects the page's console
  errors and uncaught exceptions; ``screenshot(page, name)`` saves a PNG under
  ``artifacts/screenshots`` (the artifacts CI keeps).
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from segmint.auth import Principal, add_user
from segmint.store import Workspace

PASSWORD = "correct horse battery staple"
ROLES = ("admin", "marketer", "analyst", "viewer")
CHROMIUM = os.environ.get("SEGMINT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
BROWSER_FIXTURES = {"page", "context", "browser", "login", "console_errors"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use a browser are ``browser`` and ``slow``."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)


def make_shop(root: Path, customers: int = 1_500, seed: int = 7) -> Workspace:
    """A demo shop at ``root``, imported and run, with a user per role."""
    from segmint import steps

    steps.build_demo(root, customers=customers, seed=seed)
    workspace = Workspace.open(root)
    admin = Principal.of_role("tests", "admin", kind="cli")
    with workspace.session() as session:
        for role in ROLES:
            add_user(session, role, role, PASSWORD, actor=admin)
    return workspace


@pytest.fixture(scope="session")
def web_workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A demo shop of 1,500 customers, run, with a user per role, shared by the session.

    Tests that change the shop's data (imports) serve their own shop (:func:`serve`), so
    the numbers the other tests compare stay those of the last run.
    """
    return make_shop(tmp_path_factory.mktemp("web") / "shop")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    app: Any


@pytest.fixture(scope="session")
def server(web_workspace: Workspace) -> Iterator[Server]:
    """The app on ``web_workspace``, served by uvicorn in a thread on a free port."""
    with serve(web_workspace) as running:
        yield running


@contextmanager
def serve(workspace: Workspace) -> Iterator[Server]:
    """Serve ``workspace``'s app with uvicorn in a thread on a free port, until the end."""
    import uvicorn

    from segmint.api import create_app

    port = _free_port()
    app = create_app(workspace, url=f"http://127.0.0.1:{port}", scheduler=False)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not running.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web app did not start")
        time.sleep(0.05)
    yield Server(f"http://127.0.0.1:{port}", app)
    running.should_exit = True
    thread.join(timeout=30)


def http_login(base_url: str, role: str, lang: str = "en") -> httpx.Client:
    """An httpx client with a session, logged in as ``role`` through the login form."""
    client = httpx.Client(base_url=base_url, follow_redirects=False, timeout=60)
    form = client.get(f"/login?lang={lang}")
    token = re.search(r'name="login_token" value="([^"]+)"', form.text)
    assert token, form.text[:500]
    answer = client.post(
        "/login",
        data={"name": role, "password": PASSWORD, "login_token": token.group(1), "next": "/"},
    )
    assert answer.status_code == 303, answer.text[:500]
    return client


def csrf_of(html: str) -> str:
    """The CSRF token a page carries in its ``<meta name="csrf-token">``."""
    found = re.search(r'<meta name="csrf-token" content="([^"]*)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


@pytest.fixture(scope="session")
def client_for(server: Server) -> Iterator[Callable[..., httpx.Client]]:
    """``client_for(role, lang="en")``: a logged-in httpx client (one per role and language)."""
    yield from clients_of(server)


def clients_of(server: Server) -> Iterator[Callable[..., httpx.Client]]:
    """The body of ``client_for`` for any server (a module with a shop of its own)."""
    clients: dict[tuple[str, str], httpx.Client] = {}

    def make(role: str, lang: str = "en") -> httpx.Client:
        if (role, lang) not in clients:
            clients[(role, lang)] = http_login(server.url, role, lang)
        return clients[(role, lang)]

    yield make
    for client in clients.values():
        client.close()


# --- the browser -------------------------------------------------------------------------


def _require_browser() -> None:
    if Path(CHROMIUM).exists():
        return
    reason = (
        f"Chromium is not at {CHROMIUM}: scripts/test installs it with apt-get "
        "(apt-get install chromium), or set SEGMINT_CHROMIUM to its path"
    )
    if os.environ.get("SEGMINT_REQUIRE_BROWSER", "1") == "0":
        pytest.skip(reason)
    pytest.fail(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    """pytest-playwright launches Debian's Chromium with flags for a closed network."""
    _require_browser()
    return {"executable_path": CHROMIUM, "args": CHROMIUM_FLAGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(server: Server) -> dict[str, Any]:
    """Every page starts at the served app, at a laptop's width."""
    return {"base_url": server.url, "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def console_errors(page: Any) -> list[str]:
    """The page's console errors and uncaught exceptions, as they happen."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


@pytest.fixture
def login(page: Any) -> Callable[..., Any]:
    """``login(role, lang="en", next="/")`` fills the login form in ``page``."""

    def go(role: str, lang: str = "en", next: str = "/") -> Any:
        page.goto(f"/login?lang={lang}&next={next}")
        page.fill("#name", role)
        page.fill("#password", PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")
        return page

    return go


def screenshot(page: Any, name: str, *, full_page: bool = True) -> Path:
    """Save the page as ``artifacts/screenshots/NAME.png`` and return the path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
