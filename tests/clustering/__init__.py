"""Tests of segmint.clustering."""

from __future__ import annotations
