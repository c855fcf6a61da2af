"""Segment references: which segments a rule uses, unknown names and cycles.

A segment may say ``IN SEGMENT 'vip'``; the set of saved definitions must then
hold ``vip``, and no chain of references may lead back to where it started
(``vip -> loyal -> vip``), or the segment could never be computed.
"""

from __future__ import annotations

from collections.abc import Mapping

from segmint.query.catalogue import suggest
from segmint.query.messages import check_lang, cycle_error, rule_error
from segmint.query.parser import parse
from segmint.query.rules import Rule, SegmentRef, walk

__all__ = ["check_references", "referenced_segments"]


def referenced_segments(rule: Rule) -> list[SegmentRef]:
    """The segment references of a rule, in text order.

    Parameters
    ----------
    rule
        A rule tree.

    Returns
    -------
    list of SegmentRef
        One entry per reference (a name used twice appears twice).
    """
    return [node for node in walk(rule) if isinstance(node, SegmentRef)]


def check_references(definitions: Mapping[str, Rule | str], *, lang: str = "en") -> list[str]:
    """Check that segment references name saved segments and form no cycle.

    Parameters
    ----------
    definitions
        Segment name to its rule, as a tree or as text.
    lang
        Language of error messages: "en" or "fa".

    Returns
    -------
    list of str
        The segment names in an order where every segment comes after the
        segments it refers to (the order to compute them in).

    Raises
    ------
    InvalidSegmentRule
        When a rule does not parse, or refers to a segment that is not in
        ``definitions`` (the message names the referring segment's position and
        suggests the nearest name).
    SegmentCycle
        When references form a cycle; the message names it, e.g.
        ``vip -> loyal -> vip``, and ``.cycle`` holds the names.
    """
    check_lang(lang)
    rules = {
        name: parse(rule, lang=lang) if isinstance(rule, str) else rule
        for name, rule in definitions.items()
    }
    edges: dict[str, list[str]] = {}
    for name, rule in rules.items():
        edges[name] = []
        for ref in referenced_segments(rule):
            if ref.name not in rules:
                source = definitions[name]
                raise rule_error(
                    "query.unknown_segment",
                    lang=lang,
                    text=source if isinstance(source, str) else None,
                    position=ref.position,
                    name=ref.name,
                    suggestion=suggest(ref.name, rules),
                )
            if ref.name not in edges[name]:
                edges[name].append(ref.name)

    order: list[str] = []
    done: set[str] = set()
    for root in rules:
        if root in done:
            continue
        # An explicit stack instead of recursion: chains of references can be long.
        path: list[str] = [root]
        on_path = {root}
        pending = [iter(edges[root])]
        while pending:
            following = next(pending[-1], None)
            if following is None:
                finished = path.pop()
                on_path.discard(finished)
                pending.pop()
                done.add(finished)
                order.append(finished)
            elif following in on_path:
                raise cycle_error([*path[path.index(following) :], following], lang)
            elif following not in done:
                path.append(following)
                on_path.add(following)
                pending.append(iter(edges[following]))
    return order
