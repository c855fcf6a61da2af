"""A periodic report as a PDF: fpdf2 with HarfBuzz text shaping and the Vazirmatn font.

Persian needs two things a plain PDF writer does not do: joining letters into their
contextual forms (and ligatures such as لا), and laying a line out right to left.
fpdf2's shaping engine (uharfbuzz) does both when text shaping is on with direction
``rtl``; the font is Vazirmatn (SIL Open Font License), bundled in
``segmint/static/fonts`` so no system font is needed. Latin text and digits use the
same font, which covers them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from segmint.reports.document import Section

__all__ = ["FONTS", "render_pdf"]

FONTS = Path(__file__).resolve().parent.parent / "static" / "fonts"
FAMILY = "Vazirmatn"


def _shaping(pdf: object, lang: str) -> None:
    if lang == "fa":
        pdf.set_text_shaping(  # type: ignore[attr-defined]
            use_shaping_engine=True, direction="rtl", script="arab", language="fas"
        )
    else:
        pdf.set_text_shaping(use_shaping_engine=True, direction="ltr")  # type: ignore[attr-defined]


def render_pdf(title: str, parts: Sequence[Section], *, lang: str, footer: str) -> bytes:
    """The report as PDF bytes (A4, one table per section, pages added as needed).

    Parameters
    ----------
    title
        The heading.
    parts
        The sections of :func:`segmint.reports.document.sections`.
    lang
        ``en`` or ``fa`` (shaped right to left, tables aligned right).
    footer
        A line after the tables.
    """
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("segmint")
    pdf.add_font(FAMILY, "", str(FONTS / "Vazirmatn-Regular.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "Vazirmatn-Bold.ttf"))
    pdf.add_page()
    _shaping(pdf, lang)
    align = "R" if lang == "fa" else "L"
    pdf.set_font(FAMILY, "B", 16)
    pdf.multi_cell(0, 10, title, align=align, new_x="LMARGIN", new_y="NEXT")
    for section in parts:
        pdf.ln(4)
        pdf.set_font(FAMILY, "B", 12)
        pdf.multi_cell(0, 8, section.title, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "", 10)
        # A right-to-left table reads its columns from the right: reverse them.
        order = (lambda cells: tuple(reversed(cells))) if lang == "fa" else tuple
        with pdf.table(
            text_align="RIGHT" if lang == "fa" else "LEFT",
            headings_style=FontFace(emphasis="BOLD", fill_color=(240, 244, 248)),
            line_height=7,
        ) as table:
            table.row(order(section.headers))
            for cells in section.rows:
                table.row(order(cells))
    pdf.ln(6)
    pdf.set_font(FAMILY, "", 8)
    pdf.multi_cell(0, 6, footer, align=align, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
