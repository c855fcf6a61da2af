"""Segments as steps on a workspace: count, save, list, show, delete, export, compare."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from segmint.steps._common import language

if TYPE_CHECKING:
    from segmint.store import Workspace


def count(
    workspace: Workspace,
    query: str | None = None,
    *,
    name: str | None = None,
    sample: int = 0,
    lang: str | None = None,
) -> dict[str, Any]:
    """Count the customers a rule (or a saved segment) selects, and how many can be reached.

    Parameters
    ----------
    workspace
        The workspace; read-only.
    query
        A rule in the query language, e.g. ``"rfm_group = 'champions' AND city = 'Tehran'"``.
    name
        Or a saved or built-in segment's name (``"vip"``, ``"rfm:champions"``).
    sample
        How many customers to return (the lowest ids, so the sample is stable).
    lang
        Language of error messages; default: the workspace's.

    Returns
    -------
    dict
        ``count``, ``reachable_sms``, ``reachable_email`` and ``sample`` (a list of dicts).

    Raises
    ------
    InvalidSegmentRule
        The rule does not parse or names an unknown field.
    """
    from segmint.segments import preview

    with workspace.data() as con, workspace.session() as session:
        return preview(
            con, session, query=query, name=name, sample=sample, lang=language(workspace, lang)
        )
