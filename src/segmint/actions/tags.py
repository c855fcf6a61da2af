"""Tags: add or remove a label on the customers a rule or a file selects, count, log.

Tags live in ``customers.tags``, a sorted list of distinct labels, as the importer
stores them. A tag is normalized like an imported one (Persian letters and digits,
trimmed), so ``VIP `` given here and ``VIP`` read from a file are one tag.

Counts reconcile: of the ``matched`` customers, ``changed`` gained (or lost) the tag
and ``already`` had it (or already lacked it), ``matched = changed + already``.
Adding a tag twice changes nobody the second time.

Every change is written to the audit log of the app store (``tag_changes``): who
(the OS user unless an actor is given), when, the tag, the action, the rule or the
file, and the counts; :func:`tag_log` reads it back.
"""

from __future__ import annotations

import datetime as dt
import getpass
import math
import uuid
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend
from sqlalchemy import select
from sqlalchemy.orm import Session

from segmint.exceptions import SettingsError
from segmint.i18n import translate
from segmint.locale import normalize_text
from segmint.segments.definitions import Registry
from segmint.segments.membership import segment_condition
from segmint.segments.profile import sources
from segmint.segments.static import UNMATCHED_SHOWN, match_identifiers, read_identifiers
from segmint.store.data import update_from
from segmint.store.metadata import TagChange, utcnow

__all__ = ["ACTIONS", "CLOUD_LEVELS", "change_tag", "normalize_tag", "tag_counts", "tag_log"]

ACTIONS = ("add", "remove")
#: Sizes of the tag cloud: level 1 is the rarest tag, this the most common.
CLOUD_LEVELS = 5


def normalize_tag(text: str, *, lang: str = "en") -> str:
    """A tag as the importer stores it: Persian letters and digits normalized, trimmed.

    Raises
    ------
    SettingsError
        The tag is empty once trimmed.
    """
    tag = (normalize_text(text) or "").strip()
    if not tag:
        raise SettingsError(translate("tags.empty", lang))
    return tag


def _actor(actor: str | None) -> str:
    if actor:
        return actor
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        return "unknown"


def _selected(
    con: BaseBackend,
    session: Session,
    *,
    query: str | None,
    ids: Path | str | None,
    lang: str,
) -> tuple[ir.Table, dict[str, Any]]:
    """The ``customer_id`` of the customers chosen, and what the choice read."""
    if (query is None) == (ids is None):
        raise SettingsError(translate("tags.one_source", lang))
    if query is not None:
        registry = Registry.load(session, lang=lang)
        where = sources(con)
        condition = segment_condition(con, registry, where, query)
        return where.profile.filter(condition).select("customer_id"), {}
    assert ids is not None
    values = read_identifiers(ids, lang=lang)
    found, unmatched = match_identifiers(con, values)
    shown = unmatched.order_by("line").limit(UNMATCHED_SHOWN).to_pyarrow()
    return found, {
        "values": len(values),
        "unmatched": int(unmatched.count().to_pyarrow().as_py()),
        "unmatched_sample": shown.column("value").to_pylist(),
    }


def _changes(customers: ir.Table, chosen: ir.Table, tag: str, action: str) -> ir.Table:
    """``customer_id`` and new ``tags`` of the chosen customers the action changes."""
    mine = customers.filter(customers.customer_id.isin(chosen.customer_id))
    has = mine.tags.contains(tag).fill_null(False)
    if action == "add":
        empty = ibis.literal([], type="array<string>")
        grown = mine.tags.fill_null(empty).concat(ibis.literal([tag], type="array<string>"))
        return mine.filter(~has).select("customer_id", tags=grown.unique().sort())
    return mine.filter(has).select("customer_id", tags=mine.tags.filter(lambda t: t != tag))


