"""The periodic report: its numbers against pandas on the raw files, HTML, PDF in Persian, email.

A five-customer shop (``data/*.csv``) imported and run on two days (2025-06-01 and
2025-06-30), once per module; the figures are recomputed in pandas from the CSV files.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from segmint import steps
from segmint.channels import Delivery, Message
from segmint.reports import publish
from segmint.store import Workspace

pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data"
UNTIL = dt.date(2025, 6, 30)


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "shop"
    workspace = Workspace.create(path)
    for kind in ("customers", "orders", "feedback"):
        steps.import_file(workspace, kind, DATA / f"{kind}.csv")
    steps.run(workspace, as_of=dt.date(2025, 6, 1))
    steps.run(workspace, as_of=UNTIL)
    workspace.close()
    return path


@pytest.fixture
def workspace(shop: Path, tmp_path: Path) -> Workspace:
    return Workspace.open(shutil.copytree(shop, tmp_path / "shop"))


def expected_kpis() -> dict[str, Any]:
    """The KPIs from the CSV files, in pandas (active: last order within 90 days)."""
    customers = pd.read_csv(DATA / "customers.csv")
    orders = pd.read_csv(DATA / "orders.csv", parse_dates=["order_time"])
    feedback = pd.read_csv(DATA / "feedback.csv", parse_dates=["feedback_time"])
    day = orders.order_time.dt.date
    sign = orders.status.map({"completed": 1, "returned": -1, "cancelled": 0})
    net = orders.amount * sign

    def revenue(days: int) -> float:
        inside = (day >= UNTIL - dt.timedelta(days=days - 1)) & (day <= UNTIL)
        return float(net[inside].sum())

    done = orders[orders.status == "completed"]
    per = done.groupby("customer_id").size()
    last = done.groupby("customer_id").order_time.max().dt.date
    recent = feedback[feedback.feedback_time.dt.date >= UNTIL - dt.timedelta(days=89)]
    return {
        "customers": len(customers),
        # Fewer than 30 gaps between order days: the lifecycle's 90-day fallback applies.
        "active": int(((UNTIL - last).map(lambda d: d.days) <= 90).sum()),
        "buyers": len(per),
        "repeat_rate": float((per >= 2).sum() / len(per)),
        "revenue_30d": revenue(30),
        "revenue_90d": revenue(90),
        "revenue_365d": revenue(365),
        "csat_90d": float(recent.csat.mean()),
        "csat_answers_90d": len(recent),
    }


class Outbox:
    """An email channel that keeps what it is handed."""

    name = "email"
    rate_per_second = 100.0

    def __init__(self) -> None:
        self.sent: list[Message] = []
        self.closed = False

    def send_batch(self, messages: Sequence[Message]) -> list[Delivery]:
        self.sent.extend(messages)
        return [
            Delivery("permanent", error="550 no such user")
            if "nobody" in m.to
            else Delivery("sent", provider_id="ok")
            for m in messages
        ]

    def close(self) -> None:
        self.closed = True


def unicode_by_glyph(pdf: bytes) -> dict[str, set[str]]:
    """Each character of the PDF's ToUnicode maps with the glyph ids that stand for it."""
    found: dict[str, set[str]] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", pdf, re.S):
        for glyph, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            char = bytes.fromhex(text.decode()).decode("utf-16-be")
            found.setdefault(char, set()).add(glyph.decode())
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", pdf, re.S):
        for lo, hi, start in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            first = int(start, 16)
            for offset in range(int(hi, 16) - int(lo, 16) + 1):
                found.setdefault(chr(first + offset), set()).add(f"{int(lo, 16) + offset:04X}")
    return found


def test_kpis_match_pandas(workspace: Workspace) -> None:
    document = publish(workspace, languages=["en"])
    assert document["until"] == UNTIL
    got, want = document["kpis"], expected_kpis()
    assert want["revenue_30d"] == 100.0  # worked by hand: 40 + 300 - 300 + 60
    for name, value in want.items():
        assert got[name] == pytest.approx(value), name


def test_files_in_both_languages(workspace: Workspace) -> None:
    document = publish(workspace, languages=["fa", "en"])
    names = sorted(Path(p).name for p in document["files"])
    assert names == [
        "segmint-report-2025-06-30.en.html",
        "segmint-report-2025-06-30.en.pdf",
        "segmint-report-2025-06-30.fa.html",
        "segmint-report-2025-06-30.fa.pdf",
    ]
    folder = workspace.root / "reports"
    english = (folder / "segmint-report-2025-06-30.en.html").read_text(encoding="utf-8")
    assert "Revenue, last 90 days" in english and "420 IRR" in english
    assert "Moves between RFM groups" in english
    persian = (folder / "segmint-report-2025-06-30.fa.html").read_text(encoding="utf-8")
    assert 'dir="rtl"' in persian and "درآمد ۹۰ روز گذشته" in persian and "۴۲۰ ریال" in persian

    pdf = (folder / "segmint-report-2025-06-30.fa.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and int(re.findall(rb"/Count (\d+)", pdf)[0]) >= 1
    assert b"Vazirmatn" in pdf
    glyphs = unicode_by_glyph(pdf)
    assert set("گزارش مشتریان".replace(" ", "")) <= set(glyphs)
    # Shaped text: letters met in several positions use several glyphs (initial,
    # medial, final forms); unshaped text would use one isolated glyph per letter.
    assert any(len(glyphs[c]) > 1 for c in "مشتیان")
    assert "۴" in glyphs  # Persian digits


def test_email_carries_both_files(workspace: Workspace) -> None:
    channel = Outbox()
    document = publish(
        workspace,
        to=["boss@example.com", "nobody@example.com"],
        languages=["fa"],
        channel=channel,
    )
    assert document["emailed"] == {
        "sent": 1,
        "failed": 1,
        "errors": {"nobody@example.com": "550 no such user"},
    }
    first = channel.sent[0]
    assert isinstance(first, Message)
    assert first.subject and "گزارش" in first.subject
    assert [a.filename for a in first.attachments] == [
        "segmint-report-2025-06-30.fa.html",
        "segmint-report-2025-06-30.fa.pdf",
    ]
    assert first.attachments[1].content.startswith(b"%PDF")
    assert first.message_id != channel.sent[1].message_id
    assert not channel.closed  # the caller's channel stays the caller's to close


def test_report_schedule_writes_files(workspace: Workspace) -> None:
    from segmint.scheduler import add_schedule, run_due

    t0 = dt.datetime(2026, 1, 1, 10, tzinfo=dt.UTC)
    with workspace.session() as session:
        add_schedule(
            session,
            "weekly",
            "report",
            "weekly mon 08:00",
            time_zone="UTC",
            params={"languages": ["en"]},
            actor="t",
            now=t0,
        )
    (done,) = run_due(workspace, now=t0 + dt.timedelta(days=5))
    assert done["status"] == "done", done["error"]
    assert (workspace.root / "reports" / "segmint-report-2025-06-30.en.pdf").exists()
