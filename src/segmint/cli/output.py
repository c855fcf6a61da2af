"""Printing for the CLI: Rich tables for people, JSON for scripts, errors in one place."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from segmint.exceptions import SettingsError
from segmint.i18n import translate
from segmint.locale import format_date, parse_date
from segmint.locale.money import format_money

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@dataclass(frozen=True)
class Ui:
    """What every command knows about how to speak: language, calendar, JSON or not."""

    lang: str = "en"
    calendar: str = "gregorian"
    json: bool = False
    currency: str = "IRR"

    def t(self, key: str, /, **values: Any) -> str:
        """A catalogue message in this language."""
        return translate(key, self.lang, **values)

    def date(self, value: date | datetime | None) -> str:
        """A date for people, in the workspace's calendar and the message language's digits."""
        if value is None:
            return "-"
        day = value.date() if isinstance(value, datetime) else value
        digits = "persian" if self.lang == "fa" else "latin"
        return format_date(day, calendar=self.calendar, digits=digits)  # type: ignore[arg-type]

    def money(self, value: Decimal | float | int | None) -> str:
        """An amount in the workspace currency's minor units, exact, in this language's digits."""
        return format_money(value, self.currency, lang=self.lang)

    def number(self, value: float | int | None) -> str:
        """A number for people, with Persian digits in Persian."""
        from segmint.locale.numbers import format_number

        return format_number(value, self.lang)

    def percent(self, share: float | None) -> str:
        """A share (0.25) as a percentage for people (25.0%), Persian digits in Persian."""
        from segmint.locale.numbers import format_percent

        return format_percent(share, self.lang)


def _default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        # Exact, as text: a JSON number would be read back as a float.
        return format(value.normalize(), "f")
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def emit_json(data: Any) -> None:
    """Machine-readable output on stdout: one JSON document."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=_default, indent=2) + "\n")
    sys.stdout.flush()


def table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Table:
    """A Rich table with right-aligned numbers."""
    grid = Table(title=title, title_justify="left")
    for index, name in enumerate(columns):
        numeric = bool(rows) and all(isinstance(r[index], (int, float)) for r in rows)
        grid.add_column(name, justify="right" if numeric else "left")
    for row in rows:
        grid.add_row(*("-" if v is None else str(v) for v in row))
    return grid


@contextmanager
def phases(ui: Ui, labels: Sequence[str]) -> Iterator[Callable[[str], None]]:
    """A progress bar over named phases; yields ``advance(key)`` (silent with ``--json``)."""
    if ui.json or not err.is_terminal:
        yield lambda _key: None
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(labels[0] if labels else "", total=len(labels))
        seen: list[str] = []

        def advance(key: str) -> None:
            if seen:
                bar.advance(task)
            seen.append(key)
            bar.update(task, description=ui.t(key))

        yield advance
        bar.update(task, completed=len(labels))


def read_day(text: str | None, lang: str) -> date | None:
    """A day given on the command line, Gregorian or Jalali."""
    if text is None:
        return None
    day = parse_date(text)
    if day is None:
        raise SettingsError(translate("run.bad_date", lang, value=text))
    return day
