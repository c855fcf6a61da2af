"""Counts kept between requests, keyed by the rule and the version of the data.

A builder or a dashboard asks for the same preview again and again while
nothing changes; the engine's answer takes a tenth of a second to half a second
at a million customers. :class:`CountCache` keeps previews by
``(rule, data version)``: the rule in canonical text (so ``a=1`` and ``a = 1``
are one entry) and :func:`data_version`, which changes whenever anything a
count reads may have changed.

The data version is read from the app store, not from the data: every write
segmint makes records itself there (an import run, a traits run, a tag change,
a live ingest batch, a saved or changed segment definition), so the largest id
of each log plus the segments' last change is a version that costs one small
SQLite query and holds across processes. A write that bypasses segmint (SQL
typed into the DuckDB file by hand) is not seen; :meth:`CountCache.clear`
forgets everything.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from ibis.backends import BaseBackend
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from segmint.query import Catalogue, Rule, parse, to_text
from segmint.segments.definitions import Registry
from segmint.segments.membership import reach_expr, selected_for_count
from segmint.segments.profile import Sources, sources, without_traits
from segmint.segments.records import SegmentRecord
from segmint.store.metadata import ImportRun, IngestBatch, TagChange, TraitRun

__all__ = ["CountCache", "data_version"]

_LOGS = (ImportRun.id, TraitRun.id, TagChange.id, IngestBatch.id)
#: The keys of a preview the cache keeps (the sample is not kept: it holds PII).
COUNT_KEYS = ("count", "reachable_sms", "reachable_email")


#: What every count of one data version shares: segments, sources, names, sources without traits.
_Context = tuple[Registry, Sources, Catalogue, Sources | None]


def data_version(session: Session) -> tuple[Any, ...]:
    """A value that changes whenever segmint writes something a count reads.

    The largest id of the import, traits-run, tag-change and ingest logs, the
    number of saved segments and their latest change (see the module docstring).
    """
    parts: list[Any] = [session.scalar(select(func.max(column))) for column in _LOGS]
    segments = session.execute(
        select(func.count(SegmentRecord.id), func.max(SegmentRecord.updated_at))
    ).one()
    parts.extend([segments[0], str(segments[1])])
    return tuple(parts)


class CountCache:
    """Previews (count and reach) of rules, kept per data version.

    Parameters
    ----------
    size
        Entries kept; the least recently used goes first.

    Examples
    --------
    >>> cache = CountCache()  # doctest: +SKIP
    >>> cache.preview(con, session, "rfm_group = 'champions'")  # doctest: +SKIP
    {'count': 412, 'reachable_sms': 380, 'reachable_email': 201}
    """

    def __init__(self, *, size: int = 1024) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[Any, ...], dict[str, int]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self._built: tuple[Any, _Context] | None = None

    def key(self, session: Session, query: Rule | str, *, lang: str = "en") -> tuple[Any, ...]:
        """The cache key of ``query`` now: its canonical text and the data version."""
        rule = parse(query, lang=lang) if isinstance(query, str) else query
        return (to_text(rule), data_version(session))

    def cached(
        self, session: Session, query: Rule | str, *, lang: str = "en"
    ) -> dict[str, int] | None:
        """The kept preview of ``query`` for the data now, or None: asks nothing of the data.

        A server answers a hit without opening a data connection, and opens one
        for :meth:`preview` only on a miss.
        """
        key = self.key(session, query, lang=lang)
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return dict(found)

    def preview(
        self, con: BaseBackend, session: Session, query: Rule | str, *, lang: str = "en"
    ) -> dict[str, int]:
        """``count``, ``reachable_sms`` and ``reachable_email`` of a rule, cached.

        The same numbers as :func:`segmint.segments.preview`, without its
        sample. A miss compiles the rule over the profile tables kept for the
        data version (see :meth:`_context`) and runs on ``con``.
        """
        key = self.key(session, query, lang=lang)
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                return dict(found)
        registry, where, catalogue, narrow = self._context(con, session, key[1], lang)
        selected = selected_for_count(
            con, registry, where, key[0], catalogue=catalogue, narrow=narrow
        )
        # Run on this request's connection: the cached tables may come from an older one.
        row = con.to_pyarrow(reach_expr(selected)).to_pylist()[0]
        counts = {name: int(row[name] or 0) for name in COUNT_KEYS}
        with self._lock:
            self.misses += 1
            self._entries[key] = counts
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return dict(counts)

    def _context(
        self, con: BaseBackend, session: Session, version: tuple[Any, ...], lang: str
    ) -> _Context:
        """The segments, profile tables and names for ``version``, built once per version.

        Building them reads the store's schemas, the evaluation day and the custom
        field names: half of a cold preview's time, the same for every rule.
        """
        with self._lock:
            if self._built is not None and self._built[0] == (version, lang):
                return self._built[1]
        registry = Registry.load(session, lang=lang)
        where = sources(con)
        built = (registry, where, registry.catalogue(where), without_traits(con, where))
        with self._lock:
            self._built = ((version, lang), built)
        return built

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()
