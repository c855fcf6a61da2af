"""Realistic demo data: an Iranian book and stationery shop's export, as CSV files."""

from __future__ import annotations

from segmint.demo.catalogue import CATEGORIES, CATEGORY_LABELS
from segmint.demo.generator import FILES, DemoFiles, generate
from segmint.demo.personas import PERSONAS, Persona

__all__ = ["CATEGORIES", "CATEGORY_LABELS", "FILES", "PERSONAS", "DemoFiles", "Persona", "generate"]
