"""What every step shares: the message language and the progress callback's type."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from segmint.store import Workspace

#: Told the catalogue key of each phase a long step enters (``"run.models"``...).
Progress = Callable[[str], None]


def language(workspace: Workspace, lang: str | None) -> str:
    """The language asked for, else the workspace's."""
    return lang or workspace.lang


def silent(_key: str) -> None:
    """A progress callback that tells no one."""


def display_currency(workspace: Workspace) -> str:
    """The currency amounts are shown in: the display setting, else the import default."""
    settings = workspace.settings
    return (settings.display.currency or settings.ingest.default_currency).upper()
