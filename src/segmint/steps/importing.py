"""Import files into a workspace: one file, a batch, or a dry run that stores nothing."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from segmint.exceptions import ImportRejected
from segmint.i18n import translate
from segmint.steps._common import Progress, language

if TYPE_CHECKING:
    from ibis.backends import BaseBackend

    from segmint.ingest import ImportOptions, ImportPreview, ImportResult
    from segmint.ingest.batch import BatchResult
    from segmint.store import Workspace

#: The phases :func:`import_file` reports, as catalogue keys.
PHASES = ("import.reading", "import.checking", "import.storing")


def import_options(
    workspace: Workspace,
    kind: str,
    *,
    mapping: list[str] | None = None,
    on_conflict: str | None = None,
    max_failure_share: float | None = None,
    header: bool | None = None,
    row_ids: bool = False,
    clear_empty: bool = False,
    dayfirst: bool | None = None,
    date_format: str | None = None,
    currency: str | None = None,
    lang: str | None = None,
) -> ImportOptions:
    """The options of one import: the ones given, else the workspace's ``[ingest]`` settings.

    Parameters
    ----------
    kind
        ``customers``, ``orders``, ``lines``, ``items``, ``events``, ``feedback`` or ``costs``.
    mapping
        Column overrides such as ``"Kunden Nr=customer_id"`` (``"header=-"`` skips one).
    on_conflict
        ``"reject"`` or ``"update"``: rows whose id is stored with other values.
    max_failure_share
        Store nothing when more than this share of rows fails in one column.

    Raises
    ------
    ImportRejected
        ``max_failure_share`` outside 0..1, or a mapping naming no field.
    """
    from segmint.ingest import ImportOptions
    from segmint.ingest.fields import KINDS
    from segmint.ingest.mapping import parse_overrides

    lang = language(workspace, lang)
    settings = workspace.settings.ingest
    if dayfirst is None and settings.dayfirst != "auto":
        dayfirst = bool(settings.dayfirst)
    share = settings.max_failure_share if max_failure_share is None else max_failure_share
    if not 0 <= share <= 1:
        raise ImportRejected(translate("import.max_share_range", lang, value=share))
    return ImportOptions(
        overrides=parse_overrides(mapping or [], KINDS[kind], lang=lang),
        dayfirst=dayfirst,
        date_format=date_format,
        time_zone=settings.time_zone,
        anonymous_orders=settings.anonymous_orders,
        on_conflict=on_conflict or settings.on_conflict,
        clear_empty=clear_empty,
        currency=(currency or settings.default_currency).strip().upper(),
        separators=settings.multi_value_separators,
        lang=lang,
        max_failure_share=share,
        header=header,
        row_ids=row_ids,
    )


def import_file(
    workspace: Workspace,
    kind: str,
    path: str | Path,
    *,
    options: ImportOptions | None = None,
    mapping: list[str] | None = None,
    on_conflict: str | None = None,
    lang: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import one file into ``workspace`` and log the import.

    The rows are stored in one transaction: an import that stops leaves the store as
    it was. Rows that cannot be stored go to a reject file in ``rejects/``.

    Parameters
    ----------
    workspace
        The workspace; takes its data store's write lock.
    kind
        What the file holds: ``customers``, ``orders``, ``lines``, ``items``,
        ``events``, ``feedback`` or ``costs``.
    path
        CSV/TSV/text, Excel, Parquet or JSON lines.
    options
        From :func:`import_options`; default: the workspace's settings with
        ``mapping`` and ``on_conflict``.
    progress
        Called with each phase's catalogue key (:data:`PHASES`).

    Returns
    -------
    ImportResult
        Rows read, stored, updated, unchanged and rejected; the mapping; the reject file.

    Raises
    ------
    ImportRejected
        The file cannot be read, a required column is missing, or too many rows fail.
    """
    from segmint.ingest import import_file as store_file
    from segmint.ingest import record_import, remote

    if options is None:
        options = import_options(
            workspace, kind, mapping=mapping, on_conflict=on_conflict, lang=lang
        )
    with workspace.data(write=True) as con:
        store = _routed(workspace, con, store_file, remote.import_file)
        result = store(
            con,
            kind,
            Path(path),
            options=options,
            reject_dir=workspace.folder("rejects"),
            progress=progress,
        )
    record_import(workspace, result)
    return result


def import_batch(
    workspace: Workspace,
    kind: str,
    paths: list[Path],
    *,
    options: ImportOptions | None = None,
    lang: str | None = None,
    progress: Progress | None = None,
) -> BatchResult:
    """Import several files of one kind, one after another, logging each.

    A file that fails is listed in ``BatchResult.failed`` with its reason; the others
    are still imported. ``progress`` is told each file's phases (:data:`PHASES`).
    """
    from segmint.ingest import record_import, remote
    from segmint.ingest.batch import import_files

    if options is None:
        options = import_options(workspace, kind, lang=lang)
    with workspace.data(write=True) as con:
        store = _routed(workspace, con, import_files, remote.import_files)
        batch = store(
            con,
            kind,
            paths,
            options=options,
            reject_dir=workspace.folder("rejects"),
            progress=progress,
        )
    for result in batch.results:
        record_import(workspace, result)
    return batch


def preview_file(
    workspace: Workspace,
    kind: str,
    path: str | Path,
    *,
    options: ImportOptions | None = None,
    lang: str | None = None,
) -> ImportPreview:
    """What importing ``path`` would store, storing nothing (a dry run).

    Returns the column mapping with each column's parse rate, and the first rows as
    they would be stored. Read-only once the data store exists.
    """
    from segmint.ingest import preview_import, remote

    if options is None:
        options = import_options(workspace, kind, lang=lang)
    if not remote.stages_in_place(workspace.data_engine.name):  # a preview reads no stored row
        return remote.preview_file(kind, Path(path), options, **_scratch(workspace))
    with workspace.data(write=not workspace.data_path.exists()) as con:
        return preview_import(con, kind, Path(path), options)


def _routed(
    workspace: Workspace, con: BaseBackend, here: Callable[..., Any], elsewhere: Callable[..., Any]
) -> Callable[..., Any]:
    """``here`` when the importer stores in place (DuckDB), else ``elsewhere`` with its scratch."""
    from segmint.ingest import remote

    if remote.stages_in_place(con.name):
        return here
    return functools.partial(elsewhere, **_scratch(workspace))


def _scratch(workspace: Workspace) -> dict[str, Any]:
    """Where and how an import into a store that is not DuckDB stages (its scratch DuckDB)."""
    from segmint.ingest.remote import STAGING

    settings = workspace.settings
    return {
        "staging": workspace.root / STAGING,
        "threads": settings.threads,
        "memory_limit": settings.memory_limit,
    }


def expand_sources(sources: list[str], *, lang: str = "en") -> list[Path]:
    """The files a list of names, folders and quoted globs (``'exports/*.csv'``) stands for."""
    from segmint.ingest.batch import expand

    return [path for name in sources for path in expand(name, lang=lang)]
