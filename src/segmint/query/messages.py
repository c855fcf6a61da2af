"""Error messages of the query language, in English and Persian.

Every message names where the problem is ("at column 12", or "at line 2,
column 5" in a rule of several lines) and, when the rule text is known, ends
with the offending line and a caret under the position::

    unknown field 'amout_spent' at column 1; did you mean 'amount_spent'?
      amout_spent > 100
      ^

Keys are prefixed ``query.`` so they can move into the i18n catalogue as they are.
"""

from __future__ import annotations

from typing import Any, cast

from segmint.exceptions import InvalidSegmentRule, SegmentCycle
from segmint.locale.text import to_persian_digits

__all__ = ["KIND_NAMES", "LANGUAGES", "MESSAGES", "check_lang", "rule_error", "where"]

LANGUAGES = ("en", "fa")

MESSAGES: dict[str, dict[str, str]] = {
    "query.empty": {"en": "the rule is empty", "fa": "قاعده خالی است"},
    "query.too_deep": {
        "en": "the rule is nested too deeply at {where}; use fewer parentheses or NOTs",
        "fa": "قاعده در {where} بیش از حد تودرتو است؛ پرانتز یا NOT کمتری به کار ببرید",
    },
    "query.unexpected": {
        "en": "unexpected {found} at {where}; expected {expected}",
        "fa": "{found} در {where} انتظار نمی‌رفت؛ باید {expected} بیاید",
    },
    "query.unquoted_text": {
        "en": "unexpected {found} at {where}; text values need quotes: '{word}'",
        "fa": "{found} در {where} انتظار نمی‌رفت؛ مقدار متنی باید در گیومه باشد: '{word}'",
    },
    "query.unexpected_end": {
        "en": "the rule ends too early at {where}; expected {expected}",
        "fa": "قاعده در {where} زودتر از انتظار تمام شد؛ باید {expected} بیاید",
    },
    "query.unexpected_char": {
        "en": "unexpected character {found} at {where}",
        "fa": "نویسهٔ {found} در {where} انتظار نمی‌رفت",
    },
    "query.unterminated_string": {
        "en": "unterminated string at {where}; close it with {quote}",
        "fa": "رشتهٔ بسته‌نشده در {where}؛ آن را با {quote} ببندید",
    },
    "query.bad_date": {
        "en": "invalid date '{literal}' at {where}",
        "fa": "تاریخ نامعتبر «{literal}» در {where}",
    },
    "query.bad_unit": {
        "en": "unknown date unit '{unit}' at {where}; use d (days), w (weeks), m (months) "
        "or y (years)",
        "fa": "واحد تاریخ ناشناخته «{unit}» در {where}؛ از d (روز)، w (هفته)، m (ماه) یا y (سال) "
        "استفاده کنید",
    },
    "query.unknown_field": {
        "en": "unknown field '{name}' at {where}",
        "fa": "فیلد ناشناخته «{name}» در {where}",
    },
    "query.unknown_collection": {
        "en": "unknown behaviour '{name}' at {where}; behaviours are {choices}",
        "fa": "رفتار ناشناخته «{name}» در {where}؛ رفتارها: {choices}",
    },
    "query.unknown_collection_field": {
        "en": "unknown field '{name}' of {collection} at {where}",
        "fa": "فیلد ناشناختهٔ «{name}» برای {collection} در {where}",
    },
    "query.unknown_segment": {
        "en": "unknown segment '{name}' at {where}",
        "fa": "بخش ناشناخته «{name}» در {where}",
    },
    "query.suggestion": {
        "en": "; did you mean '{suggestion}'?",
        "fa": "؛ منظورتان «{suggestion}» بود؟",
    },
    "query.type_mismatch": {
        "en": "field '{name}' holds {kind}, but the value at {where} is {value_kind}",
        "fa": "فیلد «{name}» {kind} دارد، اما مقدار در {where} {value_kind} است",
    },
    "query.not_a_date": {
        "en": "'{literal}' at {where} is not a date; field '{name}' holds dates "
        "(write 2024-01-31, 1402-11-11, -30d or today)",
        "fa": "«{literal}» در {where} تاریخ نیست؛ فیلد «{name}» تاریخ دارد "
        "(بنویسید 2024-01-31، 1402-11-11، -30d یا today)",
    },
    "query.contains_needs_list": {
        "en": "CONTAINS needs a list or text field; '{name}' at {where} holds {kind}",
        "fa": "CONTAINS فیلد فهرستی یا متنی می‌خواهد؛ «{name}» در {where} {kind} دارد",
    },
    "query.list_needs_contains": {
        "en": "'{name}' at {where} is a list; use CONTAINS, CONTAINS ANY (...) or "
        "CONTAINS ALL (...)",
        "fa": "«{name}» در {where} فهرست است؛ از CONTAINS، CONTAINS ANY (...) یا "
        "CONTAINS ALL (...) استفاده کنید",
    },
    "query.boolean_order": {
        "en": "'{name}' at {where} is true or false; compare it with = or !=",
        "fa": "«{name}» در {where} درست یا نادرست است؛ آن را با = یا != مقایسه کنید",
    },
    "query.aggregate_order": {
        "en": "'{name}' at {where} is a total; use a comparison or BETWEEN",
        "fa": "«{name}» در {where} یک جمع است؛ از مقایسه یا BETWEEN استفاده کنید",
    },
    "query.only_null": {
        "en": "'{name}' at {where} can only be tested with IS NULL or IS NOT NULL",
        "fa": "«{name}» در {where} را فقط با IS NULL یا IS NOT NULL می‌توان آزمود",
    },
    "query.cycle": {
        "en": "segments refer to each other in a cycle: {cycle}",
        "fa": "بخش‌ها در یک چرخه به هم ارجاع می‌دهند: {cycle}",
    },
    "query.unknown_part": {
        "en": "unknown calendar part '{name}' at {where}; use one of {choices}",
        "fa": "بخش تقویمی ناشناختهٔ «{name}» در {where}؛ یکی از این‌ها را به کار ببرید: {choices}",
    },
    "query.part_needs_date": {
        "en": "{part}() at {where} needs a date field; '{name}' holds {kind}",
        "fa": "{part}() در {where} فیلد تاریخ می‌خواهد؛ «{name}» {kind} دارد",
    },
    "query.bad_part_value": {
        "en": "'{literal}' at {where} is not a value of {part}(); valid values: {choices}",
        "fa": "«{literal}» در {where} مقداری از {part}() نیست؛ مقدارهای معتبر: {choices}",
    },
    "query.part_operator": {
        "en": "a calendar part at {where} takes a comparison, BETWEEN or IN, not {operator}",
        "fa": "بخش تقویمی در {where} با مقایسه، BETWEEN یا IN می‌آید، نه {operator}",
    },
    "query.part_order": {
        "en": "{part}() at {where} compares with = , != , IN or NOT IN",
        "fa": "{part}() در {where} را با = ، != ، IN یا NOT IN مقایسه کنید",
    },
    "query.unknown_enum_value": {
        "en": "'{literal}' at {where} is not a value of '{name}'; valid values: {choices}",
        "fa": "«{literal}» در {where} مقداری از «{name}» نیست؛ مقدارهای معتبر: {choices}",
    },
    "query.ambiguous_field": {
        "en": "'{name}' at {where} could mean the custom fields {choices}; write one of them",
        "fa": "«{name}» در {where} می‌تواند هر یک از فیلدهای سفارشی {choices} باشد؛ یکی را بنویسید",
    },
    "query.collision": {
        "en": "the imported custom field '{name}' has the name of a profile field: '{name}' "
        "in a rule means the profile field; write {custom} for the imported one",
        "fa": "فیلد سفارشی واردشدهٔ «{name}» هم‌نام یک فیلد نمایه است: «{name}» در قاعده "
        "یعنی فیلد نمایه؛ برای فیلد واردشده بنویسید {custom}",
    },
    "query.bad_json": {
        "en": "invalid rule tree at {path}: {problem}",
        "fa": "درخت قاعدهٔ نامعتبر در {path}: {problem}",
    },
}

