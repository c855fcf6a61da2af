"""Exports of customer tables to Parquet, CSV and Excel, safe to open in a spreadsheet.

An export for a channel (``segments export NAME FILE --channel sms``) keeps only the
customers a message may reach: consent given on that channel, an address, and an
address not on the suppression list (:func:`reachable`); the others are counted by
the first of these they fail.
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
from ibis.backends import BaseBackend

from segmint.exceptions import SettingsError
from segmint.i18n import translate
from segmint.locale.money import money_string
from segmint.safety import safe_cell
from segmint.store.schema import MONEY, MONEY_TRAITS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Per channel a consent-aware export serves: the consent column and the address column.
CHANNEL_COLUMNS = {"sms": ("sms_consent", "phone"), "email": ("email_consent", "email")}
#: Why a customer is left out of a channel's export, in the order they are checked.
LEFT_OUT = ("no_consent", "no_address", "suppressed")

FORMATS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".xlsx": "excel"}
_BATCH = 100_000


def _cells(batch: pa.RecordBatch, currency: str | None, *, text: bool) -> list[list[object]]:
    """Cells to write; with ``text`` money becomes exact text (CSV), else stays Decimal."""
    columns = [column.to_pylist() for column in batch.columns]
    return [
        [
            safe_cell(v)
            if isinstance(v, str)
            else (v if isinstance(v, Decimal) and not text else _plain(v, currency))
            for v in row
        ]
        for row in zip(*columns, strict=True)
    ]


def _plain(value: object, currency: str | None) -> object:
    if isinstance(value, list):
        return safe_cell("|".join(str(v) for v in value))
    if isinstance(value, Decimal):
        # Exact text with the currency's minor units ("100.50"), never a float.
        return money_string(value, currency) if currency else format(value.normalize(), "f")
    return value


def exact_money(table: ir.Table) -> ir.Table:
    """``table`` with its float money traits (``monetary``, ``clv_365d``...) as decimals.

    The models compute them as floats; an export rounds them to the four decimals money is
    stored with, so a file never shows float noise such as ``0.30000000000000004``.
    """
    money = {
        name: table[name].round(4).cast(MONEY)
        for name in MONEY_TRAITS
        if name in table.columns and table[name].type().is_floating()
    }
    return table.mutate(**money) if money else table


def export_table(
    table: ir.Table,
    path: Path | str,
    *,
    columns: Sequence[str] | None = None,
    lang: str = "en",
    currency: str | None = None,
) -> int:
    """Write ``table`` (optionally only ``columns``) to ``path``; return the rows written.

    The format follows the suffix: ``.parquet`` is written by the engine; ``.csv``
    (UTF-8 with BOM, so Excel shows Persian text) and ``.xlsx`` are streamed in
    batches with every text cell neutralized against formula injection. Money is exact:
    decimals in Parquet, text such as ``100.50`` (``currency``'s minor units, else the
    stored digits) in CSV, exact numbers in Excel; money traits are made decimals
    (:func:`exact_money`).
    """
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise SettingsError(translate("export.unknown_format", lang, path=path))
    if columns:
        table = table.select(*columns)
    table = exact_money(table)
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "parquet":
        table.to_parquet(path)
        return int(table.count().to_pyarrow().as_py())
    rows = 0
    batches = table.to_pyarrow_batches(chunk_size=_BATCH)
    if kind == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            # Headers too: a custom field is named after a column of someone's file.
            writer.writerow([safe_cell(name) for name in table.columns])
            for batch in batches:
                cells = _cells(batch, currency, text=True)
                writer.writerows(cells)
                rows += len(cells)
        return rows
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([safe_cell(name) for name in table.columns])
    for batch in batches:
        for row in _cells(batch, currency, text=False):
            sheet.append(row)
            rows += 1
    book.save(path)
    return rows


def export_traits(
    con: BaseBackend,
    path: Path | str,
    *,
    columns: Sequence[str] | None = None,
    lang: str = "en",
    currency: str | None = None,
) -> int:
    """Write the latest traits table to ``path``, one row per customer by id.

    Parameters
    ----------
    con
        The data store's connection.
    path
        The target file; its suffix picks the format (see :func:`export_table`).
    columns
        Columns to write, in order (default: every trait): traits, columns of
        ``customers`` (``name``, ``phone``...) and custom fields, each custom
        field one column (a multi-select one joined with ``|``).
    lang
        Language of error messages.
    currency
        The currency whose minor units money shows with in CSV.

    Returns
    -------
    int
        Rows written.

    Raises
    ------
    SettingsError
        No traits are stored yet, or a column is unknown.
    """
    # Imported here: the segments package imports this module for its own exports.
    from segmint.segments.fields import with_columns
    from segmint.traits.runner import TRAITS

    if TRAITS not in con.list_tables():
        raise SettingsError(translate("run.no_traits", lang))
    traits = con.table(TRAITS)
    chosen = with_columns(
        traits, con.table("customer_fields"), columns, extra=con.table("customers"), lang=lang
    )
    return export_table(chosen.order_by("customer_id"), path, lang=lang, currency=currency)


def reachable(
    selected: ir.Table, *, channel: str, suppressed: Collection[str], lang: str = "en"
) -> tuple[ir.Table, ir.Table]:
    """The rows of ``selected`` a message on ``channel`` may reach, and why the rest may not.

    Parameters
    ----------
    selected
        Profile rows with the channel's consent and address columns (``sms_consent`` and
        ``phone``, or ``email_consent`` and ``email``).
    channel
        ``sms`` or ``email``.
    suppressed
        The channel's suppressed addresses, in the normal form the store keeps addresses.
    lang
        Language of error messages.

    Returns
    -------
    (ibis.Table, ibis.Table)
        The kept rows, and one row of counts: ``members`` and one column per reason of
        :data:`LEFT_OUT` (a customer counts under the first reason that applies).

    Raises
    ------
    SettingsError
        A channel without consent (only ``sms`` and ``email`` have one).
    """
    if channel not in CHANNEL_COLUMNS:
        raise SettingsError(
            translate(
                "export.bad_channel", lang, channel=channel, channels=", ".join(CHANNEL_COLUMNS)
            )
        )
    consent_column, address_column = CHANNEL_COLUMNS[channel]
    address = selected[address_column]
    listed = ibis.memtable(pa.table({"address": pa.array(sorted(suppressed), type=pa.string())}))
    why = ibis.cases(
        (~selected[consent_column].fill_null(False), "no_consent"),
        (address.isnull(), "no_address"),
        (address.isin(listed.address), "suppressed"),
        else_=ibis.null("string"),
    )
    marked = selected.mutate(_left_out=why)
    counts = marked.aggregate(
        members=marked.count(),
        **{reason: (marked._left_out == reason).cast("int64").sum() for reason in LEFT_OUT},
    )
    return marked.filter(marked._left_out.isnull()).drop("_left_out"), counts


def export_reachable(
    con: BaseBackend,
    session: Session,
    name: str,
    path: Path | str,
    *,
    channel: str,
    columns: Sequence[str] | None = None,
    lang: str = "en",
    currency: str | None = None,
) -> dict[str, Any]:
    """Write the members of segment ``name`` that ``channel`` may reach to ``path``.

    As :func:`segmint.segments.export_segment`, but only customers with consent on the
    channel, an address, and an address not on the suppression list are written.

    Returns
    -------
    dict
        ``segment``, ``channel``, ``file``, ``members``, ``rows`` (written) and
        ``left_out``: ``{no_consent, no_address, suppressed}``, which add up with
        ``rows`` to ``members``.
    """
    # Imported here: the segments package imports this module for its own exports.
    from segmint.campaigns.suppression import suppressed_addresses
    from segmint.segments.fields import with_columns
    from segmint.segments.membership import members

    selected = members(con, session, name, lang=lang)
    kept, counted = reachable(
        selected, channel=channel, suppressed=suppressed_addresses(session, channel), lang=lang
    )
    if columns:  # the rows are identified, and ordered, by customer_id
        columns = ["customer_id", *(c for c in columns if c != "customer_id")]
    chosen = with_columns(kept, con.table("customer_fields"), columns, lang=lang)
    rows = export_table(chosen.order_by("customer_id"), path, lang=lang, currency=currency)
    counts = {k: int(v or 0) for k, v in counted.to_pyarrow().to_pylist()[0].items()}
    return {
        "segment": name,
        "channel": channel,
        "file": str(path),
        "members": counts["members"],
        "rows": rows,
        "left_out": {reason: counts[reason] for reason in LEFT_OUT},
    }
