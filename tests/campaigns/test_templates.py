"""Templates: the sandbox refuses escapes, emails need their unsubscribe link, SMS parts."""

from __future__ import annotations

import pytest

from segmint.campaigns.templates import check_template, html_to_text, render, sms_parts
from segmint.exceptions import TemplateError

ESCAPES = [
    "{{ profile.__class__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ profile.get.__globals__ }}",
    "{{ profile['__class__'] }}",
    "{{ profile|attr('__class__') }}",
    "{{ traits.mro() }}",
    "{{ survey_url.__globals__['os'] }}",
    "{{ fields.gi_frame }}",
]


@pytest.mark.parametrize("source", ESCAPES, ids=range(len(ESCAPES)))
def test_escapes_are_refused_when_checked(source: str) -> None:
    with pytest.raises(TemplateError, match="may not use"):
        check_template(source)


@pytest.mark.parametrize(
    "source",
    [
        "{{ profile.__class__ }}",
        "{{ (profile|attr('__cla' ~ 'ss__')).__name__ }}",
        "{{ fields.genre.append('x') }}",
    ],
    ids=["dunder", "built-name", "mutation"],
)
def test_the_sandbox_refuses_at_render_time_too(source: str) -> None:
    # The last two pass the static check (a computed name, a method call): the sandbox
    # itself must refuse them.
    context = {"profile": {"name": "Ali"}, "fields": {"genre": ["poetry"]}}
    with pytest.raises(TemplateError, match="sandbox"):
        render(source, context)


def test_an_unknown_variable_is_named() -> None:
    with pytest.raises(TemplateError, match="customer"):
        check_template("Hello {{ customer.name }}")


def test_a_missing_value_is_an_error_not_an_empty_string() -> None:
    with pytest.raises(TemplateError, match="nmae"):
        render("Hello {{ profile.nmae }}", {"profile": {"name": "Ali"}})


def test_a_syntax_error_names_its_line() -> None:
    with pytest.raises(TemplateError, match="line 2"):
        check_template("ok\n{{ profile.name ")


def test_an_email_without_unsubscribe_link_is_refused() -> None:
    with pytest.raises(TemplateError, match="unsubscribe"):
        check_template("<p>Hi {{ profile.name }}</p>", html=True, needs_unsubscribe=True)
    check_template('<a href="{{ unsubscribe_url }}">x</a>', html=True, needs_unsubscribe=True)


def test_html_is_autoescaped_and_text_is_not() -> None:
    context = {"profile": {"name": "<b>Ali & Sara</b>"}}
    assert render("{{ profile.name }}", context, html=True) == "&lt;b&gt;Ali &amp; Sara&lt;/b&gt;"
    assert render("{{ profile.name }}", context) == "<b>Ali & Sara</b>"


def test_persian_message_renders() -> None:
    assert render("سلام {{ profile.name }}", {"profile": {"name": "علی"}}) == "سلام علی"


def test_html_to_text_keeps_links() -> None:
    text = html_to_text('<p>Hi &amp; bye</p><a href="https://x/u/1">unsubscribe</a>')
    assert text == "Hi & bye\nunsubscribe <https://x/u/1>"


@pytest.mark.parametrize(
    ("text", "encoding", "units", "parts"),
    [
        ("", "GSM-7", 0, 0),
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("€" * 80, "GSM-7", 160, 1),  # an extension character takes two septets
        ("€" * 81, "GSM-7", 162, 2),
        ("س" * 70, "UCS-2", 70, 1),
        ("س" * 71, "UCS-2", 71, 2),
        ("س" * 134, "UCS-2", 134, 2),
        ("س" * 135, "UCS-2", 135, 3),
        ("a" * 69 + "😀", "UCS-2", 71, 2),  # an emoji is two UTF-16 units
    ],
    ids=[
        "empty",
        "160",
        "161",
        "306",
        "307",
        "euro80",
        "euro81",
        "fa70",
        "fa71",
        "fa134",
        "fa135",
        "emoji",
    ],
)
def test_sms_parts(text: str, encoding: str, units: int, parts: int) -> None:
    length = sms_parts(text)
    assert (length.encoding, length.units, length.parts) == (encoding, units, parts)
