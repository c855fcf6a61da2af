"""Journeys: a customer who enters a segment goes through steps (wait, branch, tag...).

A journey is defined in a TOML or JSON file (:mod:`segmint.journeys.definitions`),
saved in the app store (:mod:`segmint.journeys.records`), takes in the new members of
its trigger segment from the membership snapshots (:mod:`segmint.journeys.entries`),
and moves each customer through its steps once (:mod:`segmint.journeys.passages`) at
each tick: at the end of every ``segmint run``, by ``segmint journeys tick`` and by the
scheduler (:func:`tick`). :func:`journey_report` counts entered, each step and converted.
"""

from __future__ import annotations

from segmint.journeys.definitions import Definition, parse_definition, read_definition
from segmint.journeys.passages import advance
from segmint.journeys.records import (
    create_journey,
    delete_journey,
    get_journey,
    journey_dict,
    list_journeys,
    set_status,
)
from segmint.journeys.report import journey_report
from segmint.journeys.ticks import tick, tick_journeys

__all__ = [
    "Definition",
    "advance",
    "create_journey",
    "delete_journey",
    "get_journey",
    "journey_dict",
    "journey_report",
    "list_journeys",
    "parse_definition",
    "read_definition",
    "set_status",
    "tick",
    "tick_journeys",
]
