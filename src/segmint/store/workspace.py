"""The workspace: a folder holding settings, the two stores and the files segmint writes.

::

    my-shop/
        segmint.toml      settings (env vars SEGMINT_* override)
        data.duckdb       customer data (Ibis; DuckDB by default, or the data_url setting)
        app.sqlite        app metadata (SQLAlchemy + Alembic)
        rejects/          rows an import could not store, with line, column and reason
        exports/  reports/
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ibis.backends import BaseBackend
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from segmint.exceptions import SettingsError, WorkspaceExists, WorkspaceNotFound
from segmint.i18n import translate
from segmint.settings import DEFAULT_TOML, SETTINGS_FILE, Settings
from segmint.store import data, metadata, revisions
from segmint.store.backends import Location, engine_for, locate
from segmint.store.backends.base import Engine as DataEngine

APP_FILE = "app.sqlite"
FOLDERS = ("rejects", "exports", "reports")


@dataclass
class Workspace:
    """An opened workspace folder. Build with :meth:`create` or :meth:`open`."""

    root: Path
    settings: Settings
    _engine: Engine | None = field(default=None, repr=False)

    @classmethod
    def create(
        cls, root: Path | str, *, lang: str = "en", data_url: str | None = None
    ) -> Workspace:
        """Make a new workspace folder with default settings and empty stores.

        ``data_url`` puts the customer data in another store (:mod:`segmint.store.backends`)
        and is written to ``segmint.toml``; a URL holding a password is refused, since the
        file is no place for one (give it in the environment instead).
        """
        root = Path(root).resolve()
        if (root / SETTINGS_FILE).exists():
            raise WorkspaceExists(translate("workspace.exists", lang, path=root))
        settings = DEFAULT_TOML
        if data_url:
            location = locate(data_url, root, lang=lang)
            if location.redacted != location.url:
                raise SettingsError(translate("store.password_in_file", lang))
            commented = next(line for line in settings.splitlines() if "# data_url" in line)
            settings = settings.replace(commented, f"data_url = {json.dumps(data_url)}")
        made = [p for p in (root, *(root / f for f in FOLDERS)) if not p.exists()]
        root.mkdir(parents=True, exist_ok=True)
        for folder in FOLDERS:
            (root / folder).mkdir(exist_ok=True)
        (root / SETTINGS_FILE).write_text(settings, encoding="utf-8")
        workspace = cls(root, Settings.load(root, lang=lang))
        try:
            with workspace.data(write=True):
                pass
        except BaseException:
            # An unreachable store leaves no half-made workspace behind: init can be rerun.
            (root / SETTINGS_FILE).unlink()
            for path in reversed(made):
                path.rmdir()
            raise
        workspace.engine  # noqa: B018 - creating the engine runs the migrations
        return workspace

    @classmethod
    def open(cls, root: Path | str, *, lang: str = "en") -> Workspace:
        """Open an existing workspace folder."""
        root = Path(root).resolve()
        if not (root / SETTINGS_FILE).exists():
            raise WorkspaceNotFound(translate("workspace.not_found", lang, path=root))
        return cls(root, Settings.load(root, lang=lang))

    @property
    def lang(self) -> str:
        """Language of messages, from the settings."""
        return self.settings.display.language

    @property
    def data_location(self) -> Location:
        """Where the customer data lives: the ``data_url`` setting, parsed."""
        return locate(self.settings.data_url, self.root, lang=self.lang)

    @property
    def data_engine(self) -> DataEngine:
        """The engine module of the data store (:mod:`segmint.store.backends`)."""
        return engine_for(self.data_location)

    @property
    def data_path(self) -> Path:
        """The DuckDB file, for a workspace whose data is in DuckDB."""
        return self.data_location.path

    def folder(self, name: str) -> Path:
        """One of the workspace's output folders, created on demand."""
        path = self.root / name
        path.mkdir(exist_ok=True)
        return path

    @contextmanager
    def data(self, *, write: bool = False) -> Iterator[BaseBackend]:
        """The data store's Ibis connection for a ``with`` block.

        ``write=True`` takes the single writer's lock (and creates missing tables);
        reads open the file read-only, so several readers can share it.
        """
        with data.opened(
            self.data_location,
            read_only=not write,
            timeout=self.settings.lock_timeout_seconds,
            threads=self.settings.threads,
            memory_limit=self.settings.memory_limit,
            lang=self.lang,
        ) as con:
            if write:
                data.ensure_tables(con)
            yield con

    @property
    def engine(self) -> Engine:
        """The metadata store's engine, migrated to the newest schema on first use."""
        if self._engine is None:
            url = self.settings.app_db_url or f"sqlite:///{self.root / APP_FILE}"
            self._engine = metadata.make_engine(url)
            if not revisions.is_current(self._engine, metadata.MIGRATIONS / "versions"):
                metadata.migrate(self._engine)
        return self._engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A metadata session that commits at the end of the block or rolls back."""
        factory = metadata.session_factory(self.engine)
        with factory() as session, session.begin():
            yield session

    def close(self) -> None:
        """Release the metadata engine's connections."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def describe(self) -> dict[str, Any]:
        """Where each part of the workspace lives, for ``status``."""
        return {
            "root": str(self.root),
            "data": self.data_engine.describe(self.data_location),
            "app": self.settings.app_db_url or str(self.root / APP_FILE),
        }
