"""Adding and removing tags by rule and by file: exact counts, idempotency, the log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from ibis.backends import BaseBackend

from segmint.actions.tags import change_tag, cloud_levels, normalize_tag, tag_counts, tag_log
from segmint.exceptions import SettingsError


def tags_now(con: BaseBackend) -> dict[str, list[str] | None]:
    """Each customer's tags as stored."""
    rows = con.table("customers").select("customer_id", "tags").to_pyarrow().to_pylist()
    return {row["customer_id"]: row["tags"] for row in rows}


# Before: c1 [vip], c2 [], c3 [student, vip], c4 null. Tehran is c1 and c3.
@pytest.mark.parametrize(
    ("tag", "action", "query", "counts", "after"),
    [
        (
            "vip",
            "add",
            "city = 'Tehran' OR city = 'Shiraz'",
            (3, 1, 2),
            {"c1": ["vip"], "c2": ["vip"], "c3": ["student", "vip"], "c4": None},
        ),
        (
            "new",
            "add",
            "city = 'Tehran'",
            (2, 2, 0),
            {"c1": ["new", "vip"], "c2": [], "c3": ["new", "student", "vip"], "c4": None},
        ),
        (
            "vip",
            "remove",
            "city = 'Tehran'",
            (2, 2, 0),
            {"c1": [], "c2": [], "c3": ["student"], "c4": None},
        ),
        (
            "student",
            "remove",
            "monetary >= 100",
            (2, 0, 2),
            {"c1": ["vip"], "c2": [], "c3": ["student", "vip"], "c4": None},
        ),
        ("a", "add", "city = 'Nowhere'", (0, 0, 0), None),
    ],
    ids=["add some have it", "add new tag", "remove", "remove nobody has", "nobody matches"],
)
def test_change_by_query(
    shop: BaseBackend,
    app: Any,
    tag: str,
    action: str,
    query: str,
    counts: tuple[int, int, int],
    after: dict[str, list[str] | None] | None,
) -> None:
    before = tags_now(shop)
    with app() as session:
        result = change_tag(shop, session, tag, action, query=query, actor="tester")
    assert (result["matched"], result["changed"], result["already"]) == counts
    assert result["matched"] == result["changed"] + result["already"]
    assert tags_now(shop) == (after or before)


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("c2\nc4\nzz\n", (2, 2, 0)),
        ("customer_id,name\nc1,Ali\nc2,Sara\n", (2, 1, 1)),
        ("Name;Customer ID\nAli;c1\nSara;c2\n", (2, 1, 1)),
        ("نام,کد مشتری\nعلی,c4\n", (1, 1, 0)),
        ("۰۹۱۲ ۱۱۱ ۱۱۱۱\nc3\n", (2, 0, 2)),  # c1 by phone and c3 both have it
    ],
    ids=[
        "one id a line",
        "csv with a customer_id column",
        "spaced header, semicolons",
        "persian header",
        "phone in Persian digits",
    ],
)
def test_add_by_ids(shop: BaseBackend, app: Any, tmp_path: Path, text: str, counts: tuple) -> None:
    path = tmp_path / "ids.csv"
    path.write_text(text, encoding="utf-8")
    with app() as session:
        result = change_tag(shop, session, "vip", "add", ids=path)
    assert (result["matched"], result["changed"], result["already"]) == counts
    unmatched = text.count("zz")
    assert (result["unmatched"], result["unmatched_sample"]) == (unmatched, ["zz"] * unmatched)
    assert result["file"] == str(path.resolve())


def test_adding_twice_changes_nobody_the_second_time(shop: BaseBackend, app: Any) -> None:
    with app() as session:
        first = change_tag(shop, session, "gold", "add", query="city = 'Tehran'")
        once = tags_now(shop)
        second = change_tag(shop, session, "gold", "add", query="city = 'Tehran'")
    assert (first["changed"], first["already"]) == (2, 0)
    assert (second["changed"], second["already"]) == (0, 2)
    assert tags_now(shop) == once


