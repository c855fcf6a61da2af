"""E-mail addresses: trimmed, lower-cased, with obvious mistakes rejected.

:func:`normalize_email` turns Persian/Arabic digits into ASCII, drops invisible
characters (bidi marks are common when an address is pasted from Persian
text), trims whitespace, drops a ``mailto:`` prefix and lower-cases the
address. Lower-casing the local part is what shops expect (``Ali@x.com`` and
``ali@x.com`` are one customer), although RFC 5321 lets a server tell them
apart.

:func:`email_problem` rejects what cannot be delivered: spaces inside, no
``@`` or more than one, non-ASCII characters (internationalized addresses are
rare enough to send to the reject file for a person to check), a local part
that is not a dot-atom, or a domain without a dot-separated alphabetic
top-level label. It does not look the domain up.
"""

from __future__ import annotations

import re
from typing import Literal

import ibis
import ibis.expr.types as ir

from segmint.i18n import labels
from segmint.locale.calendar_math import IBIS, IbisOps
from segmint.locale.text import FLAT

_ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+"
LOCAL_PATTERN = f"^{_ATOM}([.]{_ATOM})*@"
DOMAIN_PATTERN = "@([a-z0-9]([a-z0-9-]*[a-z0-9])?[.])+[a-z]{2,63}$"
MAX_LENGTH = 254

#: Reasons a value is not an e-mail address: the catalogue's ``reason.email.*`` entries.
EMAIL_PROBLEMS: dict[str, dict[str, str]] = labels(
    "reason.email",
    ("empty", "has_space", "non_ascii", "no_at", "many_at", "too_long", "bad_local", "bad_domain"),
)

# (code, pattern that signals the problem, whether a match means a problem)
_CHECKS: tuple[tuple[str, str, bool], ...] = (
    ("has_space", " ", True),
    ("non_ascii", "[^ -~]", True),
    ("no_at", "@", False),
    ("many_at", "@.*@", True),
    ("too_long", f"^.{{{MAX_LENGTH + 1}}}", True),
    ("bad_local", LOCAL_PATTERN, False),
    ("bad_domain", DOMAIN_PATTERN, False),
)
_MAILTO = "^mailto:"


def _read(text: str | None) -> tuple[str | None, str | None]:
    """Scalar reader: (address, problem code)."""
    cleaned = "" if text is None else FLAT(text).strip(" ")
    if not cleaned:
        return None, "empty"
    lowered = re.sub(_MAILTO, "", cleaned.lower())
    # Characters are checked before lower-casing: str.lower and SQL LOWER treat
    # some non-ASCII letters differently (the Kelvin sign becomes "k").
    for code, pattern, bad_if_found in _CHECKS:
        subject = cleaned if code == "non_ascii" else lowered
        if (re.search(pattern, subject) is not None) == bad_if_found:
            return None, code
    return lowered, None


def _read_expr(value: ir.StringValue, ops: IbisOps) -> tuple[ir.StringValue, ir.StringValue]:
    """Engine reader: (address, problem code)."""
    c = ops.stage(cleaned=FLAT.expr(value, guard=ops.staged).strip())
    s = ops.stage(cleaned=c.cleaned, lowered=c.cleaned.lower().re_replace(_MAILTO, ""))
    branches = []
    for code, pattern, bad_if_found in _CHECKS:
        subject = s.cleaned if code == "non_ascii" else s.lowered
        found = subject.re_search(pattern)
        branches.append((found if bad_if_found else ~found, code))
    code = ibis.cases(
        (s.cleaned.isnull() | (s.cleaned == ""), "empty"), *branches, else_=ibis.null("string")
    )
    return ibis.ifelse(code.isnull(), s.lowered, ibis.null("string")), code


def normalize_email(text: str | None) -> str | None:
    """Clean an e-mail address; ``None`` if it is obviously not deliverable.

    Parameters
    ----------
    text
        For example ``" Ali.Karimi@Example.COM "``.

    Returns
    -------
    str or None
        For example ``"ali.karimi@example.com"``.

    Examples
    --------
    >>> normalize_email("mailto:Ali@Example.com")
    'ali@example.com'
    """
    return _read(text)[0]


def email_problem_code(text: str | None) -> str | None:
    """Why ``text`` is not an e-mail address, as a key of :data:`EMAIL_PROBLEMS`.

    Parameters
    ----------
    text
        The value.

    Returns
    -------
    str or None
        ``None`` when :func:`normalize_email` accepts the value.
    """
    return _read(text)[1]


def email_problem(text: str | None, *, lang: Literal["en", "fa"] = "en") -> str | None:
    """Why ``text`` is not an e-mail address, in words, for reject files.

    Parameters
    ----------
    text
        The value.
    lang
        ``"en"`` or ``"fa"``.

    Returns
    -------
    str or None
        The reason, or ``None`` when the value is accepted.
    """
    code = _read(text)[1]
    return None if code is None else EMAIL_PROBLEMS[code][lang]


def normalize_email_expr(value: ir.StringValue) -> ir.StringValue:
    """Ibis twin of :func:`normalize_email`: the address, null where invalid.

    Parameters
    ----------
    value
        A string column.

    Returns
    -------
    ibis.expr.types.StringValue
        The cleaned addresses.
    """
    return _read_expr(value, IBIS)[0]


def email_problem_expr(value: ir.StringValue) -> ir.StringValue:
    """Ibis twin of :func:`email_problem_code`: a reason code, null when valid.

    Parameters
    ----------
    value
        A string column.

    Returns
    -------
    ibis.expr.types.StringValue
        Keys of :data:`EMAIL_PROBLEMS`.
    """
    return _read_expr(value, IBIS)[1]
