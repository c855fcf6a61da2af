"""Counts for a live segment builder: each condition alone and the rule up to it.

A builder shows, beside every top-level condition of a rule (the parts joined
by the outermost ``AND`` or ``OR``), how many customers that condition selects
on its own and how many the rule selects when cut after it, so a user sees
which condition narrows the audience. All counts come from one aggregate query
over the profile: ``count(where=...)`` per column, no member list leaves the
engine.

For ``a AND b AND c`` the running counts are ``a``, ``a AND b``, ``a AND b AND
c``; for ``OR`` they grow instead. A rule with one condition has one row whose
two counts are equal.
"""

from __future__ import annotations

from typing import Any

import ibis.expr.types as ir
from ibis.backends import BaseBackend
from sqlalchemy.orm import Session

from segmint.query import Rule, parse, to_text
from segmint.segments.definitions import Registry
from segmint.segments.explain import top_conditions
from segmint.segments.membership import segment_condition
from segmint.segments.profile import sources

__all__ = ["condition_counts"]


def condition_counts(
    con: BaseBackend, session: Session, query: Rule | str, *, lang: str = "en"
) -> dict[str, Any]:
    """Count each top-level condition of a rule alone and the rule up to it.

    Parameters
    ----------
    con, session
        The data and metadata stores.
    query
        The rule, as text or tree.
    lang
        Language of error messages.

    Returns
    -------
    dict
        ``combine`` (``and``, ``or`` or ``single``), ``customers`` (the whole
        profile), ``count`` (the whole rule) and ``conditions``: one dict per
        top-level condition with ``condition`` (canonical text), ``alone`` and
        ``cumulative``.

    Raises
    ------
    InvalidSegmentRule
        The rule does not parse or names unknown fields or segments.
    """
    registry = Registry.load(session, lang=lang)
    where = sources(con)
    rule = parse(query, lang=lang) if isinstance(query, str) else query
    combine, parts = top_conditions(rule)
    alone = [segment_condition(con, registry, where, part).fill_null(False) for part in parts]
    running: list[ir.BooleanValue] = []
    for i, held in enumerate(alone):
        if i == 0:
            running.append(held)
        elif combine == "or":
            running.append(running[-1] | held)
        else:
            running.append(running[-1] & held)
    profile = where.profile
    measures: dict[str, Any] = {"customers": profile.count()}
    for i in range(len(parts)):
        measures[f"a{i}"] = profile.count(where=alone[i])
        measures[f"c{i}"] = profile.count(where=running[i])
    row = profile.aggregate(**measures).to_pyarrow().to_pylist()[0]
    conditions = [
        {
            "condition": to_text(part),
            "alone": int(row[f"a{i}"] or 0),
            "cumulative": int(row[f"c{i}"] or 0),
        }
        for i, part in enumerate(parts)
    ]
    return {
        "combine": combine,
        "customers": int(row["customers"] or 0),
        "count": conditions[-1]["cumulative"],
        "conditions": conditions,
    }
