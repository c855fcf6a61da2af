"""Spark: PySpark in local mode (``spark://local[N]``) or a cluster over Spark Connect (``sc://``).

Local mode
    One Spark session per process, started on first use and shared by every
    connection (each gets its own SQL session: its own current database and temporary
    views). Tables are Parquet folders in the workspace, ``spark-warehouse/NAME.db/TABLE``
    (``NAME`` from ``?database=NAME``, default ``segmint``), and persist between processes.

    The catalog is Spark's in-memory one, not Hive's embedded Derby metastore, although
    pyspark's jars hold both. Derby lets one process at a time open the metastore (a CLI
    command could not read while ``segmint serve`` runs), and Hive fixes the warehouse
    folder for the life of the JVM (one process could not open two workspaces, and a
    notebook's or the tests' session could not be reused). Instead each workspace is a
    database whose location is its folder, and the table schemas are kept beside the
    folders in ``_segmint_tables.json`` (updated after every change of a table's shape).
    Opening the store registers each folder as a managed table again, so ``DROP TABLE``
    deletes its files and ``ALTER TABLE ... RENAME`` moves them, as Hive's would.

Spark Connect
    ``sc://host:port`` (``;token=...`` and the other Connect parameters pass through)
    reaches a cluster, Databricks included, with ``SparkSession.builder.remote``. Its
    catalog is the cluster's own; ``?database=NAME`` names the database (created on the
    first write). pyspark 4's pip package can also run a Connect server on this machine
    (``SparkSession.builder.remote("local[2]")``, or the ``SparkConnectPlugin`` in a
    local session), which is how the tests reach it.

What Spark cannot do
    No transactions: :meth:`Spark.transaction` promises nothing, and the writers order
    their statements so a stop between two leaves a readable store. No row deletes or
    updates on Parquet tables: the base class writes the new rows to a staging table,
    which is then swapped in (never ``INSERT OVERWRITE``, which deletes the old files
    before writing the new). No atomic table swap: :meth:`Spark.replace_table` renames
    in three steps, and opening the store finishes or undoes a swap a stop interrupted
    (local mode).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import socket
import tempfile
import threading
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

import ibis
import ibis.backends.pyspark as ibis_pyspark

from segmint.exceptions import DataStoreUnavailable, SettingsError
from segmint.i18n import translate
from segmint.store.backends.base import Engine

if TYPE_CHECKING:
    import ibis.expr.datatypes as dt
    import pyarrow as pa
    from ibis.backends import BaseBackend

    from segmint.store.backends import Location

JAVA_NEEDED = 17
DEFAULT_DATABASE = "segmint"
WAREHOUSE = "spark-warehouse"
TABLES_FILE = "_segmint_tables.json"
_OLD = "_segmint_old_"

# Settings of every SQL session: UTC everywhere, Spark 4's ANSI rules also on 3.5, Arrow
# for pandas and Arrow data (NULL floats stay NULL instead of becoming NaN).
SESSION_CONF = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.ansi.enabled": "true",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}
# Settings fixed when the JVM starts (local mode only).
START_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.catalogImplementation": "in-memory",
    "spark.driver.extraJavaOptions": "-Duser.timezone=UTC",
    "spark.executor.extraJavaOptions": "-Duser.timezone=UTC",
    "spark.sql.shuffle.partitions": "8",
}
_MASTER = re.compile(r"local(\[(\d+|\*)\])?")
_MEMORY = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(i?B)?\s*", re.I)


def _ibis(session: Any, shelf: Shelf | None = None) -> SparkBackend:
    """An Ibis connection on ``session`` (with the PySpark backend's options registered)."""
    if getattr(ibis.options, "pyspark", None) is None:
        SparkBackend.register_options()
    con = SparkBackend().connect(session)
    con._segmint_shelf = shelf
    return con


class SparkBackend(ibis_pyspark.Backend):
    """Ibis's PySpark backend, with segmint's bookkeeping of a local workspace's tables.

    ``disconnect`` leaves the shared Spark session running (Ibis's would stop it), and
    creating, dropping or renaming a table of a local workspace records its schema.
    """

    _segmint_shelf: Shelf | None = None

    def disconnect(self) -> None:
        """Let the connection go; the process's Spark session stays for the next one."""

    def create_table(self, name: str, /, obj: Any = None, **kwargs: Any) -> Any:
        """Create a table; ``temp=True`` and ``overwrite=True`` as Spark can do them safely.

        A temporary table is a temporary view of the rows computed once (a local
        checkpoint): Ibis's PySpark backend has none. Overwriting an existing table
        writes a new one and swaps it in (:meth:`Spark.replace_table`): Spark's own
        overwrite drops the table before it writes the new rows, and refuses a query
        that reads the table it replaces.
        """
        if kwargs.pop("temp", None) and obj is not None:
            expr = obj if isinstance(obj, ibis.Expr) else ibis.memtable(obj)
            self._run_pre_execute_hooks(expr)
            self._session.sql(self.compile(expr)).localCheckpoint().createOrReplaceTempView(name)
            return self.table(name)
        if kwargs.get("overwrite") and obj is not None and name in self.list_tables():
            stage = f"_segmint_new_{uuid.uuid4().hex}"
            self.create_table(stage, obj, **{**kwargs, "overwrite": False})
            ENGINE.replace_table(self, name, stage)
            return self.table(name)
        table = super().create_table(name, obj, **kwargs)
        if self._segmint_shelf is not None:
            self._segmint_shelf.record(self, changed=[name])
        return table

    def list_tables(self, *args: Any, **kwargs: Any) -> list[str]:
        """The tables, without the temporary views Ibis makes for in-memory data."""
        # SHOW TABLES rather than catalog.listTables(), which fails to decode its rows
        # (EXPRESSION_DECODING_FAILED) once the session has held some other connections' views.
        shown = self._session.sql("SHOW TABLES").collect()
        temporary = {row.tableName for row in shown if row.isTemporary}
        return [name for name in super().list_tables(*args, **kwargs) if name not in temporary]

    def drop_table(self, name: str, /, **kwargs: Any) -> None:
        super().drop_table(name, **kwargs)
        if self._segmint_shelf is not None:
            self._segmint_shelf.record(self, dropped=[name])

    def rename_table(self, old_name: str, new_name: str) -> None:
        super().rename_table(old_name, new_name)
        if self._segmint_shelf is not None:
            self._segmint_shelf.record(self, changed=[new_name], dropped=[old_name])


class Shelf:
    """A local workspace's Spark database: its folder, and the schemas of its tables."""

    def __init__(self, folder: Path, database: str) -> None:
        self.folder = folder
        self.database = database

    @property
    def file(self) -> Path:
        """The schemas of the tables, by name."""
        return self.folder / TABLES_FILE

    @contextlib.contextmanager
    def _locked(self) -> Any:
        """Hold the folder's lock file (two processes may change tables at once)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with (self.folder / "_segmint.lock").open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def read(self) -> dict[str, str]:
        """Table name -> Spark schema JSON, as last recorded."""
        try:
            saved: dict[str, str] = json.loads(self.file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return saved

    def record(
        self, con: SparkBackend, *, changed: Sequence[str] = (), dropped: Sequence[str] = ()
    ) -> None:
        """Write down the schemas of ``changed`` tables and forget ``dropped`` ones."""
        session = con._session
        with self._locked():
            tables = self.read()
            for name in dropped:
                tables.pop(name, None)
            for name in changed:
                tables[name] = session.table(f"`{self.database}`.`{name}`").schema.json()
            part = self.file.with_name(f".{TABLES_FILE}.{uuid.uuid4().hex}")
            part.write_text(json.dumps(tables, indent=1, sort_keys=True), encoding="utf-8")
            os.replace(part, self.file)

    def register(self, session: Any) -> None:
        """Make the catalog of this process hold the tables the folder holds now.

        Tables recorded but not registered are registered as managed tables; tables
        registered but gone from the record are dropped from the catalog; the rest are
        refreshed (another process may have rewritten them). A table swap a stop
        interrupted (:meth:`Spark.replace_table`) is finished or undone.
        """
        from pyspark.sql.types import StructType

        with self._locked():
            tables = self.read()
            present = {
                t.name: t for t in session.catalog.listTables(self.database) if not t.isTemporary
            }
            for name in set(present) - set(tables):
                _drop_from_catalog(session, self.database, name)
            for name, schema_json in tables.items():
                if name in present:
                    registered = session.table(f"`{self.database}`.`{name}`").schema.json()
                    if registered == schema_json:
                        session.catalog.refreshTable(f"`{self.database}`.`{name}`")
                        continue
                    _drop_from_catalog(session, self.database, name)
                path = self.folder / name
                path.mkdir(exist_ok=True)
                session.catalog.createTable(
                    f"`{self.database}`.`{name}`",
                    path=str(path),
                    source="parquet",
                    schema=StructType.fromJson(json.loads(schema_json)),
                )
                _make_managed(session, self.database, name)
        self._finish_swaps(session, tables)

    def _finish_swaps(self, session: Any, tables: dict[str, str]) -> None:
        """Undo a swap stopped before its new table took the name, or drop what it left."""
        for name in tables:
            if not name.startswith(_OLD):
                continue
            target = name.removeprefix(_OLD)
            con = _ibis(session, self)
            if target in tables:
                con.drop_table(name)
            else:
                con.rename_table(name, target)


def _ident(session: Any, database: str, name: str) -> Any:
    jvm = session._jvm
    return jvm.org.apache.spark.sql.catalyst.TableIdentifier.apply(name, jvm.scala.Some(database))


def _drop_from_catalog(session: Any, database: str, name: str) -> None:
    """Forget a table in this process's catalog, keeping its files."""
    catalog = session._jsparkSession.sessionState().catalog()
    ident = _ident(session, database, name)
    table = catalog.getTableMetadata(ident)
    if table.tableType().name() == "MANAGED":
        # A managed table's drop deletes its folder; the files belong to the workspace.
        table = _with_type(session, table, "EXTERNAL")
        catalog.alterTable(table)
    catalog.dropTable(ident, True, False)


def _make_managed(session: Any, database: str, name: str) -> None:
    """Turn an external table over the workspace's folder into a managed one.

    Spark SQL can only register existing files as an external table, whose drop keeps
    the files; segmint's tables are managed (drop deletes, rename moves). The session
    catalog takes the same definition with the other table type.
    """
    catalog = session._jsparkSession.sessionState().catalog()
    ident = _ident(session, database, name)
    table = _with_type(session, catalog.getTableMetadata(ident), "MANAGED")
    catalog.dropTable(ident, False, False)  # external: the files stay
    catalog.createTable(table, False, False)


def _with_type(session: Any, table: Any, kind: str) -> Any:
    """A copy of a ``CatalogTable`` with another table type (Scala's ``copy`` via py4j)."""
    count = sum(1 for m in table.getClass().getMethods() if m.getName().startswith("copy$default$"))
    args = [getattr(table, f"copy$default${i}")() for i in range(1, count + 1)]
    types = session._jvm.org.apache.spark.sql.catalyst.catalog.CatalogTableType
    args[1] = getattr(types, kind)()
    return table.copy(*args)


class _LocalSpark:
    """The process's one local-mode Spark session, started on first use."""

    def __init__(self) -> None:
        self.session: Any = None
        self.lock = threading.Lock()

    def get(self, master: str, memory: str | None, warehouse: Path) -> Any:
        with self.lock:
            if self.session is not None and self.session.sparkContext._jsc is not None:
                return self.session
            from pyspark import SparkContext
            from pyspark.sql import SparkSession

            if SparkContext._active_spark_context is not None:
                # A notebook's or the tests' own local session: segmint's tables live in
                # their own databases, so it serves as well as one started here.
                self.session = SparkSession.builder.getOrCreate()
                return self.session
            builder = SparkSession.builder.master(master).appName("segmint")
            conf = {**START_CONF, **SESSION_CONF, "spark.sql.warehouse.dir": str(warehouse)}
            if memory:
                conf["spark.driver.memory"] = memory
            for key, value in conf.items():
                builder = builder.config(key, value)
            self.session = builder.getOrCreate()
            self.session.sparkContext.setLogLevel("ERROR")
            return self.session

    def stop(self) -> None:
        with self.lock:
            if self.session is not None and self.session.sparkContext._jsc is not None:
                self.session.stop()
            self.session = None


_LOCAL = _LocalSpark()
_REMOTE: dict[str, Any] = {}


def stop() -> None:
    """Stop this process's local Spark session and forget Spark Connect sessions."""
    _LOCAL.stop()
    for session in _REMOTE.values():
        with contextlib.suppress(Exception):
            session.stop()
    _REMOTE.clear()


class Spark(Engine):
    """PySpark, local or over Spark Connect."""

    name: ClassVar[str] = "pyspark"
    single_writer: ClassVar[bool] = False

    def connect(
        self,
        location: Location,
        *,
        read_only: bool,
        timeout: float,
        threads: int | None = None,
        memory_limit: str | None = None,
        lang: str = "en",
    ) -> BaseBackend:
        """Open the Spark store; the first local connection of a process starts Spark."""
        try:
            import pyspark  # noqa: F401
        except ImportError as exc:
            raise DataStoreUnavailable(
                translate("spark.no_pyspark", lang, url=location.redacted)
            ) from exc
        database = location.options.get("database", DEFAULT_DATABASE)
        if location.scheme == "sc":
            session = _remote(location, timeout, lang)
            con = _ibis(session)
            if not read_only:
                session.sql(f"CREATE DATABASE IF NOT EXISTS `{database}`")
            if read_only and not session.catalog.databaseExists(database):
                return con  # nothing written yet: the current database, empty of segmint
            session.catalog.setCurrentDatabase(database)
            return con
        master = _master(location, threads, lang)
        warehouse = location.root / WAREHOUSE
        session = _local(location, master, memory_limit, warehouse, lang).newSession()
        for key, value in SESSION_CONF.items():
            session.conf.set(key, value)
        folder = warehouse / f"{database}.db"
        shelf = Shelf(folder, _catalog_database(session, database, folder))
        session.catalog.setCurrentDatabase(shelf.database)
        shelf.register(session)
        return _ibis(session, shelf)

    # --- attach ---
    def views(self, con: BaseBackend) -> set[str] | None:
        """The views of the current database; None in local mode (nothing attachable).

        A local session made outside segmint (a notebook's, the tests') is local mode too.

        Local mode's in-memory catalog would forget a view when the process ends (the
        workspace's folder records tables only), so ``segmint attach`` is refused there;
        over Spark Connect the cluster's catalog keeps views.
        """
        session = con._session
        if getattr(con, "_segmint_shelf", None) is not None or not _is_remote(session):
            return None
        listed = session.catalog.listTables(session.catalog.currentDatabase())
        return {t.name for t in listed if t.tableType == "VIEW" and not t.isTemporary}

    # --- end attach ---

    def describe(self, location: Location) -> str:
        if location.scheme == "spark":
            database = location.options.get("database", DEFAULT_DATABASE)
            return f"{location.redacted} ({location.root / WAREHOUSE / database}.db)"
        return location.redacted

    def append(self, con: BaseBackend, table: str, rows: pa.Table) -> None:
        """Add ``rows`` to ``table``: through a Parquet file locally, as Arrow over Connect.

        Locally a Parquet file read by Spark beat ``createDataFrame`` on the Arrow table
        (1M order rows: 5.9 s against 9.1 s, 200k: 3.6 s against 4.1 s, warm, on a busy
        2-core machine) and keeps the rows out of the driver's heap. A Connect server
        cannot read the client's files, so there the rows go as Arrow batches.
        """
        session = con._session
        columns = session.table(table).columns
        if _is_remote(session):
            frame = session.createDataFrame(rows.select(columns))
            frame.write.insertInto(table)
            return
        import pyarrow.parquet as pq

        folder = Path(tempfile.mkdtemp(prefix="segmint-append-"))
        try:
            pq.write_table(rows.select(columns), folder / "rows.parquet")
            session.read.parquet(str(folder)).select(*columns).write.insertInto(table)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def add_column(self, con: BaseBackend, table: str, column: str, dtype: dt.DataType) -> None:
        super().add_column(con, table, column, dtype)
        shelf = getattr(con, "_segmint_shelf", None)
        if shelf is not None:
            shelf.record(con, changed=[table])

    def rewrite_from(self, con: BaseBackend, table: str, stage: str) -> None:
        """Swap the stage in: Spark's INSERT OVERWRITE deletes the old files before it writes."""
        self.replace_table(con, table, stage)

    def replace_table(self, con: BaseBackend, name: str, new: str) -> None:
        """Swap ``new`` in for ``name`` by renames (folder moves locally), never by copy.

        ``name`` is first renamed aside, then ``new`` takes the name, then the old table
        is dropped. A stop between the steps leaves either the old table under its
        aside name (opening the store renames it back) or both tables (opening drops
        the old one): never a half-written table.
        """
        if name not in con.list_tables():
            con.rename_table(new, name)
            return
        aside = f"{_OLD}{name}"
        if aside in con.list_tables():
            con.drop_table(aside)
        con.rename_table(name, aside)
        con.rename_table(new, name)
        con.drop_table(aside)


def _master(location: Location, threads: int | None, lang: str) -> str:
    """``local[N]`` from the URL; ``threads`` picks N for a plain ``spark://local``."""
    rest = location.url.split("://", 1)[1].split("?", 1)[0].strip("/")
    found = _MASTER.fullmatch(rest)
    if found is None:
        raise SettingsError(translate("spark.bad_master", lang, url=location.url))
    if found.group(2):
        return f"local[{found.group(2)}]"
    return f"local[{threads}]" if threads else "local[*]"


def _driver_memory(limit: str | None) -> str | None:
    """The ``memory_limit`` setting (``8GB``, ``512MiB``) as Spark's driver memory (``8192m``)."""
    if not limit:
        return None
    found = _MEMORY.fullmatch(limit)
    if found is None:
        return None
    power = {"": 0, "K": 1, "M": 2, "G": 3, "T": 4}[found.group(2).upper()]
    megabytes = float(found.group(1)) * 1024 ** (power - 2)
    return f"{max(int(megabytes), 256)}m"


def _local(
    location: Location, master: str, memory_limit: str | None, warehouse: Path, lang: str
) -> Any:
    """The process's local Spark session, started (with its checks) if need be."""
    if _LOCAL.session is not None and _LOCAL.session.sparkContext._jsc is not None:
        return _LOCAL.session
    java = find_java()
    if java is None:
        raise DataStoreUnavailable(
            translate("spark.no_java", lang, url=location.redacted, java=JAVA_NEEDED, found="")
        )
    version = java_major(java)
    if version is not None and version < JAVA_NEEDED:
        raise DataStoreUnavailable(
            translate(
                "spark.no_java",
                lang,
                url=location.redacted,
                java=JAVA_NEEDED,
                found=f" (Java {version} at {java})",
            )
        )
    try:
        return _LOCAL.get(master, _driver_memory(memory_limit), warehouse)
    except Exception as exc:  # PySparkRuntimeError: the JVM did not start
        raise DataStoreUnavailable(
            translate("spark.start_failed", lang, url=location.redacted, reason=exc)
        ) from exc


def _catalog_database(session: Any, name: str, folder: Path) -> str:
    """The database of this process's catalog whose location is ``folder``, made if need be.

    Two workspaces opened by one process may both name their database ``segmint``: the
    second gets a suffix in the catalog (its folder keeps the name).
    """
    candidates = [name, f"{name}_{hashlib.sha1(str(folder).encode()).hexdigest()[:8]}"]
    for candidate in candidates:
        if not session.catalog.databaseExists(candidate):
            session.sql(f"CREATE DATABASE `{candidate}` LOCATION '{folder.as_uri()}'")
            return candidate
        uri = session.catalog.getDatabase(candidate).locationUri
        if uri.rstrip("/") in {folder.as_uri().rstrip("/"), f"file:{folder}"}:
            return candidate
    raise DataStoreUnavailable(f"no free Spark database name for {folder}")


def _remote(location: Location, timeout: float, lang: str) -> Any:
    """A Spark Connect session for ``location`` (one per URL and process)."""
    url = location.url.split("?", 1)[0]
    if url in _REMOTE:
        return _REMOTE[url]
    parts = urlsplit(url.split(";", 1)[0])
    host, port = parts.hostname or "localhost", parts.port or 15002
    try:  # Connect's client retries for minutes; a closed port is told at once
        socket.create_connection((host, port), timeout=max(timeout, 1.0)).close()
    except OSError as exc:
        raise DataStoreUnavailable(
            translate(
                "spark.connect_unreachable",
                lang,
                url=location.redacted,
                host=host,
                port=port,
                reason=exc.strerror or exc,
            )
        ) from exc
    # Connect's own builder: pyspark's generic one marks the whole process as Connect-only
    # (SPARK_CONNECT_MODE_ENABLED), which would break a local session in the same process.
    from pyspark.sql.connect.session import SparkSession as RemoteSession

    session = RemoteSession.builder.remote(url).create()
    for key, value in SESSION_CONF.items():
        with contextlib.suppress(Exception):  # a managed cluster may refuse some
            session.conf.set(key, value)
    _REMOTE[url] = session
    return session


def _is_remote(session: Any) -> bool:
    return type(session).__module__.startswith("pyspark.sql.connect")


def find_java() -> str | None:
    """The ``java`` Spark would start: ``$JAVA_HOME/bin/java``, else the one on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and Path(home, "bin", "java").is_file():
        return str(Path(home, "bin", "java"))
    return shutil.which("java")


def java_major(java: str) -> int | None:
    """The major version of the Java runtime at ``java`` (``1.8.0_402`` is 8), or None."""
    import subprocess

    try:
        done = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if found is None:
        return None
    major, minor = int(found.group(1)), int(found.group(2) or 0)
    return minor if major == 1 else major


ENGINE = Spark()
