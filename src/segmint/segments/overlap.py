"""Overlap between segments, and one primary segment per customer by priority."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend
from sqlalchemy.orm import Session

from segmint.segments.definitions import Registry
from segmint.segments.membership import segment_condition
from segmint.segments.profile import Sources, sources

__all__ = ["membership_flags", "overlap_matrix", "primary_counts", "primary_segments"]


def membership_flags(
    con: BaseBackend, registry: Registry, where: Sources, names: Sequence[str]
) -> dict[str, ir.BooleanColumn]:
    """One never-null boolean column of ``where.profile`` per segment name."""
    return {
        name: segment_condition(con, registry, where, registry.rule(name)).fill_null(False)
        for name in names
    }


def overlap_matrix(
    con: BaseBackend, session: Session, names: Sequence[str], *, lang: str = "en"
) -> dict[str, Any]:
    """Customers in both of every pair of segments, in one engine query.

    Parameters
    ----------
    con, session
        The data and metadata stores.
    names
        The segments (saved or built-in).
    lang
        Language of error messages.

    Returns
    -------
    dict
        ``segments`` (the names) and ``matrix``: ``matrix[i][j]`` customers in
        both ``names[i]`` and ``names[j]``; the diagonal holds each size.
    """
    registry = Registry.load(session, lang=lang)
    where = sources(con)
    flags = membership_flags(con, registry, where, names)
    columns = list(flags.values())
    measures = {
        f"p{i}_{j}": (columns[i] & columns[j]).cast("int64").sum()
        for i in range(len(columns))
        for j in range(i, len(columns))
    }
    row = where.profile.aggregate(**measures).to_pyarrow().to_pylist()[0] if measures else {}
    size = len(columns)
    matrix = [[0] * size for _ in range(size)]
    for i in range(size):
        for j in range(i, size):
            matrix[i][j] = matrix[j][i] = int(row[f"p{i}_{j}"] or 0)
    return {"segments": list(names), "matrix": matrix}


def primary_segments(
    con: BaseBackend,
    session: Session,
    names: Sequence[str] | None = None,
    *,
    lang: str = "en",
) -> ir.Table:
    """Each customer's primary segment: the lowest priority number, ties by name.

    Parameters
    ----------
    con, session
        The data and metadata stores.
    names
        The candidate segments; default every saved segment.
    lang
        Language of error messages.

    Returns
    -------
    ibis.Table
        ``customer_id, segment`` for every customer in at least one candidate.
    """
    registry = Registry.load(session, lang=lang)
    chosen = sorted(names if names is not None else registry.saved(), key=registry.rank)
    where = sources(con)
    flags = membership_flags(con, registry, where, chosen)
    if not flags:
        return where.profile.filter(ibis.literal(False)).select(
            "customer_id", segment=ibis.literal(None, type="string")
        )
    segment = ibis.cases(*((flag, name) for name, flag in flags.items()))
    labelled = where.profile.select("customer_id", segment=segment)
    return labelled.filter(labelled.segment.notnull())


def primary_counts(
    con: BaseBackend,
    session: Session,
    names: Sequence[str] | None = None,
    *,
    lang: str = "en",
) -> list[dict[str, Any]]:
    """Customers per primary segment (see :func:`primary_segments`), by priority."""
    registry = Registry.load(session, lang=lang)
    table = primary_segments(con, session, names, lang=lang)
    rows = table.group_by("segment").aggregate(customers=table.count()).to_pyarrow().to_pylist()
    found = {row["segment"]: int(row["customers"]) for row in rows}
    chosen = sorted(names if names is not None else registry.saved(), key=registry.rank)
    return [{"segment": name, "customers": found.get(name, 0)} for name in chosen]
