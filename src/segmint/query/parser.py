"""Parse rule text into a rule tree, with errors that point at the text.

The grammar lives in ``grammar.lark`` beside this module (LALR(1), contextual
lexer). Parsing checks syntax and literals only (dates exist, units are known);
whether names exist and values fit their fields is the catalogue's job
(:func:`segmint.query.check_rule`).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from importlib import resources
from typing import Any, Literal, cast

import lark
from lark import Lark, Token, Tree

from segmint.exceptions import InvalidSegmentRule
from segmint.locale.text import normalize_digits
from segmint.query.messages import check_lang, rule_error, token_name
from segmint.query.rules import (
    AGGREGATES,
    CUSTOM_PREFIX,
    DATE_PARTS,
    AbsoluteDate,
    And,
    Between,
    Boolean,
    Comparator,
    Comparison,
    Contains,
    FieldRule,
    InList,
    IsNull,
    Matches,
    NamedDay,
    Not,
    Number,
    Or,
    RelativeDate,
    Rule,
    SegmentRef,
    Text,
    Value,
)

__all__ = ["CUSTOM_PREFIX", "JALALI_YEARS_BEFORE", "parse", "parse_date_text"]

#: Years below this are read as Jalali (1402-01-01), others as Gregorian. The
#: ranges in use (Jalali 1300-1500, Gregorian 1900-2100) are far apart.
JALALI_YEARS_BEFORE = 1700

_UNITS = ("d", "w", "m", "y")
_VALUE_TOKENS = {"STRING", "NUMBER", "DATE", "RELDATE", "TRUE", "FALSE", "TODAY", "YESTERDAY"}
_KEYWORD_TOKENS = {
    "_AND": "AND",
    "_OR": "OR",
    "NOT": "NOT",
    "_IN": "IN",
    "_IS": "IS",
    "_NULL": "NULL",
    "_BETWEEN": "BETWEEN",
    "_CONTAINS": "CONTAINS",
    "QUANTIFIER": "ANY / ALL",
    "_MATCHES": "MATCHES",
    "_SEGMENT": "SEGMENT",
    "LPAR": "'('",
    "RPAR": "')'",
    "COMMA": "','",
}


def _ascii_digits(text: str) -> str:
    """Persian and Arabic-Indic digits, and the Arabic decimal sign, in ASCII."""
    return (normalize_digits(text) or "").replace("\u066b", ".")


@cache
def _parser() -> Lark:
    """The LALR parser, built once from the packaged grammar."""
    grammar = resources.files("segmint.query").joinpath("grammar.lark").read_text("utf-8")
    return Lark(grammar, parser="lalr", propagate_positions=True, maybe_placeholders=True)


def parse(text: str, *, lang: str = "en") -> Rule:
    """Parse a segment rule.

    Parameters
    ----------
    text
        The rule, e.g. ``"amount_spent > 1000000 AND tags CONTAINS 'vip'"``.
    lang
        Language of error messages: "en" or "fa".

    Returns
    -------
    Rule
        The rule tree; every node's ``position`` is its offset in ``text``.

    Raises
    ------
    InvalidSegmentRule
        On a syntax error or an impossible literal, with ``.position`` set.
    """
    check_lang(lang)
    if not text.strip():
        raise rule_error("query.empty", lang=lang, text=text, position=0)
    try:
        tree = _parser().parse(text)
    except lark.exceptions.UnexpectedInput as exc:
        raise _syntax_error(exc, text, lang) from None
    try:
        return _Builder(text, lang).rule(tree)
    except RecursionError:
        raise rule_error("query.too_deep", lang=lang, text=text, position=0) from None


def parse_date_text(
    text: str, *, position: int | None = None, source: str | None = None, lang: str = "en"
) -> AbsoluteDate:
    """Read ``YYYY-MM-DD`` (or with ``/``), Gregorian or Jalali by year range.

    Parameters
    ----------
    text
        The date, digits in any script.
    position, source, lang
        Where the date sits in the rule text, for the error message.

    Returns
    -------
    AbsoluteDate
        The Gregorian day, remembering which calendar it was written in.

    Raises
    ------
    InvalidSegmentRule
        When the text is not a date or the day does not exist.
    """
    match = re.fullmatch(r"\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})\s*", _ascii_digits(text))
    if match is None:
        raise rule_error("query.bad_date", lang=lang, text=source, position=position, literal=text)
    year, month, day = (int(part) for part in match.groups())
    try:
        if year < JALALI_YEARS_BEFORE:
            from segmint.locale.jalali import from_gregorian, to_gregorian

            value = to_gregorian(year, month, day)
            # A converter may roll 1402-12-30 over into the next year; refuse instead.
            if tuple(from_gregorian(value)) != (year, month, day):
                raise ValueError("no such Jalali day")
            return AbsoluteDate(value, "jalali", position=position)
        return AbsoluteDate(dt.date(year, month, day), "gregorian", position=position)
    except ValueError:
        raise rule_error(
            "query.bad_date", lang=lang, text=source, position=position, literal=text
        ) from None


def _unescape(token: str) -> str:
    """The content of a quoted string: a backslash keeps the next character."""
    return re.sub(r"\\(.)", r"\1", token[1:-1], flags=re.DOTALL)


class _Builder:
    """Turns lark's parse tree into the rule tree, keeping positions."""

    def __init__(self, text: str, lang: str) -> None:
        self.text = text
        self.lang = lang

    def rule(self, tree: Tree) -> Rule:
        """Build the rule for one node of the parse tree."""
        kind = tree.data
        pos = tree.meta.start_pos
        children: list[Any] = tree.children
        if kind == "or_expr":
            return Or(tuple(self.rule(child) for child in children), position=pos)
        if kind == "and_expr":
            return And(tuple(self.rule(child) for child in children), position=pos)
        if kind == "negation":
            return Not(self.rule(children[1]), position=pos)
        if kind == "segment_ref":
            return SegmentRef(_unescape(children[0]), position=pos)
        if kind == "matches":
            items = [
                cast(FieldRule, self.rule(child)) for child in children[2:] if child is not None
            ]
            having = tuple(item for item in items if item.field in AGGREGATES)
            where = tuple(item for item in items if item.field not in AGGREGATES)
            return Matches(
                self.plain(children[0], "MATCHES"),
                where,
                having,
                negated=children[1] is not None,
                position=pos,
            )
        if kind in ("comparison", "between", "in_list"):
            name, part = self.subject(children[0])
            if kind == "comparison":
                op = cast(Comparator, str(children[1]))
                return Comparison(name, op, self.value(children[2]), part=part, position=pos)
            if kind == "between":
                return Between(
                    name,
                    self.value(children[2]),
                    self.value(children[3]),
                    negated=children[1] is not None,
                    part=part,
                    position=pos,
                )
            return InList(
                name,
                self.values(children[2]),
                negated=children[1] is not None,
                part=part,
                position=pos,
            )
        name = self.plain(children[0], "IS NULL" if kind == "is_null" else "CONTAINS")
        if kind == "is_null":
            return IsNull(name, negated=children[1] is not None, position=pos)
        if kind == "contains_one":
            return Contains(
                name,
                (self.value(children[2]),),
                "one",
                negated=children[1] is not None,
                position=pos,
            )
        if kind == "contains_many":
            return Contains(
                name,
                self.values(children[3]),
                cast(Literal["any", "all"], str(children[2]).lower()),
                negated=children[1] is not None,
                position=pos,
            )
        raise AssertionError(f"grammar rule {kind!r} has no builder")  # pragma: no cover

    def subject(self, tree: Tree) -> tuple[str, str | None]:
        """The field a condition tests, and the calendar part it takes of it, if any."""
        if tree.data != "part":
            return self.name(tree), None
        function = self.name(tree.children[0])
        part = function.lower()
        if part not in DATE_PARTS:
            raise rule_error(
                "query.unknown_part",
                lang=self.lang,
                text=self.text,
                position=tree.meta.start_pos,
                name=function,
                choices=", ".join(DATE_PARTS),
            )
        return self.name(tree.children[1]), part

    def plain(self, tree: Tree, operator: str) -> str:
        """The name before an operator that takes no calendar part."""
        if tree.data == "part":
            raise rule_error(
                "query.part_operator",
                lang=self.lang,
                text=self.text,
                position=tree.meta.start_pos,
                operator=operator,
            )
        return self.name(tree)

    @staticmethod
    def name(tree: Tree) -> str:
        """A field or collection name, without quotes; ``custom.`` kept as the prefix."""
        token = cast(Token, tree.children[0])
        if token.type == "QUOTED_IDENT":
            return token[1:-1]
        if token.type == "NAME_STRING":
            return _unescape(token)
        if token.type == "CUSTOM_NAME":
            rest = token[len(CUSTOM_PREFIX) :]
            return CUSTOM_PREFIX + (rest[1:-1] if rest.startswith("`") else rest)
        return str(token)

    def values(self, tree: Tree) -> tuple[Value, ...]:
        """The values of a parenthesized list."""
        return tuple(self.value(cast(Token, token)) for token in tree.children)

    def value(self, token: Token) -> Value:
        """One literal."""
        pos = token.start_pos
        kind = token.type
        if kind == "STRING":
            return Text(_unescape(token), position=pos)
        if kind == "NUMBER":
            digits = _ascii_digits(token)
            number = float(digits) if "." in digits else int(digits)
            return Number(number, position=pos)
        if kind in ("TRUE", "FALSE"):
            return Boolean(kind == "TRUE", position=pos)
        if kind in ("TODAY", "YESTERDAY"):
            return NamedDay(cast(Literal["today", "yesterday"], kind.lower()), position=pos)
        if kind == "DATE":
            return parse_date_text(token, position=pos, source=self.text, lang=self.lang)
        if kind == "RELDATE":
            match = re.fullmatch(r"([+-]\d+)([a-zA-Z]+)", _ascii_digits(token))
            assert match is not None  # the RELDATE terminal has this shape
            unit = match.group(2).lower()
            if unit not in _UNITS:
                raise rule_error(
                    "query.bad_unit",
                    lang=self.lang,
                    text=self.text,
                    position=(pos or 0) + len(match.group(1)),
                    unit=match.group(2),
                )
            return RelativeDate(
                int(match.group(1)), cast(Literal["d", "w", "m", "y"], unit), position=pos
            )
        raise AssertionError(f"token {kind!r} is not a value")  # pragma: no cover


