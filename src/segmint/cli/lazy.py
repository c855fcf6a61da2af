"""A command group that imports a command's module only when that command runs.

Click's documented lazy-group pattern, on Typer's group: each command is named by
``"package.module:attribute"`` with its one-line help, so ``segmint --help`` lists
every command without importing any of them (and so without pandas, scipy, Ibis or
SQLAlchemy). The attribute is a ``typer.Typer`` (a command group) or a function (one
command).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from difflib import get_close_matches
from typing import Any, ClassVar, NamedTuple

import typer
from typer._click import Command, Context, HelpFormatter
from typer._click.exceptions import UsageError
from typer.core import DEFAULT_MARKUP_MODE, TyperCommand, TyperGroup
from typer.main import get_command_from_info, get_group
from typer.models import CommandInfo


class LazyCommand(NamedTuple):
    """Where a command lives and what ``--help`` says of it."""

    path: str
    help: str


class LazyGroup(TyperGroup):
    """A Typer group whose commands in :attr:`lazy_commands` load on first use."""

    lazy_commands: ClassVar[Mapping[str, LazyCommand]] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self._listing = False

    def list_commands(self, ctx: Context) -> list[str]:
        """The eager commands, then the lazy ones in registry order."""
        eager = super().list_commands(ctx)
        return eager + [name for name in self.lazy_commands if name not in eager]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        """The command ``cmd_name``, importing its module unless only help is being listed."""
        command = self.commands.get(cmd_name)
        if command is not None:
            return command
        entry = self.lazy_commands.get(cmd_name)
        if entry is None:
            return None
        if self._listing:
            return TyperCommand(cmd_name, help=entry.help, short_help=entry.help)
        command = load_command(cmd_name, entry.path, rich_markup_mode=self.rich_markup_mode)
        self.commands[cmd_name] = command
        return command

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The group's help, with each lazy command described by its registry line."""
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def resolve_command(
        self, ctx: Context, args: list[str]
    ) -> tuple[str | None, Command | None, list[str]]:
        """Resolve as Typer does, suggesting close names among the lazy commands too."""
        try:
            return super().resolve_command(ctx, args)
        except UsageError as error:
            if args and "Did you mean" not in error.message:
                close = get_close_matches(args[0], self.list_commands(ctx))
                if close:
                    names = ", ".join(repr(name) for name in close)
                    error.message = f"{error.message.rstrip('.')}. Did you mean {names}?"
            raise


def load_command(name: str, path: str, *, rich_markup_mode: Any = DEFAULT_MARKUP_MODE) -> Command:
    """Import ``"module:attribute"`` and turn it into a Click command named ``name``."""
    module_name, _, attribute = path.partition(":")
    target = getattr(importlib.import_module(module_name), attribute)
    if isinstance(target, typer.Typer):
        group = get_group(target)
        group.name = name
        return group
    info = CommandInfo(name=name, callback=target)
    return get_command_from_info(
        info, pretty_exceptions_short=True, rich_markup_mode=rich_markup_mode
    )
