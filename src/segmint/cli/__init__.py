"""The command line surface (Typer + Rich)."""

from __future__ import annotations
