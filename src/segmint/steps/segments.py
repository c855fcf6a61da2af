"""Segments as steps on a workspace: count, save, list, show, delete, export, compare."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from segmint.steps._common import display_currency, language

if TYPE_CHECKING:
    from segmint.store import Workspace


def count(
    workspace: Workspace,
    query: str | None = None,
    *,
    name: str | None = None,
    sample: int = 0,
    lang: str | None = None,
) -> dict[str, Any]:
    """Count the customers a rule (or a saved segment) selects, and how many can be reached.

    Parameters
    ----------
    workspace
        The workspace; read-only.
    query
        A rule in the query language, e.g. ``"rfm_group = 'champions' AND city = 'Tehran'"``.
    name
        Or a saved or built-in segment's name (``"vip"``, ``"rfm:champions"``).
    sample
        How many customers to return (the lowest ids, so the sample is stable).
    lang
        Language of error messages; default: the workspace's.

    Returns
    -------
    dict
        ``count``, ``reachable_sms``, ``reachable_email`` and ``sample`` (a list of dicts).

    Raises
    ------
    InvalidSegmentRule
        The rule does not parse or names an unknown field.
    """
    from segmint.segments import preview

    with workspace.data() as con, workspace.session() as session:
        return preview(
            con, session, query=query, name=name, sample=sample, lang=language(workspace, lang)
        )


def create(
    workspace: Workspace,
    name: str,
    query: str,
    *,
    description_en: str = "",
    description_fa: str = "",
    priority: int = 0,
    owner: str | None = None,
    replace: bool = False,
    lang: str | None = None,
) -> dict[str, Any]:
    """Save a rule segment, checked against the profile's fields and the other segments.

    Parameters
    ----------
    name
        A new, unique name (``replace=True`` overwrites one).
    query
        The rule in the query language.
    priority
        Lower wins when a customer is in several segments.

    Returns
    -------
    dict
        The saved definition: ``name``, ``kind``, ``definition``, ``priority``...

    Raises
    ------
    SegmentExists
        The name is taken and ``replace`` is false.
    InvalidSegmentRule
        The rule does not parse, names an unknown field or makes a cycle.
    """
    from segmint.segments import create_segment, sources

    with workspace.data() as con, workspace.session() as session:
        record = create_segment(
            session,
            name,
            query=query,
            description_en=description_en,
            description_fa=description_fa,
            priority=priority,
            owner=owner,
            sources=sources(con),
            replace=replace,
            lang=language(workspace, lang),
        )
        return record.to_dict()


def list_all(workspace: Workspace, *, builtin: bool = True) -> list[dict[str, Any]]:
    """Saved segments by priority, then (with ``builtin``) the built-in families' members."""
    from segmint.segments import list_segments

    with workspace.session() as session:
        return list_segments(session, builtin=builtin)


def show(
    workspace: Workspace, name: str, *, sample: int = 0, lang: str | None = None
) -> dict[str, Any]:
    """One segment's definition with its count and reach now (see :func:`count`).

    Raises
    ------
    UnknownSegment
        No segment has that name; the message suggests the closest.
    """
    from segmint.segments import get_segment, preview

    lang = language(workspace, lang)
    with workspace.data() as con, workspace.session() as session:
        row = dict(get_segment(session, name, lang=lang))
        row.update(preview(con, session, name=name, sample=sample, lang=lang))
    return row


def delete(workspace: Workspace, name: str, *, lang: str | None = None) -> None:
    """Delete a saved segment and its stored memberships.

    Raises
    ------
    UnknownSegment
        No saved segment has that name (built-in ones cannot be deleted).
    InvalidSegmentRule
        Another segment refers to it.
    """
    from segmint.segments import delete_segment

    with workspace.data(write=True) as con, workspace.session() as session:
        delete_segment(session, name, con=con, lang=language(workspace, lang))


def export(
    workspace: Workspace,
    name: str,
    file: str | Path,
    *,
    columns: list[str] | None = None,
    lang: str | None = None,
    currency: str | None = None,
) -> int:
    """Write a segment's members to ``file`` (.csv, .xlsx or .parquet; formula-safe cells).

    ``columns`` are profile columns and custom fields; amounts are written in
    ``currency``'s minor units (default: the workspace's). Returns the rows written.
    """
    from segmint.segments import export_segment

    with workspace.data() as con, workspace.session() as session:
        return export_segment(
            con,
            session,
            name,
            file,
            columns=columns,
            lang=language(workspace, lang),
            currency=currency or display_currency(workspace),
        )


