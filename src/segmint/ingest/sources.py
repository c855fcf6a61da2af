"""Reading a file into a staging table of text columns, keeping every record's line number.

Staging always runs in DuckDB (the embedded engine), whatever store the rows end in:
the file is scanned in parallel by DuckDB's CSV reader, never loaded whole into pandas.
Records the reader cannot split into the header's columns are not dropped: they are
returned as :class:`StructuralReject` with their line and raw text.

Line numbers count physical lines with the header as line 1; a quoted field that spans
lines makes its record start at the line given.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import duckdb
import numpy as np
import pyarrow as pa
from charset_normalizer import from_bytes

from segmint.exceptions import ImportRejected
from segmint.i18n import translate
from segmint.ingest.sniff import WHITESPACE, headers_of, sniff_delimiter, unique
from segmint.store.data import quote

STAGE = "_segmint_stage"
RAW = "_segmint_raw"
_CSV_SUFFIXES = {".csv", ".tsv", ".txt", ".tab"}
_SAMPLE_BYTES = 1 << 20
_SNIFF_LINES = 20


@dataclass(frozen=True)
class StructuralReject:
    """A record the reader could not split into the header's columns.

    ``code`` names the problem for the message catalogue (``structure.CODE``):
    ``missing_columns``, ``too_many_columns``, ``quote``, ``line_too_long``,
    ``encoding``, ``json`` or ``not_object``; ``other`` keeps the reader's own words
    in ``reason``.
    """

    line: int
    column: str
    reason: str
    raw: str
    code: str = "other"
    found: int | None = None


# DuckDB's CSV error types, as message codes.
_DUCKDB_ERRORS = {
    "MISSING COLUMNS": "missing_columns",
    "TOO MANY COLUMNS": "too_many_columns",
    "UNQUOTED VALUE": "quote",
    "LINE SIZE OVER MAXIMUM": "line_too_long",
    "INVALID UNICODE": "encoding",
}


@dataclass
class Staged:
    """A file staged in DuckDB: relation ``STAGE`` with the file's headers and ``_line``."""

    headers: list[str]
    rows: int
    rejects: list[StructuralReject] = field(default_factory=list)
    encoding: str = "utf-8"
    delimiter: str | None = None
    first_line: int = 2  # the line of the first record: 1 when the file has no header

    @property
    def read(self) -> int:
        """Records read: staged rows plus structurally rejected records."""
        return self.rows + len(self.rejects)


def file_format(path: Path, *, lang: str = "en") -> str:
    """``csv``, ``excel``, ``parquet`` or ``jsonl``, from the file name."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in {".gz", ".gzip"}:
        suffixes = suffixes[:-1]
    last = suffixes[-1] if suffixes else ""
    if last in _CSV_SUFFIXES:
        return "csv"
    if last in {".xlsx", ".xlsm"}:
        return "excel"
    if last in {".parquet", ".pq"}:
        return "parquet"
    if last in {".jsonl", ".ndjson", ".json"}:
        return "jsonl"
    raise ImportRejected(translate("import.unknown_format", lang, path=path))


def _open_binary(path: Path) -> IO[bytes]:
    if path.suffix.lower() in {".gz", ".gzip"}:
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def detect_encoding(sample: bytes) -> str:
    """The text encoding of a file's first bytes: UTF-8 when it decodes, else the best guess."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    cut = sample.rfind(b"\n")
    try:
        sample[: cut if cut > 0 else len(sample)].decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(sample).best()
        return best.encoding if best is not None else "cp1256"
    return "utf-8"


def _first_lines(path: Path, encoding: str, count: int = _SNIFF_LINES) -> list[str]:
    """The first ``count`` non-blank lines of a text file."""
    found: list[str] = []
    with _open_binary(path) as raw, io.TextIOWrapper(raw, encoding=encoding, newline="") as text:
        for line in text:
            if line.strip():
                found.append(line.rstrip("\r\n"))
                if len(found) == count:
                    break
    return found


