"""Tags on customers as steps on a workspace: add, remove, counts, the change log."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from segmint.steps._common import language

if TYPE_CHECKING:
    from segmint.store import Workspace


def add_tag(
    workspace: Workspace,
    tag: str,
    *,
    query: str | None = None,
    ids: str | Path | None = None,
    actor: str | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """Add ``tag`` to the customers a rule (``query``) or a list of ids selects; logged.

    Parameters
    ----------
    query
        A rule in the query language.
    ids
        Or a file of customer ids (one per line, or a CSV with ``customer_id``).
    actor
        Who makes the change, for the log; default: the logged-in user's name.

    Returns
    -------
    dict
        ``tag`` (normalized), ``matched``, ``changed``, ``already``, and for a file
        ``values``, ``unmatched`` and ``unmatched_sample``.
    """
    return _change(workspace, "add", tag, query=query, ids=ids, actor=actor, lang=lang)


def remove_tag(
    workspace: Workspace,
    tag: str,
    *,
    query: str | None = None,
    ids: str | Path | None = None,
    actor: str | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """Remove ``tag`` from the customers a rule or a list of ids selects; as :func:`add_tag`."""
    return _change(workspace, "remove", tag, query=query, ids=ids, actor=actor, lang=lang)


def _change(
    workspace: Workspace,
    action: str,
    tag: str,
    *,
    query: str | None,
    ids: str | Path | None,
    actor: str | None,
    lang: str | None,
) -> dict[str, Any]:
    """Add or remove a tag in one write transaction."""
    from segmint.actions.tags import change_tag

    with workspace.data(write=True) as con, workspace.session() as session:
        return change_tag(
            con,
            session,
            tag,
            action,
            query=query,
            ids=ids,
            actor=actor,
            lang=language(workspace, lang),
        )


def tag_counts(workspace: Workspace) -> dict[str, Any]:
    """Customers per tag, most common first, with tag-cloud levels 1-5.

    Returns ``{"customers", "tagged", "tags": [{"tag", "customers", "level"}]}``.
    """
    from segmint.actions.tags import tag_counts as counts

    with workspace.data() as con:
        return counts(con)


def tag_log(
    workspace: Workspace, *, tag: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Every logged tag change, newest first: who, when, what and how many."""
    from segmint.actions.tags import tag_log as log

    with workspace.session() as session:
        return log(session, tag=tag, limit=limit)
