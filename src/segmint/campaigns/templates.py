"""Message templates: Jinja2 in an immutable sandbox, checked before a campaign is saved.

A template is rendered in :class:`jinja2.sandbox.ImmutableSandboxedEnvironment` with
:class:`jinja2.StrictUndefined`: it can read the variables it is given and call the
functions it is handed, never reach Python's internals (``__class__``, ``mro``,
``__subclasses__``, ``__globals__``...) nor change a list or dict it is shown, and a
misspelt variable is an error, not an empty string. HTML templates are autoescaped.

Variables
---------
``profile``
    The customer's stored columns (``profile.name``, ``profile.city``...).
``traits``
    The latest traits (``traits.rfm_group``, ``traits.clv_365d``...); empty before a run.
``fields``
    Custom fields (``fields.genre``); a multi-select field is a list.
``coupon_code``, ``wallet_balance``
    The customer's coupon of this campaign and cashback balance, or None.
``unsubscribe_url``
    The signed one-click unsubscribe link. Every email template must use it.
``survey_url(question)``
    A signed link to a one-question survey: ``survey_url('csat')`` or ``survey_url('nps')``.

Templates are checked when a campaign is created (:func:`check_template`): the syntax,
every attribute they name, and the unsubscribe link of emails. Rendering
(:func:`render`) checks again at run time, since the sandbox is the real guard.
"""

from __future__ import annotations

import functools
import html as html_lib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, UndefinedError, meta, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from segmint.exceptions import TemplateError
from segmint.i18n import translate

__all__ = [
    "UNSAFE_NAMES",
    "VARIABLES",
    "SmsLength",
    "check_template",
    "html_to_text",
    "render",
    "sms_parts",
]

#: The variables a template may use.
VARIABLES = (
    "profile",
    "traits",
    "fields",
    "coupon_code",
    "wallet_balance",
    "unsubscribe_url",
    "survey_url",
)

#: Attribute names refused outright, besides every name that starts with an underscore.
UNSAFE_NAMES = frozenset(
    {
        "mro",
        "func_globals",
        "func_code",
        "f_globals",
        "f_locals",
        "f_back",
        "gi_frame",
        "gi_code",
        "cr_frame",
        "cr_code",
        "ag_frame",
        "tb_frame",
        "im_func",
        "im_self",
    }
)

_ENVIRONMENTS: dict[bool, ImmutableSandboxedEnvironment] = {}


def _environment(html: bool) -> ImmutableSandboxedEnvironment:
    """The sandbox for HTML (autoescaped) or plain text, made once each."""
    if html not in _ENVIRONMENTS:
        _ENVIRONMENTS[html] = ImmutableSandboxedEnvironment(
            undefined=StrictUndefined, autoescape=html, keep_trailing_newline=True
        )
    return _ENVIRONMENTS[html]


@functools.lru_cache(maxsize=256)
def _compiled(source: str, html: bool) -> Template:
    """A template compiled once: a campaign renders the same few sources thousands of times."""
    return _environment(html).from_string(source)


def _unsafe(name: object) -> bool:
    return isinstance(name, str) and (name.startswith("_") or name in UNSAFE_NAMES)


def _named_attributes(tree: nodes.Template) -> list[str]:
    """Every attribute a template names: ``a.b``, ``a['b']`` and ``a|attr('b')``."""
    found: list[str] = []
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
        if isinstance(node, nodes.Getattr):
            found.append(node.attr)
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            found.append(str(node.arg.value))
        elif isinstance(node, nodes.Filter) and node.name == "attr":
            found.extend(str(a.value) for a in node.args if isinstance(a, nodes.Const))
    return found


def check_template(
    source: str, *, html: bool = False, needs_unsubscribe: bool = False, lang: str = "en"
) -> None:
    """Refuse a template that does not parse, reaches for internals or lacks what it must use.

    Parameters
    ----------
    source
        The template text.
    html
        Whether it is an HTML template (autoescaped).
    needs_unsubscribe
        True for an email body: it must use ``unsubscribe_url``.
    lang
        Language of the error.

    Raises
    ------
    TemplateError
        The template does not parse, names an attribute such as ``__class__`` or
        ``mro``, uses an unknown variable, or is an email body without ``unsubscribe_url``.
    """
    environment = _environment(html)
    try:
        tree = environment.parse(source)
    except TemplateSyntaxError as error:
        raise TemplateError(
            translate("campaigns.template_syntax", lang, line=error.lineno, error=error.message)
        ) from error
    unsafe = sorted({name for name in _named_attributes(tree) if _unsafe(name)})
    if unsafe:
        raise TemplateError(translate("campaigns.template_unsafe", lang, names=", ".join(unsafe)))
    used = meta.find_undeclared_variables(tree)
    unknown = sorted(used - set(VARIABLES))
    if unknown:
        raise TemplateError(
            translate(
                "campaigns.template_unknown",
                lang,
                names=", ".join(unknown),
                known=", ".join(VARIABLES),
            )
        )
    if needs_unsubscribe and "unsubscribe_url" not in used:
        raise TemplateError(translate("campaigns.template_needs_unsubscribe", lang))


def render(source: str, context: Mapping[str, Any], *, html: bool = False, lang: str = "en") -> str:
    """Render a template in the sandbox.

    Raises
    ------
    TemplateError
        The template used a value the customer does not have (``profile.nmae``), or
        tried to reach outside the sandbox.
    """
    try:
        return _compiled(source, html).render(context)
    except SecurityError as error:
        raise TemplateError(translate("campaigns.template_security", lang, error=error)) from error
    except UndefinedError as error:
        raise TemplateError(
            translate("campaigns.template_undefined", lang, error=error.message)
        ) from error
    except TemplateSyntaxError as error:
        raise TemplateError(
            translate("campaigns.template_syntax", lang, line=error.lineno, error=error.message)
        ) from error


class _Text(HTMLParser):
    """Collects the text of an HTML document, a line per block and links kept."""

    BLOCKS = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "table"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"style", "script", "head"}:
            self.skip += 1
        if tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "a":
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"style", "script", "head"}:
            self.skip = max(self.skip - 1, 0)
        if tag == "a" and self.href:
            self.parts.append(f" <{self.href}>")
            self.href = None
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(document: str) -> str:
    """A readable plain-text version of an HTML message (the email's text alternative)."""
    parser = _Text()
    parser.feed(document)
    parser.close()
    text = html_lib.unescape("".join(parser.parts))
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# GSM 03.38: the basic character set, and the extension characters that take two septets.
_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = frozenset("^{}\\[~]|€\f")


@dataclass(frozen=True)
class SmsLength:
    """How an SMS text travels: its encoding, length in that encoding's units, and parts."""

    encoding: str  # "GSM-7" or "UCS-2"
    units: int
    parts: int
    per_part: int


def sms_parts(text: str) -> SmsLength:
    """The encoding, length and number of parts of an SMS.

    GSM-7 when every character is in the GSM 03.38 alphabet (extension characters such
    as ``€`` count twice): 160 in one part, 153 a part when split. Otherwise UCS-2
    (Persian, emoji): 70 UTF-16 units in one part, 67 a part when split.
    """
    if all(ch in _GSM_BASIC or ch in _GSM_EXTENDED for ch in text):
        units = sum(2 if ch in _GSM_EXTENDED else 1 for ch in text)
        single, split, encoding = 160, 153, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, split, encoding = 70, 67, "UCS-2"
    if units <= single:
        return SmsLength(encoding, units, 1 if units else 0, single)
    return SmsLength(encoding, units, math.ceil(units / split), split)
