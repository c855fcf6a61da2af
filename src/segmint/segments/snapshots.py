"""Membership snapshots per run, size over time and migration between two days.

``snapshot_segments`` stores, for one run's ``as_of``, the members of every
saved segment in the data-store table ``segment_memberships (as_of, segment,
customer_id)`` through :func:`segmint.store.memberships.write_snapshot`, the
mechanism clusters use too; running it again for the same day replaces that
day's rows. Built-in families are not stored: their history is already in
``traits_history``. Each rule is evaluated as of that day, and a static list
counts only from the day it holds from (see :mod:`segmint.segments.static`), so
a list made later never shows up in an earlier day's snapshot.

Migration
---------
Each customer has one *state* per day. For a family it is the family member
(``rfm:champions``), or ``none`` when the column is empty (a prospect has no
RFM group). For a list of segments, which may overlap, it is the first listed
segment the customer is in (list order is priority), or ``none``. The states of
the two days are compared by :func:`segmint.store.memberships.migration`: a
customer absent from one day's run has the marker ``None`` on that side
(entered on the from day, left on the to day), so every customer of either day
is counted once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend
from sqlalchemy.orm import Session

from segmint.exceptions import SettingsError
from segmint.i18n import translate
from segmint.segments.definitions import Registry
from segmint.segments.families import FAMILIES, family_of
from segmint.segments.membership import segment_condition
from segmint.segments.profile import require_day, sources, stored_days
from segmint.store.memberships import members_on, migration, write_snapshot
from segmint.store.schema import SEGMENT_MEMBERSHIPS_TABLE, TRAITS_HISTORY_TABLE

__all__ = [
    "MEMBERSHIPS",
    "migration_matrix",
    "segment_members_on",
    "segment_migration",
    "size_over_time",
    "snapshot_segments",
]

MEMBERSHIPS = SEGMENT_MEMBERSHIPS_TABLE
HISTORY = TRAITS_HISTORY_TABLE
#: The state of a customer in the day's run but in none of the segments compared.
NONE = "none"


def _day(value: dt.date) -> ir.DateScalar:
    return ibis.literal(value, type="date")


def snapshot_segments(
    con: BaseBackend, session: Session, as_of: dt.date, *, lang: str = "en"
) -> dict[str, int]:
    """Compute and store the members of every saved segment as of a stored run's day.

    Parameters
    ----------
    con
        A writable data store connection holding ``traits_history`` for ``as_of``.
    session
        A metadata store session.
    as_of
        The run's day. Each rule is evaluated over that day's traits, with
        relative dates counted from it and orders and events cut at its end.
    lang
        Language of error messages.

    Returns
    -------
    dict
        Segment name to member count, for every saved segment.
    """
    require_day(con, as_of, lang=lang)
    registry = Registry.load(session, lang=lang)
    where = sources(con, as_of=as_of)
    parts = [
        where.profile.filter(segment_condition(con, registry, where, registry.rule(name))).select(
            segment=ibis.literal(name, type="string"),
            customer_id=where.profile.customer_id.cast("string"),
        )
        for name in registry.saved()
    ]
    rows = ibis.union(*parts, distinct=False) if parts else None
    found = write_snapshot(con, MEMBERSHIPS, as_of, rows)
    return {name: found.get(name, 0) for name in registry.saved()}


def segment_members_on(con: BaseBackend, name: str, day: dt.date) -> ir.Table:
    """The ``customer_id`` of a segment's members on a stored day.

    Built-in segments are read from ``traits_history``; saved ones from
    ``segment_memberships`` (empty when no snapshot was stored that day).
    """
    builtin = family_of(name)
    if builtin is not None:
        family, value = builtin
        history = con.table(HISTORY)
        rows = history.filter(history.as_of == _day(day), history[family.column] == value)
        return rows.select("customer_id")
    return members_on(con, MEMBERSHIPS, day, name).select("customer_id")


def _check_choice(family: str | None, segments: Sequence[str] | None, lang: str) -> None:
    if (family is None) == (not segments):
        raise SettingsError(translate("segments.family_or_list", lang))
    if family is not None and family not in FAMILIES:
        raise SettingsError(
            translate("segments.unknown_family", lang, name=family, choices=", ".join(FAMILIES))
        )


def size_over_time(
    con: BaseBackend,
    *,
    family: str | None = None,
    segments: Sequence[str] | None = None,
    lang: str = "en",
) -> list[dict[str, Any]]:
    """Members per segment on every stored day.

    Parameters
    ----------
    con
        The data store.
    family
        ``rfm``, ``lifecycle`` or ``generation``; or give ``segments``.
    segments
        Segment names (built-in or saved and snapshotted).
    lang
        Language of error messages.

    Returns
    -------
    list of dict
        ``{"as_of", "segment", "customers"}`` for every day and segment (zero
        included), ordered by day then segment.
    """
    _check_choice(family, segments, lang)
    days = stored_days(con)
    if family is not None:
        chosen = FAMILIES[family]
        history = con.table(HISTORY)
        names = [chosen.segment(value) for value in chosen.names]
        rows = (
            history.filter(history[chosen.column].notnull())
            .group_by("as_of", value=history[chosen.column])
            .aggregate(customers=ibis._.count())
            .to_pyarrow()
            .to_pylist()
        )
        found = {(r["as_of"], chosen.segment(r["value"])): int(r["customers"]) for r in rows}
    else:
        names = list(segments or ())
        parts = [
            segment_members_on(con, name, day)
            .aggregate(customers=ibis._.count())
            .mutate(as_of=_day(day), segment=ibis.literal(name, type="string"))
            for name in names
            for day in days
        ]
        rows = ibis.union(*parts).to_pyarrow().to_pylist() if parts else []
        found = {(r["as_of"], r["segment"]): int(r["customers"]) for r in rows}
    return [
        {"as_of": day, "segment": name, "customers": found.get((day, name), 0)}
        for day in days
        for name in names
    ]


def _states(
    con: BaseBackend, day: dt.date, family: str | None, segments: Sequence[str] | None
) -> ir.Table:
    """One row per customer of the day's run: ``customer_id`` and ``state``."""
    history = con.table(HISTORY)
    universe = history.filter(history.as_of == _day(day))
    if family is not None:
        chosen = FAMILIES[family]
        value = universe[chosen.column]
        state = (ibis.literal(chosen.key + ":") + value).fill_null(NONE)
        return universe.select("customer_id", state=state)
    branches = [
        (universe.customer_id.isin(segment_members_on(con, name, day).customer_id), name)
        for name in segments or ()
    ]
    return universe.select("customer_id", state=ibis.cases(*branches, else_=NONE))