#: How a kind of field or value is named in messages.
KIND_NAMES: dict[str, dict[str, str]] = {
    "text": {"en": "text", "fa": "متن"},
    "number": {"en": "a number", "fa": "عدد"},
    "date": {"en": "a date", "fa": "تاریخ"},
    "timestamp": {"en": "a date", "fa": "تاریخ"},
    "boolean": {"en": "true or false", "fa": "درست یا نادرست"},
    "list": {"en": "a list", "fa": "فهرست"},
}

#: Human names for the grammar's terminals, for "expected ..." in syntax errors.
TOKEN_NAMES: dict[str, dict[str, str]] = {
    "value": {"en": "a value", "fa": "یک مقدار"},
    "name": {"en": "a field name", "fa": "نام یک فیلد"},
    "operator": {"en": "an operator", "fa": "یک عملگر"},
    "end": {"en": "the end of the rule", "fa": "پایان قاعده"},
    "or": {"en": "or", "fa": "یا"},
}


def check_lang(lang: str) -> None:
    """Refuse a language the messages are not written in."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, not {lang!r}")


def where(text: str | None, position: int | None, lang: str = "en") -> str:
    """Name a position as people count: "column 5" or "line 2, column 5".

    Parameters
    ----------
    text
        The rule text, or None when only the offset is known.
    position
        0-based offset into ``text``.
    lang
        "en" or "fa"; Persian uses Persian digits.

    Returns
    -------
    str
        The phrase, 1-based.
    """
    check_lang(lang)
    if position is None:
        return {"en": "an unknown position", "fa": "جای نامعلوم"}[lang]
    line, column = 1, position + 1
    if text is not None and "\n" in text[:position]:
        line = text.count("\n", 0, position) + 1
        column = position - text.rfind("\n", 0, position)
    if lang == "fa":
        phrase = f"ستون {column}" if line == 1 else f"سطر {line}، ستون {column}"
        return to_persian_digits(phrase) or phrase
    return f"column {column}" if line == 1 else f"line {line}, column {column}"


def caret(text: str, position: int) -> str:
    """The line of ``text`` holding ``position`` and a caret under it."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    line = text[start : end if end != -1 else len(text)]
    # Tabs keep their width in the caret line so the caret stays aligned.
    pad = "".join("\t" if ch == "\t" else " " for ch in line[: position - start])
    return f"\n  {line}\n  {pad}^"


