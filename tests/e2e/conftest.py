"""A small shop whose channels are the local fakes, for campaigns end to end.

Thirty customers ``e00``..``e29``; what each one is follows from its number ``i``:

=================  ==========================================================
``i % 10 == 0``    no consent (``email_consent`` and ``sms_consent`` false)
``i % 10 == 1``    consent but no email and no phone (no address)
``i in (2, 12)``   email and phone on the suppression list
otherwise          consent, ``eNN@shop.test`` and ``+98912000NNNN``
=================  ==========================================================

So 3 without consent, 3 without an address, 2 suppressed and 22 reachable. Every
third customer (``i % 3 == 0``) speaks Persian (custom field ``language = fa``). The
workspace's time zone is Asia/Tehran (+03:30), so a send time stored in UTC must be
converted before orders (kept in Tehran wall-clock time) are compared with it.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ibis
import pytest

from segmint.campaigns.suppression import suppress
from segmint.store import Workspace
from tests.campaigns.conftest import table_of
from tests.fakes import FakeSmtp

SIZE = 30
SEGMENT = "everyone"
DOMAIN = "shop.test"
PUBLIC = "https://shop.test"
NO_CONSENT = frozenset(i for i in range(SIZE) if i % 10 == 0)
NO_ADDRESS = frozenset(i for i in range(SIZE) if i % 10 == 1)
SUPPRESSED = frozenset({2, 12})
REACHABLE = frozenset(range(SIZE)) - NO_CONSENT - NO_ADDRESS - SUPPRESSED
PERSIAN = frozenset(i for i in range(SIZE) if i % 3 == 0)


def cid(i: int) -> str:
    return f"e{i:02d}"


def email(i: int) -> str:
    return f"e{i:02d}@{DOMAIN}"


def phone(i: int) -> str:
    return f"+98912000{i:04d}"


def build_shop(root: Path) -> Path:
    """The shop's workspace at ``root``, its segment saved, channels not yet configured."""
    from segmint.steps import segments

    workspace = Workspace.create(root)
    settings = root / "segmint.toml"
    text = settings.read_text(encoding="utf-8").replace(
        'time_zone = "UTC"', 'time_zone = "Asia/Tehran"', 1
    )
    text += f'\n[server]\npublic_url = "{PUBLIC}"\n[campaigns]\nsender_domain = "{DOMAIN}"\n'
    settings.write_text(text, encoding="utf-8")
    workspace.close()
    workspace = Workspace.open(root)
    ids = list(range(SIZE))
    customers = table_of(
        "customers",
        {
            "customer_id": [cid(i) for i in ids],
            "name": [f"Customer {i}" for i in ids],
            "email": [None if i in NO_ADDRESS else email(i) for i in ids],
            "phone": [None if i in NO_ADDRESS else phone(i) for i in ids],
            "city": ["Tehran" if i % 2 == 0 else "Shiraz" for i in ids],
            "email_consent": [i not in NO_CONSENT for i in ids],
            "sms_consent": [i not in NO_CONSENT for i in ids],
            "tags": [[] for _ in ids],
        },
    )
    fields = table_of(
        "customer_fields",
        {
            "customer_id": [cid(i) for i in sorted(PERSIAN)],
            "field": ["language"] * len(PERSIAN),
            "value": ["fa"] * len(PERSIAN),
        },
    )
    with workspace.data(write=True) as con:
        con.insert("customers", ibis.memtable(customers))
        con.insert("customer_fields", ibis.memtable(fields))
    with workspace.session() as session:
        for i in sorted(SUPPRESSED):
            for channel, address in (("email", email(i)), ("sms", phone(i))):
                suppress(
                    session,
                    channel=channel,
                    address=address,
                    reason="unsubscribed",
                    source="tests",
                    actor="tests",
                )
    segments.create(workspace, SEGMENT, "customer_id IS NOT NULL")
    workspace.close()
    return root


@pytest.fixture(scope="session")
def shop_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's shop, built once; tests work on copies."""
    return build_shop(tmp_path_factory.mktemp("e2e-shop") / "shop")


def copy_shop(template: Path, target: Path, extra_toml: str = "") -> Path:
    """A private copy of the shop with ``extra_toml`` appended to its settings."""
    shutil.copytree(template, target)
    if extra_toml:
        with (target / "segmint.toml").open("a", encoding="utf-8") as handle:
            handle.write("\n" + extra_toml)
    return target


def smtp_toml(port: int) -> str:
    """``[channels.email]`` pointing at the fake SMTP server (no TLS, no login)."""
    return (
        f'[channels.email]\nhost = "127.0.0.1"\nport = {port}\n'
        'from = "Shop <news@shop.test>"\nstarttls = false\nrate_per_second = 0\n'
    )


@pytest.fixture(scope="module")
def smtp() -> Iterator[FakeSmtp]:
    """A fake SMTP server for the module."""
    server = FakeSmtp().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def mail_shop(
    shop_template: Path, tmp_path_factory: pytest.TempPathFactory, smtp: FakeSmtp
) -> Path:
    """A copy of the shop whose email channel is the module's fake SMTP server."""
    return copy_shop(shop_template, tmp_path_factory.mktemp("mail") / "ws", smtp_toml(smtp.port))


class CliFailed(AssertionError):
    """The command exited with an error."""


def segmint(*args: object, expect: int = 0) -> tuple[int, str, str]:
    """Run ``segmint ARGS`` in-process; its exit code, stdout and stderr."""
    from segmint.cli.app import main

    stdout, stderr = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            main([str(a) for a in args])
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    if code != expect:
        raise CliFailed(f"segmint {args} exited {code}: {stdout.getvalue()}{stderr.getvalue()}")
    return code, stdout.getvalue(), stderr.getvalue()


def segmint_json(*args: object) -> Any:
    """Run ``segmint ARGS --json`` and read its output."""
    return json.loads(segmint(*args, "--json")[1])
