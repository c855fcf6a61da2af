"""The command line for fields, tags and custom export columns, in English and Persian."""

from __future__ import annotations

import csv
import textwrap

import pytest

CUSTOMERS = textwrap.dedent("""\
    customer_id,name,city,tags,genres,children,note
    c1,Ali,Tehran,vip,fantasy|poetry,2,=cmd
    c2,Sara,Shiraz,,fantasy,0,hello
    c3,Reza,Tehran,vip|student,,3,
    c4,Mina,,,history,,x
    """)


@pytest.fixture
def shop(tmp_path, cli):
    path = tmp_path / "shop"
    assert cli("init", path).code == 0
    (tmp_path / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    ran = cli("--workspace", path, "import", "customers", tmp_path / "customers.csv")
    assert ran.code == 0, ran.err
    return path


def test_fields_list_json(shop, cli):
    ran = cli("--workspace", shop, "fields", "list", "--json")
    assert ran.code == 0, ran.err
    found = ran.json()
    custom = {f["field"]: (f["type"], f["customers"], f["distinct"]) for f in found["custom"]}
    assert custom == {
        "children": ("number", 3, 3),
        "genres": ("multi-select", 3, 3),
        "note": ("text", 3, 3),
    }
    builtin = {f["field"]: f["fill_rate"] for f in found["builtin"]}
    assert (builtin["name"], builtin["city"], builtin["tags"]) == (1.0, 0.75, 0.5)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Custom fields (4 customers)", "multi-select", "75.0%", "fantasy (2)"]),
        ("fa", ["فیلدهای سفارشی (۴ مشتری)", "چندگزینه‌ای", "۷۵٫۰٪", "fantasy (۲)"]),
    ],
    ids=["en", "fa"],
)
def test_fields_list_table(shop, cli, lang, words):
    ran = cli("--workspace", shop, "--lang", lang, "fields", "list")
    assert ran.code == 0, ran.err
    for word in words:
        assert word in ran.out


def test_tags_add_remove_list_log(shop, cli, tmp_path):
    w = ("--workspace", shop)
    added = cli(*w, "tags", "add", "vip", "--query", "city = 'Tehran' OR city = 'Shiraz'", "--json")
    assert added.code == 0, added.err
    assert {k: added.json()[k] for k in ("matched", "changed", "already")} == {
        "matched": 3,
        "changed": 1,
        "already": 2,
    }
    again = cli(*w, "tags", "add", "vip", "--query", "city = 'Tehran' OR city = 'Shiraz'")
    assert "3 customers matched, 0 tagged, 3 already had it" in again.out
    ids = tmp_path / "ids.csv"
    ids.write_text("customer_id\nc3\nc4\nnobody\n", encoding="utf-8")
    removed = cli(*w, "tags", "remove", "student", "--ids", ids, "--actor", "ops")
    assert removed.code == 0, removed.err
    assert "2 customers matched, removed from 1, 1 did not have it" in removed.out
    assert "1 of 3 values in the file matched no customer: nobody" in removed.out
    listed = cli(*w, "tags", "list", "--json").json()
    assert [(t["tag"], t["customers"]) for t in listed["tags"]] == [("vip", 3)]
    log = cli(*w, "tags", "log", "--json").json()
    me = log[2]["actor"]  # the OS user, as nobody gave --actor
    assert [(e["actor"], e["action"], e["tag"], e["matched"], e["changed"]) for e in log] == [
        ("ops", "remove", "student", 2, 1),
        (me, "add", "vip", 3, 0),
        (me, "add", "vip", 3, 1),
    ]
    assert len(log) == 3 and log[0]["file"] == str(ids.resolve())
    assert log[2]["rule"] == "city = 'Tehran' OR city = 'Shiraz'"


def test_tags_in_persian(shop, cli):
    w = ("--workspace", shop, "--lang", "fa")
    ran = cli(*w, "tags", "add", "ويژه", "--query", "city = 'Tehran'")
    assert ran.code == 0, ran.err
    assert (
        "برچسب 'ویژه': ۲ مشتری انتخاب شد، به ۲ مشتری افزوده شد، ۰ مشتری از پیش آن را داشتند"
        in ran.out
    )
    listed = cli(*w, "tags", "list")
    assert "ابر برچسب‌ها" in listed.out and "ویژه" in listed.out
    log = cli(*w, "tags", "log")
    assert "افزودن" in log.out
    refused = cli(*w, "tags", "add", "x")
    assert refused.code == 1
    assert "دقیقاً با یکی از" in refused.err


def test_segment_export_with_custom_columns(shop, cli, tmp_path):
    w = ("--workspace", shop)
    assert cli(*w, "segments", "create", "tehran", "--query", "city = 'Tehran'").code == 0
    target = tmp_path / "tehran.csv"
    ran = cli(
        *w, "segments", "export", "tehran", target, "--columns", "customer_id,genres,note,tags"
    )
    assert ran.code == 0, ran.err
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["customer_id", "genres", "note", "tags"],
        ["c1", "fantasy|poetry", "'=cmd", "vip"],
        ["c3", "", "", "student|vip"],
    ]
    bad = cli(*w, "segments", "export", "tehran", target, "--columns", "customer_id,nope")
    assert bad.code == 1
    assert "Unknown columns: nope" in bad.err and "custom fields: children, genres, note" in bad.err


@pytest.mark.parametrize(
    ("lang", "line"),
    [("en", "a▁ 1  b█ 1,200  c▄ 35"), ("fa", "a▁ ۱  b█ ۱٬۲۰۰  c▄ ۳۵")],
    ids=["en", "fa"],
)
def test_tag_cloud_text(lang, line):
    from segmint.cli.output import Ui
    from segmint.cli.tags import cloud

    # Levels as tag_counts gives them: log 35 is about halfway between log 1 and log 1200.
    tags = [
        {"tag": "b", "customers": 1200, "level": 5},
        {"tag": "c", "customers": 35, "level": 3},
        {"tag": "a", "customers": 1, "level": 1},
    ]
    assert cloud(Ui(lang), tags).plain == line
