"""The suppression list as steps on a workspace: import opt-out files, list, add, remove.

::

    from segmint.steps import suppressions

    suppressions.import_file(workspace, "bounces.csv", kind="bounces")
    suppressions.remove(workspace, "sms", "09121234567")  # consent given again, logged
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from segmint.steps._common import language

if TYPE_CHECKING:
    from segmint.campaigns.optout import FileKind
    from segmint.store import Workspace


def _actor(actor: str | None) -> str:
    """Who makes a change from the command line: the given name, else the login name."""
    from segmint.auth.principal import Principal

    return actor or Principal.cli().name


def import_file(
    workspace: Workspace,
    path: str | Path,
    *,
    kind: FileKind,
    actor: str | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """Suppress the addresses of a bounce report (``bounces``) or SMS reply file (``sms-replies``).

    Rows that cannot be read go to ``<workspace>/rejects/<file>-rejects-<time>.csv``.
    Returns the counts of :func:`segmint.campaigns.optout.import_opt_outs`.
    """
    from segmint.campaigns.optout import import_opt_outs

    path = Path(path)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    reject = workspace.folder("rejects") / f"{path.stem}-rejects-{stamp}.csv"
    with workspace.session() as session:
        return import_opt_outs(
            session,
            path,
            kind=kind,
            actor=_actor(actor),
            reject_path=reject,
            lang=language(workspace, lang),
        )


def listed(
    workspace: Workspace,
    *,
    channel: str | None = None,
    reason: str | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """The suppression list, newest first, with counts per channel and reason."""
    from segmint.campaigns.optout import list_suppressions

    with workspace.session() as session:
        return list_suppressions(session, channel=channel, reason=reason, limit=limit)


def add(
    workspace: Workspace,
    channel: str,
    address: str,
    *,
    reason: str = "opted_out",
    actor: str | None = None,
    lang: str | None = None,
) -> bool:
    """Suppress ``address`` on ``channel`` by hand (logged); False when it was listed already."""
    from segmint.campaigns.optout import add_suppression

    with workspace.session() as session:
        return add_suppression(
            session,
            channel=channel,
            address=address,
            reason=reason,
            actor=_actor(actor),
            source="added by hand",
            lang=language(workspace, lang),
        )


def remove(
    workspace: Workspace,
    channel: str,
    address: str,
    *,
    actor: str | None = None,
    lang: str | None = None,
) -> bool:
    """Take ``address`` off the list: its owner consented again (logged); False if not listed."""
    from segmint.campaigns.optout import remove_suppression

    with workspace.session() as session:
        return remove_suppression(
            session,
            channel=channel,
            address=address,
            actor=_actor(actor),
            source="removed by hand",
            lang=language(workspace, lang),
        )