def segment_migration(
    con: BaseBackend,
    from_date: dt.date,
    to_date: dt.date,
    *,
    family: str | None = None,
    segments: Sequence[str] | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """How many customers moved from each segment to each other one between two days.

    Parameters
    ----------
    con
        The data store, with runs stored for both days.
    from_date, to_date
        Two days with stored runs.
    family, segments
        A built-in family, or a list of segments (see the module docstring
        for how overlaps, ``none``, entered and left are counted).
    lang
        Language of error messages.

    Returns
    -------
    dict
        The report of :func:`segmint.store.memberships.migration`: ``from``, ``to``,
        ``flows`` (``{"from", "to", "customers"}``, largest first, ``None`` for
        entered/left), ``sizes`` and the totals, the same shape as
        :func:`segmint.clustering.cluster_migration`.
    """
    _check_choice(family, segments, lang)
    require_day(con, from_date, lang=lang)
    require_day(con, to_date, lang=lang)
    return migration(
        _states(con, from_date, family, segments),
        _states(con, to_date, family, segments),
        from_date=from_date,
        to_date=to_date,
    )


def migration_matrix(
    con: BaseBackend,
    from_date: dt.date,
    to_date: dt.date,
    *,
    family: str | None = None,
    segments: Sequence[str] | None = None,
    lang: str = "en",
) -> list[dict[str, Any]]:
    """The ``flows`` of :func:`segment_migration` alone (kept for the command line)."""
    report = segment_migration(con, from_date, to_date, family=family, segments=segments, lang=lang)
    flows: list[dict[str, Any]] = report["flows"]
    return flows
