"""Files attached to email, through the fake SMTP server: the periodic report's mail."""

from __future__ import annotations

from pathlib import Path

import pytest

from segmint.channels import Message
from segmint.channels.base import Attachment
from segmint.channels.email import EmailChannel
from segmint.reports.mailing import mail_report, report_message_id
from tests.channels.test_email import settings
from tests.fakes import FakeSmtp

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n\x00\xff\x80 binary\n%%EOF\n"
HTML = "<!doctype html><meta charset=utf-8><h1 dir=rtl>گزارش مشتریان</h1>\n".encode()


@pytest.fixture
def channel(smtp: FakeSmtp):
    smtp.clear()
    opened = EmailChannel(settings(smtp.port))
    yield opened
    opened.close()


def test_report_email_arrives_with_both_files(smtp, channel, tmp_path: Path):
    html_file = tmp_path / "segmint-report-2025-06-30.fa.html"
    pdf_file = tmp_path / "segmint-report-2025-06-30.fa.pdf"
    html_file.write_bytes(HTML)
    pdf_file.write_bytes(PDF)
    result = mail_report(
        channel,
        ["boss@x.test", "gone@x.test"],
        subject="گزارش segmint",
        text="Customers: 5",
        html=HTML.decode(),
        files=[html_file, pdf_file],
        stem="segmint-report-2025-06-30.fa",
    )
    assert (result["sent"], result["failed"]) == (1, 1)
    assert result["errors"]["gone@x.test"].startswith("550")
    [got] = smtp.offered
    assert got.message_id == report_message_id("segmint-report-2025-06-30.fa", "boss@x.test")
    message = got.message
    assert message is not None and message.get_content_type() == "multipart/mixed"
    assert message["Subject"] == "گزارش segmint"
    body, *files = message.iter_parts()
    assert body.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in body.iter_parts()] == ["text/plain", "text/html"]
    assert "گزارش مشتریان" in list(body.iter_parts())[1].get_content()
    found = {f.get_filename(): (f.get_content_type(), f.get_payload(decode=True)) for f in files}
    assert found == {
        "segmint-report-2025-06-30.fa.html": ("text/html", HTML),
        "segmint-report-2025-06-30.fa.pdf": ("application/pdf", PDF),
    }
    assert all(f.get_content_disposition() == "attachment" for f in files)


def test_persian_file_names_bad_media_types_and_dotted_lines_survive(smtp, channel):
    text = ".a line that starts with a dot\n..two\n" + "long " * 300 + "\nسلام"
    subject = "Files " + "گزارش " * 40  # folded into several encoded words
    message = Message(
        "<att.1@shop.test>",
        "email",
        "ana@x.test",
        text,
        subject=subject,
        attachments=(
            Attachment("گزارش.csv", "text/csv", b"a,b\n1,2\n"),
            Attachment("blob", "not a media type", b"\x00\x01"),
        ),
    )
    [answer] = channel.send_batch([message])
    assert answer.status == "sent"
    [got] = smtp.offered
    assert got.message is not None
    body, csv, blob = got.message.iter_parts()
    assert got.message["Subject"] == subject
    assert got.message["Message-ID"] == "<att.1@shop.test>"
    assert body.get_content_type() == "text/plain"  # no HTML: the text alone
    assert body.get_content().replace("\r\n", "\n").rstrip("\n") == text
    assert csv.get_filename() == "گزارش.csv" and csv.get_payload(decode=True) == b"a,b\n1,2\n"
    assert blob.get_content_type() == "application/octet-stream"


def test_a_file_name_with_a_line_break_refuses_the_message(channel):
    bad = Message(
        "<att.2@shop.test>", "email", "ana@x.test", "t",
        attachments=(Attachment("a\r\nBcc: x@y", "text/plain", b"x"),),
    )  # fmt: skip
    [answer] = channel.send_batch([bad])
    assert answer.status == "permanent" and answer.address_refused is False