def change_tag(
    con: BaseBackend,
    session: Session,
    tag: str,
    action: str,
    *,
    query: str | None = None,
    ids: Path | str | None = None,
    actor: str | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """Add or remove ``tag`` on the customers a rule or a file of ids selects, and log it.

    Parameters
    ----------
    con
        A writable data store connection.
    session
        An app store session; the log entry is committed with it.
    tag
        The tag (normalized by :func:`normalize_tag`).
    action
        ``"add"`` or ``"remove"``.
    query
        A rule in the segment language (as ``segmint segments count --query``).
    ids
        Or a file of customer ids or phones: one per line, or a table with a
        ``customer_id`` column (see :func:`segmint.segments.read_identifiers`).
    actor
        Who made the change, for the log; default the OS user.
    lang
        Language of error messages.

    Returns
    -------
    dict
        ``tag``, ``action``, ``matched``, ``changed`` and ``already`` (``matched =
        changed + already``), ``rule`` or ``file``, ``actor``, ``at``; with a file
        also ``values`` read, ``unmatched`` and ``unmatched_sample``.
    """
    if action not in ACTIONS:
        raise SettingsError(translate("tags.bad_action", lang, action=action))
    tag = normalize_tag(tag, lang=lang)
    chosen, read = _selected(con, session, query=query, ids=ids, lang=lang)
    customers = con.table("customers")
    inside = customers.customer_id.isin(chosen.customer_id).cast("int64").sum()
    matched = int(inside.to_pyarrow().as_py() or 0)
    # Staged: the changes are read from the table they are about to change.
    stage = f"_segmint_tags_{uuid.uuid4().hex}"
    con.create_table(stage, _changes(customers, chosen, tag, action))
    try:
        changed = int(con.table(stage).count().to_pyarrow().as_py())
        if changed:
            update_from(con, "customers", stage, "customer_id", ["tags"])
    finally:
        con.drop_table(stage)
    entry = TagChange(
        at=utcnow(),
        actor=_actor(actor),
        tag=tag,
        action=action,
        rule=query,
        file=str(Path(ids).resolve()) if ids is not None else None,
        matched=matched,
        changed=changed,
    )
    session.add(entry)
    session.flush()
    return {**_entry(entry), "already": matched - changed, **read}


def _entry(row: TagChange) -> dict[str, Any]:
    # SQLite gives stored times back without their zone; they were written in UTC.
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=dt.UTC)
    return {
        "id": row.id,
        "at": at,
        "actor": row.actor,
        "tag": row.tag,
        "action": row.action,
        "rule": row.rule,
        "file": row.file,
        "matched": row.matched,
        "changed": row.changed,
    }


def tag_log(session: Session, *, tag: str | None = None, limit: int | None = None) -> list[dict]:
    """The logged tag changes, newest first, optionally of one tag and at most ``limit``."""
    statement = select(TagChange).order_by(TagChange.at.desc(), TagChange.id.desc())
    if tag is not None:
        statement = statement.where(TagChange.tag == normalize_tag(tag))
    if limit is not None:
        statement = statement.limit(limit)
    return [_entry(row) for row in session.scalars(statement)]


def tag_counts(con: BaseBackend) -> dict[str, Any]:
    """Customers per tag, most common first, with a tag-cloud size for each.

    Returns
    -------
    dict
        ``customers`` (all), ``tagged`` (customers with at least one tag) and
        ``tags``: one dict per tag with ``tag``, ``customers`` and ``level``
        (1 to :data:`CLOUD_LEVELS`, by the logarithm of the count between the
        rarest and the most common tag, as tag clouds size their words).
    """
    customers = con.table("customers")
    totals = customers.aggregate(
        customers=customers.count(),
        tagged=(customers.tags.length() > 0).fill_null(False).cast("int64").sum(),
    )
    total = totals.to_pyarrow().to_pylist()[0]
    pairs = customers.select("customer_id", tag=customers.tags.unnest())
    counts = (
        pairs.filter(pairs.tag.notnull())
        .group_by("tag")
        .agg(customers=pairs.customer_id.nunique())
        .order_by([ibis.desc("customers"), "tag"])
    )
    rows = counts.to_pyarrow().to_pylist()
    return {
        "customers": int(total["customers"]),
        "tagged": int(total["tagged"] or 0),
        "tags": [
            {"tag": r["tag"], "customers": int(r["customers"]), "level": level}
            for r, level in zip(rows, cloud_levels([r["customers"] for r in rows]), strict=True)
        ],
    }


def cloud_levels(counts: list[int], levels: int = CLOUD_LEVELS) -> list[int]:
    """Tag-cloud sizes 1..``levels`` for ``counts``, by log count between min and max."""
    if not counts:
        return []
    low, high = math.log(min(counts)), math.log(max(counts))
    if high == low:
        return [levels] * len(counts)
    return [1 + round((levels - 1) * (math.log(c) - low) / (high - low)) for c in counts]
