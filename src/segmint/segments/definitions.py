"""Saving, finding and listing segment definitions.

Saved segments live in the metadata store (:class:`SegmentRecord`); built-in
family members (``rfm:champions``...) are added by :class:`Registry` without
being stored. A rule is checked against the profile's names and the other
segments before it is saved, and a definition that would close a cycle of
``IN SEGMENT`` references is refused with the cycle named.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend
from sqlalchemy import select
from sqlalchemy.orm import Session

from segmint.exceptions import InvalidSegmentRule, SegmentExists, UnknownSegment
from segmint.i18n import translate
from segmint.query import (
    Catalogue,
    Rule,
    SegmentLookup,
    check_references,
    check_rule,
    parse,
    referenced_segments,
    to_json,
    to_text,
)
from segmint.query.catalogue import suggest
from segmint.segments.families import (
    SEPARATOR,
    builtin_segments,
    family_of,
)
from segmint.segments.profile import Sources
from segmint.segments.records import KINDS, SegmentRecord
from segmint.store.metadata import utcnow
from segmint.store.schema import STATIC_MEMBERS_TABLE

__all__ = [
    "STATIC_MEMBERS",
    "STATIC_SINCE",
    "Registry",
    "SegmentExists",
    "UnknownSegment",
    "create_segment",
    "delete_segment",
    "get_segment",
    "list_segments",
]

#: Data-store table of static segments' members: (segment, customer_id, since).
STATIC_MEMBERS = STATIC_MEMBERS_TABLE
#: Its column with the day a static list holds from (see :mod:`segmint.segments.static`).
STATIC_SINCE = "since"
#: The family of built-in cluster segments (``cluster:3``), read from stored memberships.
CLUSTER_FAMILY = "cluster"
#: A static segment is checked for cycles as a rule that refers to nothing.
_NO_REFERENCES = "customer_id IS NOT NULL"
MAX_NAME = 200


@dataclass
class Registry:
    """Every segment known at one moment: saved records plus built-in families.

    Build with :meth:`load`; it reads the metadata store once, so the same
    registry can evaluate many segments without going back to it.
    """

    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    lang: str = "en"
    _catalogues: dict[Any, Catalogue] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, session: Session, *, lang: str = "en") -> Registry:
        """Read the saved segments and add the built-in ones."""
        # Imported here: the clustering package is heavy, and it imports segments itself.
        from segmint.clustering.members import cluster_segments

        rows = {row["name"]: row for row in [*builtin_segments(), *cluster_segments(session)]}
        for record in session.scalars(select(SegmentRecord)):
            rows[record.name] = record.to_dict()
        return cls(rows, lang)

    @property
    def names(self) -> list[str]:
        """Every segment name, saved ones first, by priority then name."""
        return sorted(self.records, key=self.rank)

    def rank(self, name: str) -> tuple[int, str]:
        """Sort key for choosing a primary segment: lowest priority number, then name."""
        return int(self.records[name]["priority"]), name

    def saved(self, *, dynamic: bool | None = None) -> list[str]:
        """Names of saved (not built-in) segments, optionally only dynamic or static ones."""
        return [
            name
            for name in self.names
            if self.records[name]["kind"] != "family"
            and (dynamic is None or (self.records[name]["kind"] != "static") == dynamic)
        ]

    def get(self, name: str) -> dict[str, Any]:
        """One segment's row, or :class:`UnknownSegment` naming the nearest name."""
        row = self.records.get(name)
        if row is None:
            hint = suggest(name, self.records)
            raise UnknownSegment(
                translate(
                    "segments.unknown",
                    self.lang,
                    name=name,
                    hint=translate("segments.did_you_mean", self.lang, name=hint) if hint else "",
                )
            )
        return row

    def rules(self) -> dict[str, Rule | str]:
        """Segment name to rule, static segments as a rule with no reference (for cycles)."""
        return {
            name: _NO_REFERENCES if _by_members(row) else row["definition"]
            for name, row in self.records.items()
        }

    def lookup(self, con: BaseBackend | None, *, as_of: dt.date | None = None) -> SegmentLookup:
        """The ``segments=`` argument of :func:`segmint.query.compile_rule`.

        With ``as_of`` (a past evaluation), a static list counts only from the
        day it holds from (its ``since``): before then it did not exist yet.
        """

        def find(name: str) -> Rule | str | ir.Table | None:
            row = self.records.get(name)
            if row is None:
                return None
            if row["kind"] == "static":
                if con is None or STATIC_MEMBERS not in con.list_tables():
                    return _NO_MEMBERS
                members = con.table(STATIC_MEMBERS)
                mine = members.filter(members.segment == name)
                if as_of is not None and STATIC_SINCE in mine.columns:
                    since = mine[STATIC_SINCE]
                    mine = mine.filter(since.isnull() | (since <= ibis.literal(as_of, type="date")))
                return mine.select("customer_id")
            if row.get("family") == CLUSTER_FAMILY:
                from segmint.clustering.members import cluster_members

                return cluster_members(con, int(row["cluster"]), as_of)
            return row["definition"]

        return find

    def catalogue(self, sources: Sources, *, extra: Iterable[str] = ()) -> Catalogue:
        """The names a rule may use over ``sources``, with every segment name.

        Kept per profile and extra names: building one reads the distinct custom
        field names, and one registry often compiles many segments.
        """
        key = (sources.profile, sources.customer_fields, tuple(extra))
        if key not in self._catalogues:
            self._catalogues[key] = Catalogue.from_tables(
                sources.profile, sources.customer_fields, segments=[*self.records, *key[2]]
            )
        return self._catalogues[key]

    def rule(self, name: str) -> Rule:
        """The rule tree that selects a segment's members (``IN SEGMENT`` for static ones)."""
        from segmint.query import SegmentRef

        row = self.get(name)
        if _by_members(row):
            return SegmentRef(name)
        return parse(row["definition"], lang=self.lang)


