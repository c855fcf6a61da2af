"""Importing customer lists: Persian headers and every normalization on the way in."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.ingest.helpers import csv_text, reject_rows, rows, warning_rows

PERSIAN_HEADERS = [
    "کد مشتری",
    "نام",
    "موبایل",
    "ایمیل",
    "تاریخ تولد",
    "جنسیت",
    "استان",
    "شهر",
    "برچسب‌ها",
    "ژانرهای محبوب",
]


def test_persian_file_is_normalized_on_the_way_in(con, import_text):
    text = csv_text(
        PERSIAN_HEADERS,
        [
            "۱۰۱",
            "علي  كريمي",
            "۰۹۱۲ ۳۴۵ ۶۷۸۹",
            " Ali.Karimi@Example.COM ",
            "۱۳۷۰/۰۵/۱۲",
            "مرد",
            "تهران",
            "تهران",
            "vip|دانشجو",
            "fantasy|classics",
        ],
        [
            "102",
            "زهرا\u200c\u200cاحمدی",
            "+98 912 000 1111",
            "zahra@example.com",
            "1995-02-03",
            "F",
            "اصفهان",
            "كاشان",
            "",
            "poetry",
        ],
        ["103", "مریم رضایی", "00989351112233", "", "", "female", "فارس", "شیراز", "student", ""],
    )
    result = import_text("customers", text)
    assert (result.read, result.stored, result.rejected, result.warnings) == (3, 3, 0, 0)
    stored = {r["customer_id"]: r for r in rows(con, "customers", "customer_id")}
    ali = stored["101"]
    assert ali["name"] == "علی کریمی"
    assert ali["phone"] == "+989123456789"
    assert ali["email"] == "ali.karimi@example.com"
    assert ali["birth_date"] == dt.date(1991, 8, 3)  # 1370/05/12 Jalali
    assert ali["gender"] == "male"
    assert ali["tags"] == ["vip", "دانشجو"]
    zahra = stored["102"]
    assert zahra["name"] == "زهرا\u200cاحمدی"
    assert zahra["phone"] == "+989120001111"
    assert zahra["city"] == "کاشان"
    assert zahra["gender"] == "female"
    assert stored["103"]["phone"] == "+989351112233"
    assert stored["103"]["email"] is None
    fields = rows(con, "customer_fields", ["customer_id", "field", "value"])
    assert [(f["customer_id"], f["field"], f["value"]) for f in fields] == [
        ("101", "ژانرهای_محبوب", "classics"),
        ("101", "ژانرهای_محبوب", "fantasy"),
        ("102", "ژانرهای_محبوب", "poetry"),
    ]


@pytest.mark.parametrize(
    ("column", "value", "reason_part"),
    [
        pytest.param("phone", "12345", "phone", id="short-phone"),
        pytest.param("email", "not-an-email", "email", id="bad-email"),
        pytest.param("birth_date", "1402/13/01", "date", id="jalali-month-13"),
        pytest.param("birth_date", "2023-02-30", "date", id="feb-30"),
        pytest.param("income", "a lot", "income band", id="income-not-number"),
        pytest.param("income", "-5", "range", id="negative-income"),
        pytest.param("sms_consent", "perhaps", "yes/no", id="bad-consent"),
    ],
)
def test_unreadable_optional_value_is_cleared_and_reported(
    con, import_text, column, value, reason_part
):
    text = csv_text(["customer_id", column], ["7", value])
    result = import_text("customers", text)
    assert (result.stored, result.rejected, result.warnings) == (1, 0, 1)
    (stored,) = rows(con, "customers", "customer_id")
    assert stored[column] is None
    (warning,) = warning_rows(result)
    assert warning["line"] == "2"
    assert warning["column"] == column
    assert warning["value"] == value
    assert reason_part in warning["reason"]


def test_missing_customer_id_rejects_the_row_with_line_and_column(import_text):
    text = csv_text(["Customer ID", "Name"], ["1", "a"], ["", "b"], ["3", "c"])
    result = import_text("customers", text)
    assert (result.read, result.stored, result.rejected) == (3, 2, 1)
    (reject,) = reject_rows(result)
    assert reject["line"] == "3"
    assert reject["column"] == "Customer ID"
    assert reject["reason"] == "missing customer_id"
    assert '"Name": "b"' in reject["record"]


def test_reimport_changes_nothing(con, import_text):
    text = csv_text(["customer_id", "name", "favourite_genres"], ["1", "a", "x|y"], ["2", "b", ""])
    first = import_text("customers", text)
    second = import_text("customers", text)
    assert (first.stored, first.unchanged) == (2, 0)
    assert (second.stored, second.unchanged, second.rejected) == (0, 2, 0)
    assert con.table("customers").count().execute() == 2
    assert con.table("customer_fields").count().execute() == 2


def test_conflicting_id_is_reported_not_overwritten(con, import_text):
    import_text("customers", csv_text(["customer_id", "name", "city"], ["1", "a", "Tehran"]))
    result = import_text("customers", csv_text(["customer_id", "name", "city"], ["1", "a", "Qom"]))
    assert (result.stored, result.rejected) == (0, 1)
    (reject,) = reject_rows(result)
    assert "already stored with different values" in reject["reason"]
    assert "city" in reject["reason"]
    assert rows(con, "customers", "customer_id")[0]["city"] == "Tehran"


def test_conflict_update_overwrites_when_asked(con, import_text):
    import_text("customers", csv_text(["customer_id", "city", "genres"], ["1", "Tehran", "a"]))
    result = import_text(
        "customers",
        csv_text(["customer_id", "city", "genres"], ["1", "Qom", "b"]),
        on_conflict="update",
    )
    assert (result.stored, result.updated, result.rejected) == (1, 1, 0)
    assert rows(con, "customers", "customer_id")[0]["city"] == "Qom"
    assert [r["value"] for r in rows(con, "customer_fields", "value")] == ["b"]


def test_duplicate_id_in_one_file(con, import_text):
    text = csv_text(["customer_id", "name"], ["1", "a"], ["1", "a"], ["1", "other"])
    result = import_text("customers", text)
    assert (result.read, result.stored, result.unchanged, result.rejected) == (3, 1, 1, 1)
    (reject,) = reject_rows(result)
    assert reject["line"] == "4"
    assert "first at line 2" in reject["reason"]


def test_persian_messages(import_text):
    result = import_text("customers", csv_text(["customer_id", "name"], ["", "a"]), lang="fa")
    (reject,) = reject_rows(result)
    assert reject["reason"] == "customer_id خالی است"


@pytest.mark.slow  # 4 s: in CI
def test_rows_and_line_numbers_stay_together_across_many_row_groups(con, import_text):
    # Enough rows (about 30 MB) for DuckDB to read the file in parallel pieces. Names
    # written with Arabic yeh need the full reader, which reads those rows again by
    # line number; rows with no id are rejected. All are far apart.
    count = 1_200_000
    arabic = {7, 650_001, 1_199_998}
    bad = {2, 423_456, 1_199_999}

    def row(i: int) -> str:
        name = f"علي {i}" if i in arabic else f"name {i}"
        return f"{'' if i in bad else f'c{i}'},{name}"

    body = "\n".join(row(i) for i in range(count))
    result = import_text("customers", "customer_id,name\n" + body + "\n")
    assert (result.stored, result.rejected) == (count - len(bad), len(bad))
    assert [int(r["line"]) for r in reject_rows(result)] == [i + 2 for i in sorted(bad)]
    stored = con.table("customers").select("customer_id", "name").to_pyarrow().to_pylist()
    expected = {
        f"c{i}": (f"علی {i}" if i in arabic else f"name {i}") for i in range(count) if i not in bad
    }
    assert {r["customer_id"]: r["name"] for r in stored} == expected
