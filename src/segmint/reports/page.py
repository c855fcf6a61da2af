"""A periodic report as one self-contained HTML page (no scripts, no outside assets).

Persian reports are written right to left (``dir="rtl"``, ``lang="fa"``) with the
bundled Vazirmatn font named first; every cell is escaped, so a segment or campaign
name cannot inject markup into the page or the email that carries it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from segmint.reports.document import Section

__all__ = ["render_html"]

STYLE = """
body { font-family: Vazirmatn, Tahoma, "Segoe UI", sans-serif; margin: 2rem; color: #1f2933; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; min-width: 24rem; }
th, td { border: 1px solid #cbd2d9; padding: .35rem .7rem; text-align: start; }
th { background: #f0f4f8; }
td.n { text-align: end; font-variant-numeric: tabular-nums; }
footer { margin-top: 2rem; font-size: .85rem; color: #616e7c; }
"""


def _table(section: Section) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in section.headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{escape(cell)}</td>' if index else f"<td>{escape(cell)}</td>"
            for index, cell in enumerate(row)
        )
        + "</tr>"
        for row in section.rows
    )
    return (
        f"<h2>{escape(section.title)}</h2>\n"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def render_html(title: str, parts: Sequence[Section], *, lang: str, footer: str) -> str:
    """The report page.

    Parameters
    ----------
    title
        The heading (and the page title).
    parts
        The sections of :func:`segmint.reports.document.sections`.
    lang
        ``en`` (left to right) or ``fa`` (right to left).
    footer
        A line at the bottom (when and by what the report was made).
    """
    direction = "rtl" if lang == "fa" else "ltr"
    tables = "\n".join(_table(section) for section in parts)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}" dir="{direction}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{escape(title)}</h1>\n{tables}\n<footer>{escape(footer)}</footer>\n"
        "</body>\n</html>\n"
    )