def _transcode(path: Path, encoding: str, workdir: Path) -> Path:
    target = workdir / (path.stem + ".utf8.csv")
    with (
        _open_binary(path) as raw,
        io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="") as src,
        target.open("w", encoding="utf-8", newline="") as dst,
    ):
        while chunk := src.read(1 << 22):
            dst.write(chunk)
    return target


def _fields_in(raw: str | None, delimiter: str | None) -> int | None:
    """How many cells a rejected CSV line holds, as Python's reader splits it."""
    if not raw:
        return None
    return len(next(csv.reader([raw.rstrip("\r\n")], delimiter=delimiter or ","), []))


def _lines_consumed(raw: str) -> int:
    return raw.rstrip("\r\n").count("\n") + 1


def _stage_csv(
    con: duckdb.DuckDBPyConnection, path: Path, workdir: Path, header: bool | None
) -> Staged:
    with _open_binary(path) as raw:
        sample = raw.read(_SAMPLE_BYTES)
    encoding = detect_encoding(sample)
    source = path
    if encoding not in {"utf-8", "ascii"}:
        source = _transcode(path, encoding, workdir)
    first_lines = _first_lines(source, "utf-8-sig")
    delimiter = sniff_delimiter(first_lines, path)
    headers, has_header = headers_of(first_lines, delimiter, header)
    if delimiter == WHITESPACE:
        if source.suffix.lower() in {".gz", ".gzip"}:
            source = _transcode(path, encoding, workdir)  # DuckDB's read_text does not gunzip
        return _stage_aligned(con, source, headers, has_header, encoding)
    lines, blank = _physical_lines(source)
    if blank or not headers:
        # Blank lines: DuckDB's record order cannot be tied to lines, so Python's
        # reader, which knows each record's first line, stages the file.
        return _stage_csv_exactly(con, source, headers, delimiter, encoding, has_header)
    drop_stage(con)
    con.execute("DROP TABLE IF EXISTS _segmint_rejects; DROP TABLE IF EXISTS _segmint_scans")
    columns = {h: "VARCHAR" for h in headers}
    # The records are copied as they are, so their row ids follow the file: a query
    # that computes anything while reading is not bound to keep the file's order.
    try:
        con.execute(
            f"""
            CREATE TEMP TABLE {RAW} AS
            SELECT * FROM read_csv(
                ?, columns = ?, header = ?, auto_detect = false, delim = ?, quote = '"',
                escape = '"', comment = '', skip = 0, null_padding = false,
                store_rejects = true, rejects_table = '_segmint_rejects',
                rejects_scan = '_segmint_scans', max_line_size = 16777216
            )
            """,
            [str(source), columns, has_header, delimiter],
        )
        rows = con.execute(f"SELECT count(*) FROM {RAW}").fetchone()[0]  # type: ignore[index]
        staged = Staged(headers, int(rows), [], encoding, delimiter, 2 if has_header else 1)
        settled = _settle(con, staged, lines)
    except duckdb.Error:
        # A file DuckDB's strict reader cannot walk (a stray carriage return inside
        # quotes, say) is read by Python's tolerant reader instead.
        settled = None
    return settled or _stage_csv_exactly(con, source, headers, delimiter, encoding, has_header)


