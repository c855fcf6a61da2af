"""Where the customer data lives: one module per engine, behind one small interface.

A workspace names its data store with a URL (the ``data_url`` setting, or
``SEGMINT_DATA_URL``):

========================================  ==============================================
``duckdb:///abs/path/data.duckdb``        a DuckDB file (the default: ``data.duckdb`` in
                                          the workspace)
``postgresql://user:pw@host:5432/db``     PostgreSQL; ``?schema=NAME`` keeps segmint's
                                          tables in that schema
``spark://local[2]``                      PySpark in local mode, tables kept in the
                                          workspace's ``spark-warehouse``
``sc://host:15002``                       a Spark cluster over Spark Connect (Databricks
                                          included)
========================================  ==============================================

Everything that touches customer data is an Ibis expression and runs on each of them.
What Ibis cannot say (delete rows, update rows in place, swap a table atomically, bulk
writes, transactions) is a method of :class:`~segmint.store.backends.base.Engine`, and
each engine's module answers it its own way. :func:`engine_for` picks the module from a
URL, :func:`engine_of` from an open connection.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

from segmint.exceptions import SettingsError
from segmint.i18n import translate

if TYPE_CHECKING:
    from ibis.backends import BaseBackend

    from segmint.store.backends.base import Engine

DEFAULT_FILE = "data.duckdb"

# Spark Connect (Databricks) passes its access token as a ";token=..." parameter.
_TOKEN = re.compile(r"([;?&]token=)[^;&]*", re.I)

# URL scheme -> module; Ibis backend name -> module.
_SCHEMES = {
    "duckdb": "duckdb",
    "postgresql": "postgres",
    "postgres": "postgres",
    "spark": "spark",
    "sc": "spark",
}
_IBIS_NAMES = {"duckdb": "duckdb", "postgres": "postgres", "pyspark": "spark"}


@dataclass(frozen=True)
class Location:
    """A parsed data-store URL, with the workspace folder it is resolved against."""

    url: str
    scheme: str
    root: Path
    options: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        """The file of a ``duckdb:`` URL (relative paths are inside the workspace)."""
        raw = urlsplit(self.url).path if "://" in self.url else self.url.partition(":")[2]
        if not raw:
            return self.root / DEFAULT_FILE
        path = Path(raw)
        return path if path.is_absolute() else self.root / path

    @property
    def redacted(self) -> str:
        """The URL with its secrets (a password, a Spark Connect ``token=``) as ``***``."""
        shown = _TOKEN.sub(r"\1***", self.url)
        try:
            parts = urlsplit(shown)
        except ValueError:  # spark://local[2]: brackets that are not an IPv6 host, no password
            return shown
        if parts.password is None:
            return shown
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        return parts._replace(netloc=netloc).geturl()


def locate(url: str | None, root: Path, *, lang: str = "en") -> Location:
    """Parse ``url`` (None: the workspace's DuckDB file).

    Raises
    ------
    SettingsError
        The URL's scheme names no engine segmint has.
    """
    if not url:
        return Location(f"duckdb://{(root / DEFAULT_FILE).resolve()}", "duckdb", root)
    scheme = url.partition(":")[0].lower()
    if scheme not in _SCHEMES:
        raise SettingsError(
            translate("store.unknown_url", lang, url=url, schemes=", ".join(sorted(_SCHEMES)))
        )
    # Not urlsplit(url).query: it rejects spark://local[2] (brackets read as an IPv6 host).
    options = dict(parse_qsl(url.partition("?")[2]))
    return Location(url, scheme, root, options)


def engine_for(location: Location) -> Engine:
    """The engine module that opens ``location``."""
    return _load(_SCHEMES[location.scheme])


def engine_of(con: BaseBackend) -> Engine:
    """The engine module of an open Ibis connection."""
    if con.name not in _IBIS_NAMES:
        raise ValueError(f"segmint has no engine module for Ibis backend {con.name!r}")
    return _load(_IBIS_NAMES[con.name])


def _load(module: str) -> Engine:
    loaded = importlib.import_module(f"segmint.store.backends.{module}")
    engine: Engine = loaded.ENGINE
    return engine


__all__ = ["Location", "engine_for", "engine_of", "locate"]
