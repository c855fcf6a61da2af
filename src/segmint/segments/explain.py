"""Which segments one customer is in, and why.

For a support screen: every table is first cut to the one customer, then each
segment's rule and each of its top-level conditions (the parts joined by the
outermost ``AND`` or ``OR``) is evaluated in a single engine query, so the
answer shows which conditions held.
"""

from __future__ import annotations

from typing import Any

import ibis.expr.types as ir
from ibis.backends import BaseBackend
from sqlalchemy.orm import Session

from segmint.exceptions import UnknownCustomer
from segmint.i18n import translate
from segmint.query import And, Catalogue, Or, Rule, to_text
from segmint.segments.definitions import Registry
from segmint.segments.membership import segment_condition
from segmint.segments.profile import Sources, sources

__all__ = ["customer_segments", "read_flags", "segment_flags", "top_conditions"]


def top_conditions(rule: Rule) -> tuple[str, list[Rule]]:
    """How the top level combines (``and``, ``or`` or ``single``) and its parts."""
    if isinstance(rule, And):
        return "and", list(rule.items)
    if isinstance(rule, Or):
        return "or", list(rule.items)
    return "single", [rule]


def customer_segments(
    con: BaseBackend,
    session: Session,
    customer_id: str,
    *,
    everything: bool = False,
    lang: str = "en",
) -> dict[str, Any]:
    """The segments a customer is in, with the conditions that held.

    Parameters
    ----------
    con, session
        The data and metadata stores.
    customer_id
        The customer.
    everything
        Also list the segments the customer is not in (with the conditions
        that failed), e.g. to answer "why is X not a champion?".
    lang
        Language of error messages.

    Returns
    -------
    dict
        ``customer_id`` and ``segments``: a list (by priority) of
        ``{"segment", "kind", "member", "combine", "conditions": [{"condition",
        "held"}]}``.

    Raises
    ------
    UnknownCustomer
        No customer has that id.
    """
    registry = Registry.load(session, lang=lang)
    everyone = sources(con)
    # Names are checked against everyone's custom fields, not just this customer's.
    catalogue = registry.catalogue(everyone)
    flags, layout = segment_flags(con, registry, everyone.only(customer_id), catalogue)
    rows = flags.to_pyarrow().to_pylist()
    if not rows:
        raise UnknownCustomer(translate("customer.unknown", lang, customer_id=customer_id))
    return {
        "customer_id": customer_id,
        "segments": read_flags(rows[0], layout, registry, everything=everything),
    }


Layout = list[tuple[str, str, list[str]]]


def segment_flags(
    con: BaseBackend, registry: Registry, where: Sources, catalogue: Catalogue
) -> tuple[ir.Table, Layout]:
    """One boolean column per segment and per top-level condition, over ``where.profile``.

    Returns the table and the layout :func:`read_flags` reads a row of it with.
    """
    columns: dict[str, Any] = {}
    layout: Layout = []
    for i, name in enumerate(registry.names):
        rule = registry.rule(name)
        combine, parts = top_conditions(rule)
        columns[f"s{i}"] = segment_condition(
            con, registry, where, rule, catalogue=catalogue
        ).fill_null(False)
        texts = [to_text(rule)] if combine == "single" else []
        for j, part in enumerate(parts if combine != "single" else []):
            columns[f"s{i}_{j}"] = segment_condition(
                con, registry, where, part, catalogue=catalogue
            ).fill_null(False)
            texts.append(to_text(part))
        layout.append((name, combine, texts))
    return where.profile.select(**columns), layout


def read_flags(
    row: dict[str, Any], layout: Layout, registry: Registry, *, everything: bool = False
) -> list[dict[str, Any]]:
    """The segments of one row of :func:`segment_flags` (see :func:`customer_segments`)."""
    found = []
    for i, (name, combine, texts) in enumerate(layout):
        member = bool(row[f"s{i}"])
        if not (member or everything):
            continue
        record = registry.records[name]
        if combine == "single":
            conditions = [{"condition": texts[0], "held": member}]
        else:
            conditions = [
                {"condition": text, "held": bool(row[f"s{i}_{j}"])} for j, text in enumerate(texts)
            ]
        found.append(
            {
                "segment": name,
                "kind": record["kind"],
                "member": member,
                "combine": combine,
                "conditions": conditions,
            }
        )
    return found
