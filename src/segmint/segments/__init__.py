"""Segments: saved definitions, built-in families, counts, snapshots and exports.

A segment is a rule of the query language (:mod:`segmint.query`) saved under a
name, a static list of customers, a built-in family member (``rfm:champions``,
``lifecycle:at_risk``, ``generation:gen_z``: no setup, never stored) or a
cluster's readable rule. Every function takes the data store's Ibis
connection and/or a metadata store session, and keeps the work in the engine.

>>> with workspace.data() as con, workspace.session() as session:  # doctest: +SKIP
...     create_segment(session, "vip", query="monetary > 5000000", sources=sources(con))
...     preview(con, session, query="IN SEGMENT 'vip' AND sms_consent = true")

Definitions: :func:`create_segment`, :func:`get_segment`, :func:`list_segments`,
:func:`delete_segment`. Who: :func:`preview`, :func:`members`,
:func:`export_segment`, :func:`customer_segments`. Static lists:
:func:`import_static`, :func:`freeze_segment`. Over time:
:func:`snapshot_segments` (called by ``segmint run``), :func:`size_over_time`,
:func:`migration_matrix`. Across segments: :func:`overlap_matrix`,
:func:`primary_segments`, :func:`prioritize`. Ready rules: :data:`TEMPLATES`,
:func:`render_template`. Customers: :func:`search_customers`, :func:`filter_customers`,
:func:`profile` (:class:`Profiles` for many). A live builder: :func:`condition_counts`;
repeated previews: :class:`CountCache`. Goals: :func:`create_goal`, :func:`goal_status`.
Live ingest: :func:`segmint.segments.live.ingest`.
"""

from __future__ import annotations

from segmint.segments.builder import condition_counts
from segmint.segments.cache import CountCache, data_version
from segmint.segments.definitions import (
    STATIC_MEMBERS,
    STATIC_SINCE,
    Registry,
    SegmentExists,
    UnknownSegment,
    create_segment,
    delete_segment,
    get_segment,
    list_segments,
)
from segmint.segments.explain import customer_segments
from segmint.segments.families import FAMILIES, Family, builtin_rules, builtin_segments
from segmint.segments.fields import custom_columns, describe_fields, with_columns
from segmint.segments.goals import (
    KPIS,
    create_goal,
    delete_goal,
    goal_status,
    list_goals,
    measure_kpis,
    update_goal,
)
from segmint.segments.membership import (
    SAMPLE_COLUMNS,
    export_segment,
    members,
    preview,
    reach,
    segment_condition,
)
from segmint.segments.overlap import overlap_matrix, primary_counts, primary_segments
from segmint.segments.people import Profiles, filter_customers, profile, search_customers
from segmint.segments.priorities import WEIGHTS, prioritize
from segmint.segments.profile import (
    Sources,
    days_to_birthday,
    evaluation_day,
    sources,
    stored_days,
)
from segmint.segments.records import KINDS, SegmentRecord
from segmint.segments.snapshots import (
    MEMBERSHIPS,
    migration_matrix,
    segment_migration,
    size_over_time,
    snapshot_segments,
)
from segmint.segments.static import (
    freeze_segment,
    import_static,
    match_identifiers,
    read_identifiers,
)
from segmint.segments.templates import TEMPLATES, Parameter, Template, render_template

__all__ = [
    "FAMILIES",
    "KINDS",
    "KPIS",
    "MEMBERSHIPS",
    "SAMPLE_COLUMNS",
    "STATIC_MEMBERS",
    "STATIC_SINCE",
    "TEMPLATES",
    "WEIGHTS",
    "CountCache",
    "Family",
    "Parameter",
    "Profiles",
    "Registry",
    "SegmentExists",
    "SegmentRecord",
    "Sources",
    "Template",
    "UnknownSegment",
    "builtin_rules",
    "builtin_segments",
    "condition_counts",
    "create_goal",
    "create_segment",
    "custom_columns",
    "customer_segments",
    "data_version",
    "days_to_birthday",
    "delete_goal",
    "delete_segment",
    "describe_fields",
    "evaluation_day",
    "export_segment",
    "filter_customers",
    "freeze_segment",
    "get_segment",
    "goal_status",
    "import_static",
    "list_goals",
    "list_segments",
    "match_identifiers",
    "measure_kpis",
    "members",
    "migration_matrix",
    "overlap_matrix",
    "preview",
    "primary_counts",
    "primary_segments",
    "prioritize",
    "profile",
    "reach",
    "read_identifiers",
    "render_template",
    "search_customers",
    "segment_condition",
    "segment_migration",
    "size_over_time",
    "snapshot_segments",
    "sources",
    "stored_days",
    "update_goal",
    "with_columns",
]
