"""Who is in a segment: the members, a preview with reachable counts, and exports.

Counting stays in the engine: a preview runs one aggregate query and one small
sample query; no member list comes to Python.

Reachable
---------
``reachable_sms``
    Members with ``sms_consent`` true and a phone. Phones are normalized to
    E.164 on import and unusable ones stored as null, so a phone that is
    there is a valid one.
``reachable_email``
    Members with ``email_consent`` true and an email (likewise validated on import).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ibis.expr.operations as ops
import ibis.expr.types as ir
from ibis.backends import BaseBackend
from sqlalchemy.orm import Session

from segmint.actions import export_table
from segmint.query import Catalogue, Rule, compile_rule
from segmint.segments.definitions import Registry
from segmint.segments.fields import with_columns
from segmint.segments.profile import Sources, sources, without_traits

__all__ = [
    "SAMPLE_COLUMNS",
    "export_segment",
    "members",
    "preview",
    "reach",
    "reach_expr",
    "segment_condition",
    "selected_for_count",
]

#: Columns shown for the sample of a preview.
SAMPLE_COLUMNS = ("customer_id", "name", "phone", "email", "city", "rfm_group", "lifecycle_stage")


def segment_condition(
    con: BaseBackend,
    registry: Registry,
    where: Sources,
    rule: Rule | str,
    *,
    catalogue: Catalogue | None = None,
) -> ir.BooleanColumn:
    """A rule (or a segment's rule) compiled to a boolean column of ``where.profile``.

    Parameters
    ----------
    con
        The data store, for static segments' members.
    registry
        The known segments, for ``IN SEGMENT`` and name checks.
    where
        The profile and behaviour tables to evaluate over.
    rule
        A rule tree or text.
    catalogue
        The names to check against; default ``registry.catalogue(where)``.
    """
    return compile_rule(
        rule,
        **where.compile_args(),
        segments=registry.lookup(con, as_of=where.as_of),
        catalogue=catalogue or registry.catalogue(where),
        lang=registry.lang,
    )


def selected_for_count(
    con: BaseBackend,
    registry: Registry,
    where: Sources,
    rule: Rule | str,
    *,
    catalogue: Catalogue | None = None,
    narrow: Sources | None = None,
) -> ir.Table:
    """The profile rows a rule selects, to count: over ``narrow`` when the rule allows.

    The same customers as ``where.profile.filter(segment_condition(...))``. When
    ``narrow`` (:func:`segmint.segments.profile.without_traits` of ``where``) has
    every profile column the rule reads, the rows come from it, so the engine
    skips the traits join. Its rows carry the columns :func:`reach_expr` reads.
    """
    catalogue = catalogue or registry.catalogue(where)
    condition = segment_condition(con, registry, where, rule, catalogue=catalogue)
    if narrow is not None:
        profile = where.profile.op()
        read = {f.name for f in condition.op().find(ops.Field) if f.rel == profile}
        if read <= set(narrow.profile.columns):
            short = segment_condition(con, registry, narrow, rule, catalogue=catalogue)
            return narrow.profile.filter(short)
    return where.profile.filter(condition)


def members(
    con: BaseBackend,
    session: Session,
    name: str,
    *,
    as_of: dt.date | None = None,
    lang: str = "en",
) -> ir.Table:
    """The profile rows of a segment's members (saved, static or built-in).

    Parameters
    ----------
    con, session
        The data and metadata stores.
    name
        The segment's name, e.g. ``vip`` or ``rfm:champions``.
    as_of
        Evaluate over the traits stored for that day instead of the latest.
    lang
        Language of error messages.

    Returns
    -------
    ibis.Table
        An unexecuted filter of the profile table.
    """
    registry = Registry.load(session, lang=lang)
    where = sources(con, as_of=as_of)
    return where.profile.filter(segment_condition(con, registry, where, registry.rule(name)))


def reach_expr(selected: ir.Table) -> ir.Table:
    """One row: ``count``, ``reachable_sms`` and ``reachable_email`` of profile rows."""
    sms = selected.sms_consent.fill_null(False) & selected.phone.notnull()
    email = selected.email_consent.fill_null(False) & selected.email.notnull()
    return selected.aggregate(
        count=selected.count(),
        reachable_sms=sms.cast("int64").sum(),
        reachable_email=email.cast("int64").sum(),
    )


def reach(selected: ir.Table) -> dict[str, int]:
    """Count, ``reachable_sms`` and ``reachable_email`` of profile rows, in one query."""
    row = reach_expr(selected).to_pyarrow().to_pylist()[0]
    return {key: int(value or 0) for key, value in row.items()}


def preview(
    con: BaseBackend,
    session: Session,
    *,
    query: str | None = None,
    name: str | None = None,
    sample: int = 10,
    lang: str = "en",
) -> dict[str, Any]:
    """Count a rule or a saved segment and show a few of its customers.

    Parameters
    ----------
    con, session
        The data and metadata stores.
    query, name
        Either a rule in the query language or a segment's name.
    sample
        How many customers to show (the lowest ids, so the sample is stable).
    lang
        Language of error messages.

    Returns
    -------
    dict
        ``count``, ``reachable_sms``, ``reachable_email`` and ``sample`` (a list
        of dicts with :data:`SAMPLE_COLUMNS`).
    """
    registry = Registry.load(session, lang=lang)
    where = sources(con)
    rule: Rule | str = query if query is not None else registry.rule(name or "")
    selected = where.profile.filter(segment_condition(con, registry, where, rule))
    narrow = without_traits(con, where)
    result: dict[str, Any] = reach(selected_for_count(con, registry, where, rule, narrow=narrow))
    rows = selected.order_by("customer_id").limit(sample).select(*SAMPLE_COLUMNS)
    result["sample"] = rows.to_pyarrow().to_pylist() if sample > 0 else []
    return result


def export_segment(
    con: BaseBackend,
    session: Session,
    name: str,
    path: Path | str,
    *,
    columns: Sequence[str] | None = None,
    lang: str = "en",
    currency: str | None = None,
) -> int:
    """Write a segment's members to ``.csv``, ``.xlsx`` or ``.parquet``.

    Parameters
    ----------
    con, session
        The data and metadata stores.
    name
        The segment.
    path
        The target file; its suffix picks the format.
    columns
        Profile columns and custom fields to write after ``customer_id`` (default:
        all profile columns); a custom field becomes one column, a multi-select one joined
        with ``|`` (see :func:`segmint.segments.fields.with_columns`). Text cells
        are made safe against spreadsheet formula injection by
        :func:`segmint.actions.export_table`.
    lang
        Language of error messages.
    currency
        The currency whose minor units money shows with in CSV.

    Returns
    -------
    int
        Rows written.
    """
    selected = members(con, session, name, lang=lang)
    if columns:  # the rows are identified, and ordered, by customer_id
        columns = ["customer_id", *(c for c in columns if c != "customer_id")]
    chosen = with_columns(selected, con.table("customer_fields"), columns, lang=lang)
    return export_table(chosen.order_by("customer_id"), path, lang=lang, currency=currency)
