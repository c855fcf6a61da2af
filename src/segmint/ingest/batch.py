"""Importing every file of a folder or a glob pattern, one file at a time.

Each file is its own import (its own transaction, reject file and log entry): a file
that cannot be imported is reported and the others still go in.
"""

from __future__ import annotations

import glob
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ibis.backends import BaseBackend

from segmint.exceptions import ImportRejected, SegmintError
from segmint.i18n import translate
from segmint.ingest.importer import ImportOptions, ImportResult, Progress, import_file
from segmint.ingest.sources import file_format

_GLOB = set("*?[")
_COUNTS = ("read", "stored", "updated", "unchanged", "rejected", "warnings", "anonymous")


def is_pattern(text: str) -> bool:
    """Whether ``text`` is a glob pattern rather than a file name."""
    return bool(_GLOB & set(text))


def expand(source: str | Path, *, lang: str = "en") -> list[Path]:
    """The files ``source`` names: itself, a folder's importable files, or a glob's matches.

    A folder gives the files directly in it whose format segmint reads (by suffix),
    hidden ones left out; every list is sorted by name, so files import in a stable order.

    Raises
    ------
    ImportRejected
        A folder or pattern with no importable file.
    """
    text = str(source)
    path = Path(text).expanduser()
    if path.is_dir():
        found = [p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")]
        found = [p for p in found if _readable(p)]
    elif is_pattern(text):
        found = [Path(p) for p in glob.glob(str(path)) if Path(p).is_file()]
    else:
        return [path]
    if not found:
        raise ImportRejected(translate("import.no_files", lang, pattern=text))
    return sorted(found)


def _readable(path: Path) -> bool:
    try:
        file_format(path)
    except ImportRejected:
        return False
    return True


@dataclass
class BatchResult:
    """The imports of several files: one result per imported file, the failures, the totals."""

    kind: str
    results: list[ImportResult] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def totals(self) -> dict[str, int]:
        """Counts summed over the imported files, with ``files`` and ``failed`` files."""
        sums = {key: sum(getattr(r, key) for r in self.results) for key in _COUNTS}
        return {"files": len(self.results) + len(self.failed), "failed": len(self.failed), **sums}

    @property
    def ok(self) -> bool:
        """Every file imported, and no row of any rejected."""
        return not self.failed and all(r.ok for r in self.results)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {
            "ok": self.ok,
            "kind": self.kind,
            "totals": self.totals,
            "files": [r.to_dict() for r in self.results],
            "failed": self.failed,
        }


def import_files(
    con: BaseBackend,
    kind: str,
    paths: list[Path],
    *,
    options: ImportOptions,
    reject_dir: Path,
    progress: Progress | None = None,
    importer: Callable[..., ImportResult] = import_file,
) -> BatchResult:
    """Import each of ``paths`` in turn with :func:`~segmint.ingest.import_file`.

    Parameters
    ----------
    con
        A writable Ibis DuckDB connection holding the data-model tables.
    kind
        What every file holds.
    paths
        The files, in the order to import them (see :func:`expand`).
    options
        How to read each file.
    reject_dir
        Where reject and warning files go.
    progress
        Called with a message key as each phase of each file starts.
    importer
        What imports one file (called as :func:`~segmint.ingest.import_file` is):
        :func:`segmint.ingest.remote.import_file` for a store that is not DuckDB.

    Returns
    -------
    BatchResult
        A result per imported file; a file segmint refused (:class:`SegmintError`:
        unreadable, unmapped, a column that mostly failed) is in ``failed`` with the
        message, and stored nothing.
    """
    batch = BatchResult(kind)
    for path in paths:
        try:
            batch.results.append(
                importer(con, kind, path, options=options, reject_dir=reject_dir, progress=progress)
            )
        except SegmintError as exc:
            batch.failed[str(path)] = str(exc)
    return batch


__all__ = ["BatchResult", "expand", "import_files", "is_pattern"]
