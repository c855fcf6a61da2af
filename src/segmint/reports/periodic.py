"""The periodic report: gather, write HTML and PDF into ``reports/``, email a list.

``publish`` is what a ``report`` schedule runs (and ``segmint scheduler report``)::

    publish(workspace, to=["owner@example.com"], languages=["fa", "en"])

Files are named after the day the report describes (the latest run's day) and the
language: ``reports/segmint-report-2026-12-01.fa.html`` and ``.pdf``; publishing again
for the same day rewrites them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from segmint.channels.base import Channel
from segmint.exceptions import SettingsError
from segmint.i18n import LANGUAGES, translate
from segmint.reports.content import ReportData, collect
from segmint.reports.document import number, sections, title
from segmint.reports.page import render_html
from segmint.reports.pdf import render_pdf
from segmint.store.metadata import utcnow
from segmint.store.workspace import Workspace

__all__ = ["publish", "write_report"]

FOLDER = "reports"


def _stem(data: ReportData) -> str:
    return f"segmint-report-{data.until.isoformat()}"


def _footer(lang: str) -> str:
    made = utcnow().strftime("%Y-%m-%d %H:%M UTC")
    return translate("periodic.footer", lang, at=made)


def write_report(
    workspace: Workspace, data: ReportData, lang: str, *, folder: Path | None = None
) -> dict[str, Any]:
    """Write one language's HTML and PDF; their paths, the title and the page's HTML."""
    from segmint.steps._common import display_currency

    calendar = workspace.settings.display.calendar
    parts = sections(data, lang, currency=display_currency(workspace))
    heading = title(data, lang, calendar)
    footer = _footer(lang)
    where = folder or workspace.folder(FOLDER)
    html = render_html(heading, parts, lang=lang, footer=footer)
    html_path = where / f"{_stem(data)}.{lang}.html"
    pdf_path = where / f"{_stem(data)}.{lang}.pdf"
    html_path.write_text(html, encoding="utf-8")
    pdf_path.write_bytes(render_pdf(heading, parts, lang=lang, footer=footer))
    return {"lang": lang, "title": heading, "html": html, "files": [html_path, pdf_path]}


def _summary(data: ReportData, lang: str) -> str:
    """The plain-text part of the email: the headline figures."""
    k = data.kpis
    return translate(
        "periodic.mail_text",
        lang,
        customers=number(k["customers"], lang),
        active=number(k["active"], lang),
        revenue=number(k["revenue_30d"], lang),
    )


def _open_email(workspace: Workspace, lang: str) -> Channel:
    from segmint.channels import open_channel

    return open_channel("email", workspace.settings.channels, lang)


def publish(
    workspace: Workspace,
    *,
    to: Sequence[str] = (),
    languages: Sequence[str] | None = None,
    channel: Channel | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """Make the periodic report in each language and email it to ``to``.

    Parameters
    ----------
    workspace
        The workspace; read-only except for the files written to ``reports/``.
    to
        Email addresses to send it to (none: files only).
    languages
        ``en`` and/or ``fa``; default: both, the workspace's language first.
    channel
        The email channel to send through; default: opened from ``[channels.email]``.
    lang
        Language of errors; default: the workspace's.

    Returns
    -------
    dict
        ``until`` (the day described), ``files`` (paths written), ``kpis`` and, with
        recipients, ``emailed`` (``sent``, ``failed``, ``errors``).

    Raises
    ------
    SettingsError
        An unknown language.
    ChannelError
        Recipients given and no email channel configured.
    """
    lang = lang or workspace.lang
    chosen = list(languages or [workspace.lang, *(c for c in LANGUAGES if c != workspace.lang)])
    unknown = [code for code in chosen if code not in LANGUAGES]
    if unknown or not chosen:
        raise SettingsError(
            translate(
                "scheduler.bad_languages", lang, languages=unknown, known=", ".join(LANGUAGES)
            )
        )
    data = collect(workspace, lang=lang)
    written = [write_report(workspace, data, code) for code in chosen]
    files = [path for part in written for path in part["files"]]
    document: dict[str, Any] = {
        "until": data.until,
        "files": [str(path) for path in files],
        "kpis": data.kpis,
    }
    if to:
        from segmint.reports.mailing import mail_report

        first = written[0]
        opened = channel or _open_email(workspace, lang)
        try:
            document["emailed"] = mail_report(
                opened,
                list(to),
                subject=first["title"],
                text=_summary(data, first["lang"]),
                html=first["html"],
                files=files,
                stem=_stem(data),
            )
        finally:
            if channel is None:
                opened.close()
    return document