def test_the_log_records_each_change(shop: BaseBackend, app: Any, tmp_path: Path) -> None:
    ids = tmp_path / "ids.txt"
    ids.write_text("c4\n", encoding="utf-8")
    with app() as session:
        change_tag(shop, session, "gold", "add", query="city = 'Tehran'", actor="sara")
        change_tag(shop, session, "gold", "add", ids=ids, actor="ali")
        change_tag(shop, session, "gold", "remove", query="city = 'Tehran'", actor="sara")
    with app() as session:
        log = tag_log(session)
        only = tag_log(session, tag="gold", limit=1)
    got = [
        (e["actor"], e["action"], e["tag"], e["rule"], e["file"], e["matched"], e["changed"])
        for e in log
    ]
    assert got == [
        ("sara", "remove", "gold", "city = 'Tehran'", None, 2, 2),
        ("ali", "add", "gold", None, str(ids.resolve()), 1, 1),
        ("sara", "add", "gold", "city = 'Tehran'", None, 2, 2),
    ]
    assert [e["id"] for e in only] == [log[0]["id"]]
    assert all(e["at"].utcoffset() == dt.timedelta(0) for e in log)
    assert log[0]["at"] >= log[1]["at"] >= log[2]["at"]


def test_tag_text_is_normalized_like_imported_tags(shop: BaseBackend, app: Any) -> None:
    # Arabic yeh and kaf, Persian digits and spaces around: stored as the importer would.
    with app() as session:
        result = change_tag(shop, session, "  مشتري يك ۱ ", "add", query="city = 'Shiraz'")
    assert result["tag"] == "مشتری یک 1" == normalize_tag("مشتري يك ۱")
    assert tags_now(shop)["c2"] == ["مشتری یک 1"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "exactly one of"),
        ({"query": "city = 'Tehran'", "ids": "x.csv"}, "exactly one of"),
        ({"query": "city = 'Tehran'", "tag": "   "}, "tag is empty"),
        ({"query": "city = 'Tehran'", "action": "toggle"}, "add or remove"),
    ],
    ids=["no customers", "both", "empty tag", "unknown action"],
)
def test_refused(shop: BaseBackend, app: Any, kwargs: dict[str, str], message: str) -> None:
    kwargs = dict(kwargs)  # the parameter's dict is shared by the backends' runs
    tag = kwargs.pop("tag", "vip")
    action = kwargs.pop("action", "add")
    with app() as session, pytest.raises(SettingsError, match=message):
        change_tag(shop, session, tag, action, **kwargs)


def test_tag_counts(shop: BaseBackend) -> None:
    found = tag_counts(shop)
    assert (found["customers"], found["tagged"]) == (4, 2)
    assert found["tags"] == [
        {"tag": "vip", "customers": 2, "level": 5},
        {"tag": "student", "customers": 1, "level": 1},
    ]


@pytest.mark.parametrize(
    ("counts", "levels"),
    [
        ([], []),
        ([7], [5]),
        ([3, 3], [5, 5]),
        # log 100 = 2 log 10: 10 sits halfway between 1 and 100, so level 3.
        ([100, 10, 1], [5, 3, 1]),
    ],
    ids=["none", "one", "equal", "log scale"],
)
def test_cloud_levels(counts: list[int], levels: list[int]) -> None:
    assert cloud_levels(counts) == levels


def test_migrations_match_the_models(tmp_path: Path) -> None:
    # The tag log's table comes from migration 0005: it must be what the model declares.
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import segmint.clustering
    import segmint.segments  # noqa: F401 - every model registered on Base
    from segmint.store.metadata import Base, make_engine, migrate

    engine = make_engine(f"sqlite:///{tmp_path / 'app.sqlite'}")
    migrate(engine)
    try:
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    finally:
        engine.dispose()