def _by_members(row: dict[str, Any]) -> bool:
    """A segment read from stored members (a static list, a cluster), not from a rule."""
    return row["kind"] == "static" or row.get("family") == CLUSTER_FAMILY


# A rule that selects nobody, for a static segment whose members table is not there yet.
_NO_MEMBERS = "customer_id IS NULL"


def _check_name(name: str, lang: str) -> None:
    if not name.strip() or len(name) > MAX_NAME or SEPARATOR in name or "'" in name:
        raise InvalidSegmentRule(translate("segments.bad_name", lang, name=name, limit=MAX_NAME))


def create_segment(
    session: Session,
    name: str,
    *,
    query: str,
    kind: str = "rule",
    description_en: str = "",
    description_fa: str = "",
    priority: int = 0,
    owner: str | None = None,
    sources: Sources | None = None,
    replace: bool = False,
    lang: str = "en",
) -> SegmentRecord:
    """Save a segment definition.

    Parameters
    ----------
    session
        A metadata store session (the caller commits).
    name
        Unique name; no ``:`` (reserved for built-in families such as
        ``rfm:champions``) and no single quote (so ``IN SEGMENT 'name'`` can
        always be written).
    query
        The rule in the query language (ignored, and may be empty, for
        ``kind="static"``; the members are stored by :func:`import_static`).
    kind
        ``rule``, ``static`` or ``cluster`` (a cluster's readable rule).
    description_en, description_fa, priority, owner
        Shown in listings; the lowest ``priority`` wins when a customer is in
        several segments.
    sources
        The profile to check field names against (:func:`segmint.segments.sources`);
        without it only the grammar and segment references are checked.
    replace
        Overwrite an existing segment of that name instead of refusing.
    lang
        Language of error messages.

    Returns
    -------
    SegmentRecord
        The saved record.

    Raises
    ------
    InvalidSegmentRule
        The rule does not parse, names an unknown field or segment, or the
        name is not allowed.
    SegmentCycle
        Saving it would close a cycle of segment references.
    SegmentExists
        The name is taken and ``replace`` is false.
    """
    _check_name(name, lang)
    if kind not in KINDS or kind == "family":
        raise InvalidSegmentRule(
            translate("segments.bad_kind", lang, kind=kind, kinds="rule, static, cluster")
        )
    registry = Registry.load(session, lang=lang)
    existing = session.scalars(select(SegmentRecord).where(SegmentRecord.name == name)).first()
    if existing is not None and not replace:
        raise SegmentExists(translate("segments.exists", lang, name=name))
    definition, tree = "", None
    if kind != "static":
        rule = parse(query, lang=lang)
        if sources is not None:
            check_rule(query, registry.catalogue(sources, extra=[name]), lang=lang)
        rules = registry.rules()
        rules[name] = rule
        check_references(rules, lang=lang)
        definition, tree = to_text(rule), to_json(rule)
    record = existing or SegmentRecord(name=name, created_at=utcnow())
    record.kind, record.definition, record.tree = kind, definition, tree
    record.description_en, record.description_fa = description_en, description_fa
    record.priority, record.owner, record.updated_at = priority, owner, utcnow()
    session.add(record)
    session.flush()
    return record


def get_segment(session: Session, name: str, *, lang: str = "en") -> dict[str, Any]:
    """One segment (saved or built-in) as plain data.

    Raises
    ------
    UnknownSegment
        No segment has that name.
    """
    return Registry.load(session, lang=lang).get(name)


def list_segments(session: Session, *, builtin: bool = True) -> list[dict[str, Any]]:
    """Every segment as plain data: saved ones by priority and name, then built-in ones.

    Parameters
    ----------
    session
        A metadata store session.
    builtin
        Include the built-in family members (``rfm:...``, ``lifecycle:...``,
        ``generation:...``).
    """
    registry = Registry.load(session)
    return [
        registry.records[name]
        for name in registry.names
        if builtin or registry.records[name]["kind"] != "family"
    ]


def delete_segment(
    session: Session, name: str, *, con: BaseBackend | None = None, lang: str = "en"
) -> None:
    """Delete a saved segment (and, given a writable ``con``, a static one's members).

    Raises
    ------
    UnknownSegment
        No saved segment has that name (built-in ones cannot be deleted).
    InvalidSegmentRule
        Another segment refers to it; the message names that segment.
    """
    record = session.scalars(select(SegmentRecord).where(SegmentRecord.name == name)).first()
    if record is None or family_of(name) is not None:
        Registry.load(session, lang=lang).get(name)  # raises with a suggestion
        raise UnknownSegment(translate("segments.unknown", lang, name=name, hint=""))
    rules = Registry.load(session, lang=lang).rules()
    del rules[name]
    try:
        check_references(rules, lang=lang)
    except InvalidSegmentRule:
        users = [
            other
            for other, rule in rules.items()
            if any(ref.name == name for ref in referenced_segments(parse(str(rule), lang=lang)))
        ]
        raise InvalidSegmentRule(
            translate("segments.in_use", lang, name=name, users=", ".join(users))
        ) from None
    if con is not None and STATIC_MEMBERS in con.list_tables():
        from segmint.store.data import delete_where

        delete_where(con, STATIC_MEMBERS, "segment", name)
    session.delete(record)
    session.flush()