def _describe_expected(expected: set[str], lang: str) -> str:
    """Name what the parser would have accepted, in words a user knows."""
    words: list[str] = []
    if "COMPARATOR" in expected:
        # After a name '(' would open a calendar part (month(date)); listing it among the
        # operators only confuses, and an unknown part gets its own message.
        expected = expected - {"LPAR"}
    for name in sorted(expected):
        if name in _VALUE_TOKENS:
            word = token_name("value", lang)
        elif name in ("IDENT", "QUOTED_IDENT", "NAME_STRING", "CUSTOM_NAME"):
            word = token_name("name", lang)
        elif name == "COMPARATOR":
            word = token_name("operator", lang)
        elif name == "$END":
            word = token_name("end", lang)
        else:
            word = _KEYWORD_TOKENS.get(name, name)
        if word not in words:
            words.append(word)
    # Values and names first: they are what a user most often left out.
    order = [token_name(key, lang) for key in ("value", "name", "operator")]
    words.sort(key=lambda word: order.index(word) if word in order else len(order))
    if len(words) == 1:
        return words[0]
    comma = "، " if lang == "fa" else ", "
    return comma.join(words[:-1]) + f" {token_name('or', lang)} " + words[-1]


def _syntax_error(exc: lark.exceptions.UnexpectedInput, text: str, lang: str) -> InvalidSegmentRule:
    """Translate lark's exception into a positioned, worded error."""
    if isinstance(exc, lark.exceptions.UnexpectedCharacters):
        pos = exc.pos_in_stream or 0
        char = text[pos]
        if char in "'\"":
            return rule_error(
                "query.unterminated_string", lang=lang, text=text, position=pos, quote=char
            )
        return rule_error(
            "query.unexpected_char", lang=lang, text=text, position=pos, found=repr(char)
        )
    expected = set(getattr(exc, "expected", None) or ())
    interactive = getattr(exc, "interactive_parser", None)
    if interactive is not None:
        # LALR states merge lookaheads; ask the parser what it really accepts here.
        expected = set(interactive.accepts()) or expected
    token = getattr(exc, "token", None)
    if token is None or token.type == "$END":
        return rule_error(
            "query.unexpected_end",
            lang=lang,
            text=text,
            position=len(text),
            expected=_describe_expected(expected, lang),
        )
    if token.type == "IDENT" and "STRING" in expected:
        # A bare word where a value belongs is nearly always text without quotes.
        return rule_error(
            "query.unquoted_text",
            lang=lang,
            text=text,
            position=token.start_pos,
            found=repr(str(token)),
            word=str(token),
        )
    return rule_error(
        "query.unexpected",
        lang=lang,
        text=text,
        position=token.start_pos,
        found=repr(str(token)),
        expected=_describe_expected(expected, lang),
    )
