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

from segmint.query import Rule, parse, to_text
from segmint.segments.membership import preview
from segmint.segments.records import SegmentRecord
from segmint.store.metadata import ImportRun, IngestBatch, TagChange, TraitRun

__all__ = ["CountCache", "data_version"]

_LOGS = (ImportRun.id, TraitRun.id, TagChange.id, IngestBatch.id)
#: The keys of a preview the cache keeps (the sample is not kept: it holds PII).
COUNT_KEYS = ("count", "reachable_sms", "reachable_email")


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

    def key(self, session: Session, query: Rule | str, *, lang: str = "en") -> tuple[Any, ...]:
        """The cache key of ``query`` now: its canonical text and the data version."""
        rule = parse(query, lang=lang) if isinstance(query, str) else query
        return (to_text(rule), data_version(session))

    def preview(
        self, con: BaseBackend, session: Session, query: Rule | str, *, lang: str = "en"
    ) -> dict[str, int]:
        """``count``, ``reachable_sms`` and ``reachable_email`` of a rule, cached.

        The same numbers as :func:`segmint.segments.preview` (which computes a
        miss), without its sample.
        """
        key = self.key(session, query, lang=lang)
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                return dict(found)
        text = key[0]
        result = preview(con, session, query=text, sample=0, lang=lang)
        counts = {name: int(result[name]) for name in COUNT_KEYS}
        with self._lock:
            self.misses += 1
            self._entries[key] = counts
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return dict(counts)

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()
