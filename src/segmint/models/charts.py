"""The holdout test's charts as one self-contained HTML file with inline SVG.

Two charts, as in Fader, Hardie & Lee (2005): the tracking of cumulative repeat
purchases per period (figure 2, with a line where the holdout starts) and the
conditional expectations per calibration-frequency bucket (figure 4), the actual
series against each model's. The SVG is drawn here: no script, no stylesheet or font
from elsewhere, so the file opens offline and can be mailed as it is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from segmint.i18n import translate
from segmint.models.validation import TOP_BUCKET, HoldoutValidation

WIDTH, HEIGHT = 720, 360
_MARGIN = {"left": 64, "right": 16, "top": 16, "bottom": 44}
#: Line colours: the actual series first, then one per model (colour-blind safe).
COLOURS = ("#222222", "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00")


@dataclass(frozen=True)
class Series:
    """One line of a chart: its label, points and whether it is drawn dashed."""

    label: str
    xs: Sequence[float]
    ys: Sequence[float]
    dashed: bool = False


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``[low, high]`` (1, 2 or 5 times a power of ten apart)."""
    if high <= low:
        high = low + 1.0
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    return [round(first + i * step, 10) for i in range(math.ceil((high - first) / step) + 1)]


def _label(value: float) -> str:
    """A tick label: whole numbers without decimals, others with up to two."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def line_chart(
    series: Sequence[Series],
    *,
    x_title: str,
    y_title: str,
    marker_x: float | None = None,
    marker_text: str = "",
    x_names: Sequence[str] | None = None,
    lang: str = "en",
) -> str:
    """An SVG line chart of ``series`` with axes, ticks, a legend and an optional marker.

    Parameters
    ----------
    series
        Lines to draw, in legend order.
    x_title, y_title
        Axis titles.
    marker_x
        Draw a vertical dotted line at this x (e.g. where the holdout starts).
    marker_text
        Text beside the marker.
    x_names
        Names of the x positions 0, 1, ... (a categorical axis) instead of numbers.
    lang
        Tick labels are written with Persian digits in ``"fa"``.

    Returns
    -------
    str
        An ``<svg>`` element.
    """

    def digits(text: str) -> str:
        if lang != "fa":
            return text
        from segmint.locale import to_persian_digits

        return to_persian_digits(text.replace(",", "٬").replace(".", "٫")) or text

    xs = [float(x) for s in series for x in s.xs]
    ys = [float(y) for s in series for y in s.ys if math.isfinite(float(y))]
    x_ticks = list(range(len(x_names))) if x_names else _ticks(min(xs), max(xs))
    y_ticks = _ticks(0.0, max(ys, default=1.0))
    x_low, x_high = (x_ticks[0], x_ticks[-1]) if not x_names else (-0.5, len(x_names) - 0.5)
    y_high = y_ticks[-1]
    left, top = _MARGIN["left"], _MARGIN["top"]
    plot_w = WIDTH - left - _MARGIN["right"]
    plot_h = HEIGHT - top - _MARGIN["bottom"]

    def px(x: float) -> float:
        return left + (x - x_low) / (x_high - x_low) * plot_w

    def py(y: float) -> float:
        return top + plot_h - y / y_high * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" direction="ltr" '
        'font-family="sans-serif" font-size="11">'
    ]
    for y in y_ticks:
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{py(y):.1f}" y2="{py(y):.1f}" '
            'stroke="#e5e5e5"/>'
            f'<text x="{left - 6}" y="{py(y) + 4:.1f}" text-anchor="end">{digits(_label(y))}</text>'
        )
    for i, x in enumerate(x_ticks):
        name = x_names[i] if x_names else _label(x)
        parts.append(
            f'<text x="{px(x):.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
            f"{escape(digits(name))}</text>"
        )
    parts.append(
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" '
        'stroke="#888"/>'
        f'<text x="{left + plot_w / 2:.1f}" y="{HEIGHT - 6}" text-anchor="middle">'
        f"{escape(x_title)}</text>"
        f'<text transform="translate(14 {top + plot_h / 2:.1f}) rotate(-90)" '
        f'text-anchor="middle">{escape(y_title)}</text>'
    )
    if marker_x is not None:
        mx = px(marker_x)
        parts.append(
            f'<line x1="{mx:.1f}" x2="{mx:.1f}" y1="{top}" y2="{top + plot_h}" stroke="#666" '
            f'stroke-dasharray="2 3"/><text x="{mx + 4:.1f}" y="{top + 12}">'
            f"{escape(marker_text)}</text>"
        )
    for i, s in enumerate(series):
        colour = COLOURS[i % len(COLOURS)]
        points = " ".join(
            f"{px(float(x)):.1f},{py(float(y)):.1f}"
            for x, y in zip(s.xs, s.ys, strict=True)
            if math.isfinite(float(y))
        )
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dash}>'
            f"<title>{escape(s.label)}</title></polyline>"
        )
        ly = top + 14 + 16 * i
        parts.append(
            f'<line x1="{left + 10}" x2="{left + 34}" y1="{ly - 4}" y2="{ly - 4}" '
            f'stroke="{colour}" stroke-width="2"{dash}/>'
            f'<text x="{left + 40}" y="{ly}">{escape(s.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def tracking_chart(validation: HoldoutValidation, lang: str = "en") -> str | None:
    """Cumulative repeat purchases per period, actual and per model; None without tracking."""
    fitted = [c for c in validation.checks if c.tracking is not None]
    if not fitted:
        return None
    frame = fitted[0].tracking
    assert frame is not None
    periods = frame["period"].tolist()
    series = [Series(translate("validate.chart.actual", lang), periods, frame["actual_cumulative"])]
    for check in fitted:
        assert check.tracking is not None
        series.append(
            Series(check.name, periods, check.tracking["predicted_cumulative"], dashed=True)
        )
    holdout = frame.loc[frame["holdout"], "period"]
    marker = float(holdout.iloc[0]) - 0.5 if len(holdout) else None
    unit = _label(validation.time_unit_days)
    return line_chart(
        series,
        x_title=translate("validate.chart.period_days", lang, unit=unit),
        y_title=translate("validate.chart.cumulative", lang),
        marker_x=marker,
        marker_text=translate("validate.chart.holdout_starts", lang),
        lang=lang,
    )


def conditional_chart(validation: HoldoutValidation, lang: str = "en") -> str | None:
    """Mean holdout purchases per calibration-frequency bucket; None if no model was fitted."""
    fitted = [c for c in validation.checks if c.buckets is not None]
    if not fitted:
        return None
    frame = fitted[0].buckets
    assert frame is not None
    buckets = frame["frequency_cal"].tolist()
    names = [f"{b}+" if b == TOP_BUCKET else str(b) for b in buckets]
    positions = list(range(len(buckets)))
    series = [Series(translate("validate.chart.actual", lang), positions, frame["actual"])]
    for check in fitted:
        assert check.buckets is not None
        series.append(Series(check.name, positions, check.buckets["predicted"], dashed=True))
    return line_chart(
        series,
        x_title=translate("validate.col.frequency", lang),
        y_title=translate("validate.chart.mean_holdout", lang),
        x_names=names,
        lang=lang,
    )


def holdout_report_html(validation: HoldoutValidation, lang: str = "en") -> str:
    """One HTML page with the test's summary, the reason and both charts.

    Parameters
    ----------
    validation
        The result of :func:`~segmint.models.validation.validate_models` (with
        ``tracking=True`` for the tracking chart).
    lang
        ``"en"`` or ``"fa"`` (right to left).

    Returns
    -------
    str
        A complete HTML document with inline SVG and no external resource.
    """
    title = translate("validate.chart.title", lang)
    heading = translate(
        "validate.title",
        lang,
        calibration=validation.calibration_end.date().isoformat(),
        holdout=validation.observation_end.date().isoformat(),
    )
    actual = validation.actual
    rows = "".join(
        f"<tr><td>{escape(c.name)}</td><td>{c.predicted:,.1f}</td><td>{actual:,.0f}</td>"
        f"<td>{c.mae:.4f}</td><td>{c.log_likelihood:,.1f}</td></tr>"
        for c in validation.checks
        if c.error is None
    )
    head = "".join(
        f"<th>{escape(translate(f'validate.col.{k}', lang))}</th>"
        for k in ("model", "predicted", "actual", "mae", "log_likelihood")
    )
    reason = escape(validation.reason_text(lang))
    sections = []
    for chart, key in (
        (tracking_chart(validation, lang), "validate.chart.tracking"),
        (conditional_chart(validation, lang), "validate.chart.conditional"),
    ):
        text = translate(key, lang, unit=_label(validation.time_unit_days))
        body = chart or f"<p>{escape(translate('validate.chart.no_tracking', lang))}</p>"
        sections.append(f"<section><h2>{escape(text)}</h2>{body}</section>")
    direction = "rtl" if lang == "fa" else "ltr"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>body{{font-family:sans-serif;margin:2em}}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}"
        "svg{max-width:100%;height:auto}</style></head><body>"
        f"<h1>{escape(title)}</h1><p>{escape(heading)}</p>"
        f"<table><tr>{head}</tr>{rows}</table><p>{reason}</p>{''.join(sections)}"
        "</body></html>\n"
    )