def export_reachable(
    workspace: Workspace,
    name: str,
    file: str | Path,
    *,
    channel: str,
    columns: list[str] | None = None,
    lang: str | None = None,
    currency: str | None = None,
) -> dict[str, Any]:
    """Write the segment's members a message on ``channel`` (``sms``, ``email``) may reach.

    Only customers with consent on the channel and an unsuppressed address are written.
    Returns ``rows`` written, ``members`` and ``left_out`` by reason (``no_consent``,
    ``no_address``, ``suppressed``): see :func:`segmint.actions.export.export_reachable`.
    """
    from segmint.actions.export import export_reachable as write

    with workspace.data() as con, workspace.session() as session:
        return write(
            con,
            session,
            name,
            file,
            channel=channel,
            columns=columns,
            lang=language(workspace, lang),
            currency=currency or display_currency(workspace),
        )


def migration(
    workspace: Workspace,
    from_date: dt.date,
    to_date: dt.date,
    *,
    family: str | None = None,
    segments: list[str] | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """How many customers moved from each segment to each other between two stored days.

    Give a ``family`` (``rfm``, ``lifecycle``, ``generation``) or saved ``segments``
    by priority. Returns the report :func:`segmint.steps.clusters.migration` returns
    too: ``from``, ``to``, ``flows`` (``{"from", "to", "customers"}``, None for
    entered/left), ``sizes`` and the totals.
    """
    from segmint.segments import segment_migration

    with workspace.data() as con:
        return segment_migration(
            con,
            from_date,
            to_date,
            family=family,
            segments=segments,
            lang=language(workspace, lang),
        )


def sizes(
    workspace: Workspace,
    *,
    family: str | None = None,
    segments: list[str] | None = None,
    lang: str | None = None,
) -> list[dict[str, Any]]:
    """Members per segment on every stored day: rows ``{"as_of", "segment", "customers"}``."""
    from segmint.segments import size_over_time

    with workspace.data() as con:
        return size_over_time(con, family=family, segments=segments, lang=language(workspace, lang))


def of_customer(
    workspace: Workspace, customer_id: str, *, everything: bool = False, lang: str | None = None
) -> dict[str, Any]:
    """Which segments a customer is in, and which of each rule's conditions held.

    With ``everything``, also the segments the customer is not in.
    """
    from segmint.segments import customer_segments

    with workspace.data() as con, workspace.session() as session:
        return customer_segments(
            con, session, customer_id, everything=everything, lang=language(workspace, lang)
        )


def overlap(workspace: Workspace, names: list[str], *, lang: str | None = None) -> dict[str, Any]:
    """Customers in both of every pair of ``names``: ``{"segments", "sizes", "matrix"...}``."""
    from segmint.segments import overlap_matrix

    with workspace.data() as con, workspace.session() as session:
        return overlap_matrix(con, session, names, lang=language(workspace, lang))


def priorities(
    workspace: Workspace, names: list[str] | None = None, *, lang: str | None = None
) -> list[dict[str, Any]]:
    """Size, value, revenue at risk, growth and a score per segment, best first."""
    from segmint.segments import prioritize

    with workspace.data() as con, workspace.session() as session:
        return prioritize(con, session, names or None, lang=language(workspace, lang))


def templates(*, lang: str = "en") -> list[dict[str, Any]]:
    """Ready segment definitions to pick and adjust (no workspace needed)."""
    from segmint.segments import TEMPLATES

    return [template.to_dict(lang) for template in TEMPLATES.values()]


def freeze(
    workspace: Workspace,
    name: str,
    as_of: dt.date,
    *,
    into: str | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """Store a segment's members on a stored run's day as a static segment (``NAME@DAY``).

    Returns ``{"segment", "members", ...}``.
    """
    from segmint.segments import freeze_segment

    with workspace.data(write=True) as con, workspace.session() as session:
        return freeze_segment(
            con, session, name, as_of=as_of, into=into, lang=language(workspace, lang)
        )


def import_list(
    workspace: Workspace,
    name: str,
    file: str | Path,
    *,
    replace: bool = False,
    lang: str | None = None,
) -> dict[str, Any]:
    """Make a static segment from a file of customer ids or phones, one per line.

    Returns ``{"members", "values", "unmatched", ...}``.
    """
    from segmint.segments import import_static

    with workspace.data(write=True) as con, workspace.session() as session:
        return import_static(
            con, session, name, file, replace=replace, lang=language(workspace, lang)
        )


def snapshot(workspace: Workspace, as_of: dt.date, *, lang: str | None = None) -> dict[str, int]:
    """Store every saved segment's members for a stored run's day: segment -> members.

    ``run`` does this for its own day; call it after saving segments to fill a past day.
    """
    from segmint.segments import snapshot_segments

    with workspace.data(write=True) as con, workspace.session() as session:
        return snapshot_segments(con, session, as_of, lang=language(workspace, lang))
