"""Tests of the demo data generator."""

from __future__ import annotations
