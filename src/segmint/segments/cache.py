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
import weakref
from collections import OrderedDict
from typing import Any

from ibis.backends import BaseBackend
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from segmint.exceptions import SegmintError
from segmint.query import Catalogue, Rule, parse, resolve_rule, to_text
from segmint.segments.arrays import ArrayCounter, Unsupported
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
    # One round trip: every request asks this, before the cache can answer.
    logs = [select(func.max(column)).scalar_subquery() for column in _LOGS]
    segments = [
        select(func.count(SegmentRecord.id)).scalar_subquery(),
        select(func.max(SegmentRecord.updated_at)).scalar_subquery(),
    ]
    row = session.execute(select(*logs, *segments)).one()
    return (*row[: len(_LOGS)], row[len(_LOGS)], str(row[len(_LOGS) + 1]))


#: Rules whose first count loads what most builder counts read: the reach columns, the
#: lifecycle and RFM columns, and the rows of orders and events (seconds at 1M customers).
WARM_RULES = (
    "lifecycle_stage = 'active' AND rfm_group = 'champions'",
    "monetary > 0 AND frequency > 0 AND recency_days > 0",
    "orders_placed MATCHES (date >= -365d, count >= 1)",
    "events MATCHES (date >= -30d)",
)
#: Shops smaller than this count fast enough cold: nothing is warmed.
WARM_FROM_CUSTOMERS = 50_000


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

    def __init__(self, *, size: int = 1024, arrays: bool = True) -> None:
        self.size = size
        #: Count rules it can in memory (:mod:`segmint.segments.arrays`), the rest in the engine.
        self.arrays = arrays
        self._entries: OrderedDict[tuple[Any, ...], dict[str, int]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self._built: tuple[Any, _Context] | None = None
        self._counter: tuple[Any, ArrayCounter] | None = None
        #: The key :meth:`cached` computed on this thread, for the :meth:`preview` after a miss.
        self._local = threading.local()
        #: Misses answered in memory (the rest of :attr:`misses` went to the engine).
        self.in_memory = 0

    def warm(self, con: BaseBackend, session: Session) -> int:
        """Count :data:`WARM_RULES` now, so a builder's first counts need no loading.

        A server calls it in the background when it starts and after each job (an
        import or a run makes a new data version). Shops under
        :data:`WARM_FROM_CUSTOMERS` are skipped. Returns how many rules were counted.
        """
        customers = con.table("customers").count().execute()
        if int(customers) < WARM_FROM_CUSTOMERS:
            return 0
        counted = 0
        for rule in WARM_RULES:
            try:
                self.preview(con, session, rule)
            except SegmintError:  # a workspace without events, say: nothing to warm there
                continue
            counted += 1
        return counted

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
                self._local.pending = (weakref.ref(session), query, lang, key)
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
        key = self._pending(session, query, lang) or self.key(session, query, lang=lang)
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                return dict(found)
        registry, where, catalogue, narrow = self._context(con, session, key[1], lang)
        counts = self._in_memory(con, key, where, catalogue, lang)
        if counts is None:
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

    def _pending(self, session: Session, query: Rule | str, lang: str) -> tuple[Any, ...] | None:
        """The key a miss of :meth:`cached` just computed for this call, used once.

        Parsing the rule and reading the data version again would double the
        cheap part of a miss. Should the data change in between, the count is
        still of the data now, only kept under the older version (never asked again).
        """
        pending = getattr(self._local, "pending", None)
        self._local.pending = None
        if pending is None or pending[0]() is not session:
            return None
        if pending[1] != query or pending[2] != lang:
            return None
        key: tuple[Any, ...] = pending[3]
        return key

    def _in_memory(
        self,
        con: BaseBackend,
        key: tuple[Any, ...],
        where: Sources,
        catalogue: Catalogue,
        lang: str,
    ) -> dict[str, int] | None:
        """The counts from :class:`ArrayCounter`, or None when the rule needs the engine."""
        if not self.arrays or con.name != "duckdb" or where.as_of is not None:
            return None
        # The same checks (and errors) as the engine's compile, which does this first.
        tree = resolve_rule(key[0], catalogue, lang=lang)
        with self._lock:
            if self._counter is None or self._counter[0] != key[1]:
                self._counter = (key[1], ArrayCounter(where))
            counter = self._counter[1]
        try:
            counts = counter.count(con, tree)
        except Unsupported:
            return None
        with self._lock:
            self.in_memory += 1
        return counts

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