def _stage_aligned(
    con: duckdb.DuckDBPyConnection, path: Path, headers: list[str], has_header: bool, encoding: str
) -> Staged:
    """Stage a file whose cells are separated by runs of blanks (column-aligned text).

    DuckDB's CSV reader takes one delimiter character, so the engine reads the text
    as lines and splits each on its runs of blanks; a line with another count of
    cells is a structural reject. Such files have no quoting.
    """
    drop_stage(con)
    first = 2 if has_header else 1
    width = len(headers)
    blanks = "' ' || chr(9) || chr(13) || chr(65279)"  # and a byte-order mark
    con.execute(
        f"""CREATE TEMP TABLE _segmint_aligned AS
            SELECT n AS _line, line,
                   string_split_regex(trim(line, {blanks}), '[ \t]+') AS cells
            FROM (
                SELECT generate_subscripts(arr, 1) AS n, unnest(arr) AS line
                FROM (SELECT string_split(content, chr(10)) AS arr FROM read_text(?))
            )
            WHERE trim(line, {blanks}) <> ''""",
        [str(path)],
    )
    # The header line (the first non-blank one) is not a record.
    if has_header:
        con.execute(
            "DELETE FROM _segmint_aligned WHERE _line = (SELECT min(_line) FROM _segmint_aligned)"
        )
    cells = ", ".join(f"cells[{i + 1}] AS {quote(h)}" for i, h in enumerate(headers))
    con.execute(
        f"""CREATE TEMP TABLE {RAW} AS
            SELECT {cells}, _line FROM _segmint_aligned WHERE len(cells) = {width}
            ORDER BY _line"""
    )
    con.execute(f"CREATE TEMP VIEW {STAGE} AS SELECT * FROM {RAW}")
    found = con.execute(
        f"""SELECT _line, len(cells), line FROM _segmint_aligned
            WHERE len(cells) <> {width} ORDER BY _line"""
    ).fetchall()
    con.execute("DROP TABLE _segmint_aligned")
    rejects = [
        StructuralReject(
            int(line),
            headers[min(found_cells, width) - 1] if found_cells < width else headers[-1],
            f"{'missing' if found_cells < width else 'too many'} columns: "
            f"expected {width} columns, found {found_cells}",
            raw.rstrip("\r"),
            "missing_columns" if found_cells < width else "too_many_columns",
            int(found_cells),
        )
        for line, found_cells, raw in found
    ]
    rows = con.execute(f"SELECT count(*) FROM {RAW}").fetchone()[0]  # type: ignore[index]
    return Staged(headers, int(rows), rejects, encoding, WHITESPACE, first)


def _settle(con: duckdb.DuckDBPyConnection, staged: Staged, lines: int) -> Staged | None:
    """The copied file's rejects, and ``STAGE`` with exact line numbers.

    ``lines`` is the file's count of physical lines. None when the records cannot be
    tied to lines (line breaks inside quoted cells).
    """
    found = con.execute(
        """SELECT line, column_name, error_type, error_message, csv_line
           FROM _segmint_rejects ORDER BY line"""
    ).fetchall()
    rejects: dict[int, StructuralReject] = {}
    for line, column, kind, message, raw_line in found:
        if line not in rejects:
            reason = f"{kind.lower()}: {message}" if kind else message
            code = _DUCKDB_ERRORS.get((kind or "").upper(), "other")
            cells = _fields_in(raw_line, staged.delimiter)
            rejects[line] = StructuralReject(
                int(line), column or "", reason, raw_line or "", code, cells
            )
    ordered = sorted(rejects.values(), key=lambda r: r.line)
    # Good row i (0-based) sits below every reject that has at most i good rows above it;
    # its line is i + first plus the lines those rejects took. Rejects in a row share a mark.
    first = staged.first_line
    shifts: dict[int, int] = {}
    consumed_before = 0
    for reject in ordered:
        consumed = _lines_consumed(reject.raw)
        shifts[reject.line - first - consumed_before] = consumed_before + consumed
        consumed_before += consumed
    if consumed_before != len(ordered) or lines != first - 1 + staged.rows + len(ordered):
        return None
    marks = sorted(shifts.items())
    if marks:
        con.execute("CREATE OR REPLACE TEMP TABLE _segmint_marks (pos BIGINT, shift BIGINT)")
        con.executemany("INSERT INTO _segmint_marks VALUES (?, ?)", marks)
        con.execute(
            f"""CREATE OR REPLACE TEMP VIEW {STAGE} AS
                SELECT r.* EXCLUDE (rowid), r.rowid + {first} + coalesce(m.shift, 0) AS _line
                FROM (SELECT *, rowid FROM {RAW}) r
                ASOF LEFT JOIN _segmint_marks m ON r.rowid >= m.pos"""
        )
    else:
        # A view: the staged rows are read straight from the copy, not copied again.
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {STAGE} AS SELECT *, rowid + {first} AS _line FROM {RAW}"
        )
    staged.rejects = ordered
    return staged


