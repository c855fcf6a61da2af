"""``--lang fa``: table headers, field names and enum labels are Persian, not the stored keys."""

from __future__ import annotations

import re
import textwrap

import pytest

ORDERS = textwrap.dedent("""\
    order_id,customer_id,order_time,amount,status
    o1,c1,2024-01-05,100000,completed
    o2,c1,2024-03-01,250000,completed
    o3,c2,2024-02-01,50000,returned
    """)
CUSTOMERS = "customer_id,name,phone,sms_consent\nc1,Ali,09123456789,yes\nc2,Sara,,no\n"
#: Latin letters: what a Persian table must not show, outside ids, names and numbers.
LATIN_WORD = re.compile(r"\b[a-z_]{4,}\b")


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    from segmint import steps

    root = tmp_path_factory.mktemp("fa")
    (root / "orders.csv").write_text(ORDERS, encoding="utf-8")
    (root / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    workspace = steps.init(root / "shop")
    steps.import_file(workspace, "customers", root / "customers.csv")
    steps.import_file(workspace, "orders", root / "orders.csv")
    steps.run(workspace)
    workspace.close()
    return root / "shop"


def test_customer_card_in_persian(shop, cli):
    ran = cli("--workspace", shop, "--lang", "fa", "customers", "show", "c1")
    assert ran.code == 0, ran.err
    for label in ("شناسهٔ مشتری", "تلفن همراه", "رضایت پیامک", "بله", "تکمیل‌شده", "گروه RFM"):
        assert label in ran.out, label
    assert not {"customer_id", "completed", "sms_consent", "rfm_group", "True"} & set(
        re.findall(r"\w+", ran.out)
    )


def test_customer_card_in_english_names_the_fields_for_people(shop, cli):
    ran = cli("--workspace", shop, "customers", "show", "c2")
    assert ran.code == 0, ran.err
    assert "customer id" in ran.out and "Returned" in ran.out and "no" in ran.out


def test_segment_list_and_sample_in_persian(shop, cli):
    listed = cli("--workspace", shop, "--lang", "fa", "segments", "list")
    assert listed.code == 0, listed.err
    assert "پیش‌ساخته" in listed.out
    assert "family" not in listed.out
    counted = cli("--workspace", shop, "--lang", "fa", "segments", "count", "-q", "frequency >= 1")
    assert counted.code == 0, counted.err
    assert "شناسهٔ مشتری" in counted.out and "customer_id" not in counted.out


def test_fields_list_in_persian(shop, cli):
    ran = cli("--workspace", shop, "--lang", "fa", "fields", "list")
    assert ran.code == 0, ran.err
    assert "تلفن همراه" in ran.out
    assert not LATIN_WORD.findall(ran.out.replace("RFM", ""))
