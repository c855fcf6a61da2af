"""Locale rules for Persian-speaking users: text, digits, Jalali dates, phones, e-mails.

Every normalization has a scalar function (for single values, the API and
tests) and an Ibis twin (``*_expr``) that compiles to plain SQL, so imports run
in the engine; :func:`normalize_columns` applies them to a whole table.
"""

from __future__ import annotations

from segmint.locale.columns import PROBLEMS, normalize_columns
from segmint.locale.dates import (
    DATE_PROBLEMS,
    DateStyle,
    date_problem,
    date_problem_code,
    date_problem_expr,
    detect_dayfirst,
    parse_date,
    parse_date_expr,
    parse_timestamp,
    parse_timestamp_expr,
)
from segmint.locale.emails import (
    EMAIL_PROBLEMS,
    email_problem,
    email_problem_code,
    email_problem_expr,
    normalize_email,
    normalize_email_expr,
)
from segmint.locale.jalali import (
    GREGORIAN_MONTHS_EN,
    GREGORIAN_MONTHS_FA,
    JALALI_MONTHS_EN,
    JALALI_MONTHS_FA,
    format_date,
    format_date_expr,
    format_datetime,
    from_gregorian,
    is_leap,
    is_valid_date,
    jalali_parts_expr,
    month_length,
    month_name,
    to_gregorian,
)
from segmint.locale.phones import (
    PHONE_PROBLEMS,
    normalize_phone,
    normalize_phone_expr,
    phone_problem,
    phone_problem_code,
    phone_problem_expr,
)
from segmint.locale.text import (
    normalize_digits,
    normalize_digits_expr,
    normalize_text,
    normalize_text_expr,
    to_persian_digits,
    to_persian_digits_expr,
)

__all__ = [
    "DATE_PROBLEMS",
    "EMAIL_PROBLEMS",
    "GREGORIAN_MONTHS_EN",
    "GREGORIAN_MONTHS_FA",
    "JALALI_MONTHS_EN",
    "JALALI_MONTHS_FA",
    "PHONE_PROBLEMS",
    "PROBLEMS",
    "DateStyle",
    "date_problem",
    "date_problem_code",
    "date_problem_expr",
    "detect_dayfirst",
    "email_problem",
    "email_problem_code",
    "email_problem_expr",
    "format_date",
    "format_date_expr",
    "format_datetime",
    "from_gregorian",
    "is_leap",
    "is_valid_date",
    "jalali_parts_expr",
    "month_length",
    "month_name",
    "normalize_columns",
    "normalize_digits",
    "normalize_digits_expr",
    "normalize_email",
    "normalize_email_expr",
    "normalize_phone",
    "normalize_phone_expr",
    "normalize_text",
    "normalize_text_expr",
    "parse_date",
    "parse_date_expr",
    "parse_timestamp",
    "parse_timestamp_expr",
    "phone_problem",
    "phone_problem_code",
    "phone_problem_expr",
    "to_gregorian",
    "to_persian_digits",
    "to_persian_digits_expr",
]