def _physical_lines(path: Path) -> tuple[int, bool]:
    """Lines in a text file (a last line without a break counts), and whether any is blank."""
    lines, blank, tail = 0, False, b"\n"  # as if the file followed a line break
    with _open_binary(path) as raw:
        while chunk := raw.read(1 << 24):
            window = np.frombuffer(chunk, dtype=np.uint8)
            breaks = np.flatnonzero(window == 10)
            lines += len(breaks)
            if not blank:
                # Inside the chunk a blank line is two breaks one apart, or two apart
                # with a carriage return between; across the edge, the bytes say.
                gap = np.diff(breaks)
                crlf = breaks[1:][gap == 2] - 1
                edge = tail[-2:] + chunk[:2]
                blank = (
                    bool((gap == 1).any())
                    or bool((window[crlf] == 13).any())
                    or b"\n\n" in edge
                    or b"\n\r\n" in edge
                )
            tail = chunk[-2:] if len(chunk) >= 2 else tail[-1:] + chunk
    return lines + (tail[-1:] != b"\n"), blank


def _stage_csv_exactly(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    headers: list[str],
    delimiter: str,
    encoding: str,
    has_header: bool = True,
) -> Staged:
    """Stage a CSV with Python's reader, which knows each record's first line."""
    rejects: list[StructuralReject] = []

    def records() -> Iterator[tuple[int, list[Any]]]:
        with (
            _open_binary(path) as raw,
            io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text,
        ):
            reader = csv.reader(text, delimiter=delimiter, strict=False)
            if has_header:
                next(reader, None)
            start = reader.line_num + 1
            for fields in reader:
                first, start = start, reader.line_num + 1
                if not fields or fields == [""]:
                    continue
                if len(fields) != len(headers):
                    fewer = len(fields) < len(headers)
                    problem = "missing columns" if fewer else "too many columns"
                    rejects.append(
                        StructuralReject(
                            first,
                            headers[min(len(fields), len(headers) - 1)],
                            f"{problem}: expected {len(headers)} columns, found {len(fields)}",
                            delimiter.join(fields),
                            "missing_columns" if fewer else "too_many_columns",
                            len(fields),
                        )
                    )
                    continue
                yield first, fields

    count = _stage_batches(con, headers, records())
    return Staged(headers, count, rejects, encoding, delimiter, 2 if has_header else 1)


def _excel_rows(path: Path) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def _cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _stage_batches(
    con: duckdb.DuckDBPyConnection, headers: list[str], rows: Iterator[tuple[int, list[Any]]]
) -> int:
    """Stage (line, values) rows as text columns, in batches."""
    drop_stage(con)
    cols = ", ".join(f'"{h.replace(chr(34), chr(34) * 2)}" VARCHAR' for h in headers)
    con.execute(f"CREATE TEMP TABLE {RAW} ({cols}{', ' if cols else ''}_line BIGINT)")
    con.execute(f"CREATE TEMP VIEW {STAGE} AS SELECT * FROM {RAW}")
    total = 0
    batch: list[list[Any]] = [[] for _ in range(len(headers) + 1)]
    for line, values in rows:
        for index in range(len(headers)):
            batch[index].append(_cell_text(values[index]) if index < len(values) else None)
        batch[-1].append(line)
        if len(batch[-1]) >= 100_000:
            total += _flush(con, headers, batch)
            batch = [[] for _ in range(len(headers) + 1)]
    total += _flush(con, headers, batch)
    return total


def _flush(con: duckdb.DuckDBPyConnection, headers: list[str], batch: list[list[Any]]) -> int:
    if not batch[-1]:
        return 0
    arrays = [pa.array(column, type=pa.string()) for column in batch[:-1]]
    arrays.append(pa.array(batch[-1], type=pa.int64()))
    table = pa.Table.from_arrays(arrays, names=[f"c{i}" for i in range(len(arrays))])
    con.register("_segmint_batch", table)
    con.execute(f"INSERT INTO {RAW} SELECT * FROM _segmint_batch")
    con.unregister("_segmint_batch")
    return len(batch[-1])


def _stage_excel(con: duckdb.DuckDBPyConnection, path: Path) -> Staged:
    rows = _excel_rows(path)
    header_row = next(rows, [])
    while header_row and header_row[-1] is None:
        header_row.pop()
    headers = unique([_cell_text(h) or "" for h in header_row])

    def numbered() -> Iterator[tuple[int, list[Any]]]:
        for line, values in enumerate(rows, start=2):
            if any(v is not None and str(v).strip() for v in values):
                yield line, values

    count = _stage_batches(con, headers, numbered())
    return Staged(headers, count, [], "xlsx")


