"""Importing a folder or a glob: every file in turn, a result each, and totals."""

from __future__ import annotations

import pytest

from segmint.exceptions import ImportRejected
from segmint.ingest import ImportOptions
from segmint.ingest.batch import expand, import_files, is_pattern
from tests.ingest.helpers import csv_text

HEADER = ["order_id", "customer_id", "order_time", "amount"]


@pytest.fixture
def exports(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "a.csv").write_text(csv_text(HEADER, ["o1", "c1", "2024-01-01", "5"]))
    (folder / "b.csv").write_text(
        csv_text(HEADER, ["o2", "c2", "2024-01-02", "6"], ["o3", "c2", "2024-01-03", "7"])
    )
    (folder / "notes.md").write_text("not an export")
    (folder / ".hidden.csv").write_text("x")
    return folder


@pytest.mark.parametrize(
    ("pattern", "names"),
    [("{f}", ["a.csv", "b.csv"]), ("{f}/*.csv", ["a.csv", "b.csv"]), ("{f}/b*", ["b.csv"])],
    ids=["folder", "glob", "glob-prefix"],
)
def test_expand(exports, pattern, names):
    assert [p.name for p in expand(pattern.format(f=exports))] == names


def test_expand_nothing_matches(tmp_path):
    with pytest.raises(ImportRejected, match="No files match"):
        expand(str(tmp_path / "*.csv"))
    assert is_pattern("x/*.csv") and not is_pattern("x/a.csv")


def test_every_file_is_imported_with_totals(con, exports, tmp_path):
    (exports / "c.csv").write_text("no,order,columns\n1,2,3\n")
    paths = expand(exports)
    batch = import_files(con, "orders", paths, options=ImportOptions(), reject_dir=tmp_path / "rj")
    assert [r.stored for r in batch.results] == [1, 2]
    assert list(batch.failed) == [str(exports / "c.csv")]
    assert batch.totals == {
        "files": 3,
        "failed": 1,
        "read": 3,
        "stored": 3,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "warnings": 0,
        "anonymous": 0,
    }
    assert batch.to_dict()["ok"] is False
    assert con.table("orders").count().execute() == 3
    again = import_files(
        con, "orders", paths[:2], options=ImportOptions(), reject_dir=tmp_path / "rj"
    )
    assert (again.totals["stored"], again.totals["unchanged"], again.ok) == (0, 3, True)
