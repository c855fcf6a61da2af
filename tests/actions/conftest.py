"""A four-customer shop for the tag, field and export tests, on each backend.

Hand-worked on purpose: every count the tests check can be read off these rows.

========  ========  =======  ============  =================  ========  ==========
customer  name      city     tags          genre              children  note
========  ========  =======  ============  =================  ========  ==========
c1        Ali       Tehran   vip           fantasy, poetry    2         =cmd
c2        Sara      Shiraz   (none)        fantasy            0         hello
c3        Reza      Tehran   student, vip  (none)             3         (none)
c4        Mina      (none)   (null)        history            (none)    x
========  ========  =======  ============  =================  ========  ==========

Traits as of 2024-06-30: ``monetary`` 100, 200, 50 and 0. The app store is a fresh
migrated SQLite file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import ibis
import pyarrow as pa
import pytest
from ibis.backends import BaseBackend
from sqlalchemy.orm import Session

from segmint.store import TABLES
from segmint.store.metadata import make_engine, migrate, session_factory
from segmint.traits.runner import TRAITS
from tests.backends import backend_fixture, for_small_data

con = backend_fixture("function", name="con")

CUSTOMERS = {
    "customer_id": ["c1", "c2", "c3", "c4"],
    "name": ["Ali", "Sara", "Reza", "Mina"],
    "phone": ["+989121111111", None, None, None],
    "city": ["Tehran", "Shiraz", "Tehran", None],
    "tags": [["vip"], [], ["student", "vip"], None],
}
FIELDS = [
    ("c1", "genre", "fantasy"),
    ("c1", "genre", "poetry"),
    ("c2", "genre", "fantasy"),
    ("c4", "genre", "history"),
    ("c1", "children", "2"),
    ("c2", "children", "0"),
    ("c3", "children", "3"),
    ("c1", "note", "=cmd"),
    ("c2", "note", "hello"),
    ("c4", "note", "x"),
]
MONETARY = {"c1": 100.0, "c2": 200.0, "c3": 50.0, "c4": 0.0}


def rows_of(name: str, columns: dict[str, list[object]]) -> pa.Table:
    schema = TABLES[name].to_pyarrow()
    size = len(next(iter(columns.values()))) if columns else 0
    arrays = [pa.array(columns.get(f.name, [None] * size), type=f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def store(con: BaseBackend, name: str, data: pa.Table) -> None:
    """Store ``data`` as a real table (Spark: a managed one), which the product may rewrite."""
    if con.name == "pyspark":
        # Ibis's Spark memtables cannot hold a null decimal (money): go through Spark.
        from ibis.backends.pyspark.datatypes import PySparkSchema

        schema = PySparkSchema.from_ibis(ibis.Schema.from_pyarrow(data.schema))
        frame = con._session.createDataFrame(data, schema=schema)
        frame.write.mode("overwrite").saveAsTable(name)
        return
    con.create_table(name, ibis.memtable(data), overwrite=True)


@pytest.fixture
def shop(con: BaseBackend) -> BaseBackend:
    """The four customers, their custom fields and traits, on the backend."""
    for_small_data(con)
    given = {
        "customers": CUSTOMERS,
        "customer_fields": {
            k: list(v)
            for k, v in zip(TABLES["customer_fields"].names, zip(*FIELDS, strict=True), strict=True)
        },
    }
    for name in TABLES:
        store(con, name, rows_of(name, given.get(name, {})))
    traits = pa.table(
        {
            "customer_id": list(MONETARY),
            "as_of": [dt.date(2024, 6, 30)] * len(MONETARY),
            "monetary": list(MONETARY.values()),
        }
    )
    store(con, TRAITS, traits)
    return con


@pytest.fixture
def app(tmp_path: Path) -> Iterator[object]:
    """A fresh, migrated app store: ``app()`` is a committing session's context."""
    engine = make_engine(f"sqlite:///{tmp_path / 'app.sqlite'}")
    migrate(engine)

    @contextmanager
    def session() -> Iterator[Session]:
        with session_factory(engine)() as opened, opened.begin():
            yield opened

    yield session
    engine.dispose()