def _stage_jsonl(con: duckdb.DuckDBPyConnection, path: Path) -> Staged:
    records: list[tuple[int, dict[str, Any]]] = []
    rejects: list[StructuralReject] = []
    headers: list[str] = []
    known: set[str] = set()
    with _open_binary(path) as raw, io.TextIOWrapper(raw, encoding="utf-8-sig") as text:
        content = text.read()
    stripped = content.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ImportRejected(
                f"{path}: line {exc.lineno}, column {exc.colno}: {exc.msg}"
            ) from exc
        lines: list[tuple[int, Any]] = [(i + 1, item) for i, item in enumerate(items)]
    else:
        lines = []
        for number, line in enumerate(content.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                lines.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                rejects.append(
                    StructuralReject(number, "", f"not valid JSON: {exc.msg}", line, "json")
                )
    for number, item in lines:
        if not isinstance(item, dict):
            rejects.append(
                StructuralReject(number, "", "not a JSON object", json.dumps(item), "not_object")
            )
            continue
        for key in item:
            if key not in known:
                known.add(key)
                headers.append(key)
        records.append((number, item))

    def as_rows() -> Iterator[tuple[int, list[Any]]]:
        for number, item in records:
            yield number, [_json_cell(item.get(h)) for h in headers]

    count = _stage_batches(con, headers, as_rows())
    return Staged(headers, count, rejects, "utf-8", first_line=1)


def _json_cell(value: Any) -> Any:
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _stage_parquet(con: duckdb.DuckDBPyConnection, path: Path) -> Staged:
    described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
    selects = []
    headers = []
    for name, type_name, *_ in described:
        quoted = quote(name)
        text = (
            f"array_to_string({quoted}, '|')"
            if type_name.endswith("[]")
            else f"CAST({quoted} AS VARCHAR)"
        )
        selects.append(f"{text} AS {quoted}")
        headers.append(name)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {RAW} AS
            SELECT {", ".join(selects)}, (row_number() OVER ()) AS _line
            FROM read_parquet(?)""",
        [str(path)],
    )
    con.execute(f"CREATE OR REPLACE TEMP VIEW {STAGE} AS SELECT * FROM {RAW}")
    count = con.execute(f"SELECT count(*) FROM {RAW}").fetchone()[0]  # type: ignore[index]
    return Staged(headers, int(count), [], "parquet", first_line=1)


def drop_stage(con: duckdb.DuckDBPyConnection) -> None:
    """Remove the staged file and its helpers."""
    con.execute(f"DROP VIEW IF EXISTS {STAGE}")
    con.execute(f"DROP TABLE IF EXISTS {RAW}")
    con.execute("DROP TABLE IF EXISTS _segmint_marks")


def stage_file(
    con: duckdb.DuckDBPyConnection, path: Path, *, lang: str = "en", header: bool | None = None
) -> Staged:
    """Read ``path`` into the temporary table ``STAGE`` (text columns plus ``_line``).

    A text file whose first line reads as a record rather than names (see
    :func:`looks_like_data`) has no header: its columns are ``column_1`` ... ``column_n``.
    ``header`` True or False says so instead of guessing.

    Raises
    ------
    ImportRejected
        The file is missing, of an unknown format, or has no header.
    """
    if not path.is_file():
        raise ImportRejected(translate("import.file_not_found", lang, path=path))
    kind = file_format(path, lang=lang)
    with tempfile.TemporaryDirectory(prefix="segmint-") as tmp:
        if kind == "csv":
            staged = _stage_csv(con, path, Path(tmp), header)
        elif kind == "excel":
            staged = _stage_excel(con, path)
        elif kind == "parquet":
            staged = _stage_parquet(con, path)
        else:
            staged = _stage_jsonl(con, path)
    if not staged.headers:
        raise ImportRejected(translate("import.empty", lang, path=path))
    return staged
