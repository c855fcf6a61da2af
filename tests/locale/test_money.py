"""Amounts for people and files: currency minor units, exact digits, Persian digits."""

from __future__ import annotations

from decimal import Decimal

import pytest

from segmint.locale.money import exact, format_money, minor_units, money_string


@pytest.mark.parametrize(
    ("currency", "units"),
    [
        pytest.param("IRR", 0, id="rial"),
        pytest.param("IRT", 0, id="toman"),
        pytest.param("usd", 2, id="dollar-lower-case"),
        pytest.param("EUR", 2, id="euro"),
        pytest.param("GBP", 2, id="pound"),
        pytest.param("KWD", 3, id="kuwaiti-dinar"),
        pytest.param("BHD", 3, id="bahraini-dinar"),
        pytest.param("JPY", 0, id="yen"),
        pytest.param("XYZ", 2, id="unknown-two"),
        pytest.param(None, 2, id="none-two"),
    ],
)
def test_minor_units(currency, units):
    assert minor_units(currency) == units


@pytest.mark.parametrize(
    ("value", "currency", "text"),
    [
        pytest.param(Decimal("100.5000"), "USD", "100.50", id="stored-decimal-usd"),
        pytest.param(Decimal("100.50"), "EUR", "100.50", id="stays-100.50"),
        pytest.param(100.50000000000001, "USD", "100.50", id="float-noise-dropped"),
        pytest.param(0.1 + 0.2, "USD", "0.30", id="point-one-plus-point-two"),
        pytest.param(Decimal("1250000.0000"), "IRR", "1250000", id="rial-whole"),
        pytest.param(Decimal("0.1250"), "USD", "0.125", id="finer-than-cents-kept"),
        pytest.param(Decimal("1.5"), "KWD", "1.500", id="three-decimals"),
        pytest.param(Decimal("1.23456"), "USD", "1.2346", id="rounded-to-scale"),
        pytest.param(Decimal("-12.3"), "USD", "-12.30", id="negative"),
        pytest.param(7, "JPY", "7", id="int"),
        pytest.param(353119596.8241, "IRR", "353119597", id="float-to-minor-units"),
        pytest.param(0.125, "USD", "0.13", id="float-half-up"),
        pytest.param(None, "USD", None, id="null"),
    ],
)
def test_money_string_is_exact_with_minor_units(value, currency, text):
    assert money_string(value, currency) == text


@pytest.mark.parametrize(
    ("value", "currency", "lang", "code", "text"),
    [
        pytest.param(Decimal("1234.5"), "USD", "en", False, "1,234.50", id="en-usd"),
        pytest.param(Decimal("1234.5"), "USD", "en", True, "1,234.50 USD", id="en-code"),
        pytest.param(Decimal("1250000"), "IRR", "en", False, "1,250,000", id="en-irr"),
        pytest.param(Decimal("1250000"), "IRR", "fa", False, "۱٬۲۵۰٬۰۰۰", id="fa-irr"),
        pytest.param(Decimal("1250000"), "IRR", "fa", True, "۱٬۲۵۰٬۰۰۰ ریال", id="fa-rial"),
        pytest.param(Decimal("12500"), "IRT", "fa", True, "۱۲٬۵۰۰ تومان", id="fa-toman"),
        pytest.param(Decimal("1234.5"), "USD", "fa", False, "۱٬۲۳۴٫۵۰", id="fa-usd"),
        pytest.param(Decimal("-0.5"), "USD", "en", False, "-0.50", id="negative-below-one"),
        pytest.param(Decimal("2.125"), "KWD", "en", False, "2.125", id="kwd"),
        pytest.param(None, "USD", "en", False, "-", id="null-dash"),
    ],
)
def test_format_money(value, currency, lang, code, text):
    assert format_money(value, currency, lang=lang, code=code) == text


def test_exact_rejects_text_that_is_not_an_amount():
    with pytest.raises(ValueError, match="not an amount"):
        exact("lots")