def rule_error(
    key: str,
    *,
    lang: str = "en",
    text: str | None = None,
    position: int | None = None,
    suggestion: str | None = None,
    cls: type[InvalidSegmentRule] = InvalidSegmentRule,
    **fields: Any,
) -> InvalidSegmentRule:
    """Build the error for message ``key``, with position, suggestion and caret.

    Parameters
    ----------
    key
        A key of :data:`MESSAGES`.
    lang
        "en" or "fa".
    text
        The rule text, to show the line with a caret.
    position
        0-based offset of the problem in ``text``.
    suggestion
        The nearest valid name, appended as "did you mean ...?".
    cls
        The exception class; :class:`SegmentCycle` for cycles.
    **fields
        Values for the template's placeholders.

    Returns
    -------
    InvalidSegmentRule
        Not raised: the caller raises it, so tracebacks point at the caller.
    """
    check_lang(lang)
    message = MESSAGES[key][lang].format(where=where(text, position, lang), **fields)
    if suggestion is not None:
        message += MESSAGES["query.suggestion"][lang].format(suggestion=suggestion)
    if text and text.strip() and position is not None and 0 <= position <= len(text):
        message += caret(text, position)
    return cls(message, position=position, suggestion=suggestion)


def cycle_error(cycle: list[str], lang: str = "en") -> SegmentCycle:
    """The error for a cycle of segment references, e.g. ``vip -> loyal -> vip``."""
    error = cast(
        SegmentCycle,
        rule_error("query.cycle", lang=lang, cls=SegmentCycle, cycle=" -> ".join(cycle)),
    )
    error.cycle = tuple(cycle)
    return error
