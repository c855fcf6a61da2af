"""Every example of docs/query-language.md compiles, and every refused one is refused.

Blocks fenced as ``query`` hold one rule per line; each is checked against a
workspace with the full data model (customers, traits, custom fields, saved
segments) and run on DuckDB over empty tables, so the generated SQL is valid too.
Blocks fenced as ``query-error`` hold rules that must be refused.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import ibis
import pandas as pd
import pytest

from segmint.exceptions import InvalidSegmentRule
from segmint.query import Catalogue, check_rule, compile_rule, from_json, parse, to_json, to_text
from segmint.segments.profile import sources
from segmint.store.schema import TABLES

DOC = Path(__file__).parents[2] / "docs" / "query-language.md"
TODAY = dt.date(2024, 6, 15)
CUSTOM_FIELDS = [
    "favourite_genres",
    "spending_score_1_100",
    "mnt_wines",
    "رنگ_مورد_علاقه",
    "age",
    "annual_income_(k$)",
    "anniversary",
]
SEGMENTS = {"vip": "tags CONTAINS 'vip'", "churned": "recency_days > 365"}


def _blocks(kind: str) -> list[str]:
    """The rules of every block fenced as ``kind``, one per non-empty line."""
    text = DOC.read_text("utf-8")
    blocks = re.findall(rf"^```{re.escape(kind)}\n(.*?)^```$", text, flags=re.M | re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


EXAMPLES = _blocks("query")
REFUSED = _blocks("query-error")


@pytest.fixture(scope="module")
def workspace():
    con = ibis.duckdb.connect()
    for name, schema in TABLES.items():
        con.create_table(name, schema=schema)
    rows = pd.DataFrame({"customer_id": "c1", "field": CUSTOM_FIELDS, "value": "1"})
    con.insert("customer_fields", rows)
    where = sources(con, today=TODAY)
    families = ["rfm:champions", "lifecycle:lapsed"]
    catalogue = Catalogue.from_tables(
        where.profile, where.customer_fields, segments=[*SEGMENTS, *families]
    )
    yield con, where, catalogue
    con.disconnect()


def test_the_doc_has_examples():
    assert len(EXAMPLES) > 70
    assert len(REFUSED) > 10


@pytest.mark.parametrize("rule", EXAMPLES)
def test_example_compiles_and_runs(workspace, rule):
    con, where, catalogue = workspace
    tree = check_rule(rule, catalogue)
    assert parse(to_text(tree)) == tree
    assert from_json(to_json(tree)) == tree
    condition = compile_rule(
        tree,
        profile=where.profile,
        orders=where.orders,
        order_items=where.order_items,
        events=where.events,
        customer_fields=where.customer_fields,
        today=TODAY,
        segments=lambda name: SEGMENTS.get(name, "customer_id IS NULL"),
        catalogue=catalogue,
    )
    assert con.execute(where.profile.filter(condition).count()) == 0


@pytest.mark.parametrize("rule", REFUSED)
@pytest.mark.parametrize("lang", ["en", "fa"])
def test_refused_example_is_refused(workspace, rule, lang):
    _, _, catalogue = workspace
    with pytest.raises(InvalidSegmentRule) as caught:
        check_rule(rule, catalogue, lang=lang)
    assert caught.value.position is not None
