"""``/api/v1/segments``: definitions, previews, builder counts, members, exports, history.

Segment names may hold ``:`` (built-in ``rfm:champions``); they go in the path as they are.
The routes without a name (``/preview``, ``/conditions``, ``/overlap``, ``/priorities``,
``/sizes``, ``/migration``) come first, so no segment is mistaken for one of them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field

from segmint.actions.export import export_reachable
from segmint.api.deps import LangDep, WorkspaceDep
from segmint.api.paging import Page, PageDep
from segmint.api.problems import PROBLEM_RESPONSES, Problem
from segmint.api.routes._common import (
    after_of,
    count_cache,
    cursor_page,
    given_by_caller,
    json_safe,
    record_write,
    shown,
)
from segmint.api.routes.customers import CustomerListItem
from segmint.api.security import Principal, require
from segmint.segments import (
    create_segment,
    delete_segment,
    export_segment,
    freeze_segment,
    get_segment,
    list_segments,
    members,
    migration_matrix,
    overlap_matrix,
    prioritize,
    size_over_time,
    sources,
)
from segmint.segments.builder import condition_counts
from segmint.segments.people import page_of

if TYPE_CHECKING:
    from segmint.store import Workspace

router = APIRouter(prefix="/segments", tags=["segments"], responses=PROBLEM_RESPONSES)

Reader = Annotated[Principal, Depends(require("segments:read"))]
Writer = Annotated[Principal, Depends(require("segments:write"))]
RuleQuery = Annotated[
    str,
    Query(
        description="A rule in the query language.",
        examples=["rfm_group = 'champions' AND sms_consent = true"],
        min_length=1,
    ),
]
Names = Annotated[
    list[str] | None,
    Query(description="Segment names (repeat the parameter); default every segment."),
]
Family = Annotated[
    Literal["rfm", "lifecycle", "generation", "value_matrix"] | None,
    Query(description="A built-in family, instead of names."),
]


class Reach(BaseModel):
    """How many customers a rule selects and how many can be reached by SMS and email.

    The same numbers as ``segmint segments count --json``.
    """

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"count": 412, "reachable_sms": 380, "reachable_email": 201}]
        }
    )

    count: int
    reachable_sms: int
    reachable_email: int


class ConditionCount(BaseModel):
    """One top-level condition: customers it selects alone, and the rule up to it."""

    condition: str
    alone: int
    cumulative: int


class ConditionCounts(BaseModel):
    """Counts for a live segment builder."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "combine": "and",
                    "customers": 3000,
                    "count": 120,
                    "conditions": [
                        {"condition": "frequency >= 2", "alone": 900, "cumulative": 900},
                        {"condition": "sms_consent = true", "alone": 2100, "cumulative": 120},
                    ],
                }
            ]
        }
    )

    combine: Literal["and", "or", "single"]
    customers: int
    count: int
    conditions: list[ConditionCount]


class SegmentCreate(BaseModel):
    """A new rule segment."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "vip_sms",
                    "query": "tags CONTAINS 'vip' AND sms_consent = true",
                    "description_en": "VIPs we can text",
                    "description_fa": "مشتریان ویژه با پیامک",
                    "priority": 10,
                }
            ]
        }
    )

    name: str = Field(min_length=1, max_length=200)
    query: str = Field(min_length=1)
    description_en: str = ""
    description_fa: str = ""
    priority: int = 0
    owner: str | None = None


class SegmentUpdate(BaseModel):
    """A segment's new rule and descriptions (the whole definition is replaced)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"query": "monetary > 5000000", "priority": 5}]}
    )

    query: str = Field(min_length=1)
    description_en: str = ""
    description_fa: str = ""
    priority: int = 0
    owner: str | None = None


class SegmentPublic(BaseModel):
    """A segment's definition; with its count and reach when read one at a time."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "name": "vip_sms",
                    "kind": "rule",
                    "definition": "tags CONTAINS 'vip' AND sms_consent = true",
                    "priority": 10,
                    "description_en": "VIPs we can text",
                    "description_fa": "مشتریان ویژه با پیامک",
                    "count": 120,
                    "reachable_sms": 120,
                    "reachable_email": 64,
                }
            ]
        },
    )

    name: str
    kind: str
    definition: str | None = None
    priority: int = 0
    description_en: str | None = None
    description_fa: str | None = None
    owner: str | None = None
    count: int | None = None
    reachable_sms: int | None = None
    reachable_email: int | None = None


class FreezeCreate(BaseModel):
    """Which day's members to keep, and under what name."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"as_of": "2025-09-22", "into": "champions_sept"}]}
    )

    as_of: dt.date | None = Field(None, description="A run's day; default the latest run.")
    into: str | None = Field(None, description="The static segment's name.")
    replace: bool = False


class Overlap(BaseModel):
    """``matrix[i][j]``: customers in both ``segments[i]`` and ``segments[j]``."""

    segments: list[str]
    matrix: list[list[int]]


def _public(row: dict[str, Any]) -> SegmentPublic:
    return SegmentPublic(**json_safe(row))


def _save(
    name: str,
    body: SegmentCreate | SegmentUpdate,
    who: Principal,
    workspace: Workspace,
    lang: str,
    *,
    replace: bool,
) -> SegmentPublic:
    """Save ``body`` as the rule segment ``name`` (a new one, or replacing) and audit it."""
    with workspace.data() as con, workspace.session() as session:
        record = create_segment(
            session,
            name,
            query=body.query,
            description_en=body.description_en,
            description_fa=body.description_fa,
            priority=body.priority,
            owner=body.owner or who.name,
            sources=sources(con),
            replace=replace,
            lang=lang,
        )
        saved = record.to_dict()
        action = "segments:update" if replace else "segments:create"
        record_write(session, who, action, target=name, detail={"query": body.query})
    return _public(saved)


@router.get("", response_model=list[SegmentPublic], summary="List segments")
def list_all(
    who: Reader,
    workspace: WorkspaceDep,
    builtin: Annotated[bool, Query(description="Include the built-in families.")] = True,
) -> list[SegmentPublic]:
    """Saved segments by priority, then the built-in family members."""
    with workspace.session() as session:
        return [_public(row) for row in list_segments(session, builtin=builtin)]


@router.post("", response_model=SegmentPublic, status_code=201, summary="Save a rule segment")
def create(
    body: SegmentCreate, who: Writer, workspace: WorkspaceDep, lang: LangDep
) -> SegmentPublic:
    """Save a rule segment, checked against the profile's fields and the other segments."""
    return _save(body.name, body, who, workspace, lang, replace=False)


@router.get("/preview", response_model=Reach, summary="Count and reach of a rule")
def preview_rule(
    query: RuleQuery, request: Request, who: Reader, workspace: WorkspaceDep, lang: LangDep
) -> Reach:
    """Customers a rule selects and how many can be reached; cached per rule and data version."""
    cache = count_cache(request)
    with workspace.session() as session:
        found = cache.cached(session, query, lang=lang)
        if found is None:  # only a miss needs the data store
            with workspace.data() as con:
                found = cache.preview(con, session, query, lang=lang)
        return Reach(**found)


@router.get("/conditions", response_model=ConditionCounts, summary="Builder counts")
def conditions(
    query: RuleQuery, who: Reader, workspace: WorkspaceDep, lang: LangDep
) -> ConditionCounts:
    """Each top-level condition's count alone and the rule's count up to it."""
    with workspace.data() as con, workspace.session() as session:
        return ConditionCounts(**condition_counts(con, session, query, lang=lang))


@router.get("/overlap", response_model=Overlap, summary="Overlap of segments")
def overlap(
    who: Reader,
    workspace: WorkspaceDep,
    lang: LangDep,
    names: Annotated[list[str], Query(description="Two or more segment names.", min_length=1)],
) -> Overlap:
    """Customers in both of every pair of the segments."""
    with workspace.data() as con, workspace.session() as session:
        return Overlap(**overlap_matrix(con, session, names, lang=lang))


@router.get("/priorities", response_model=list[dict[str, Any]], summary="Segments to work on first")
def priorities(
    who: Reader, workspace: WorkspaceDep, lang: LangDep, names: Names = None
) -> list[dict[str, Any]]:
    """Size, revenue, CLV, revenue at risk and growth per segment, best score first."""
    with workspace.data() as con, workspace.session() as session:
        return json_safe(prioritize(con, session, names, lang=lang))


@router.get("/sizes", response_model=list[dict[str, Any]], summary="Segment sizes over time")
def sizes(
    who: Reader, workspace: WorkspaceDep, lang: LangDep, family: Family = None, names: Names = None
) -> list[dict[str, Any]]:
    """Members per segment on every stored run day (a family, or named segments)."""
    if (family is None) == (names is None):
        raise Problem(400, key="api.family_or_names")
    with workspace.data() as con, given_by_caller():
        return json_safe(size_over_time(con, family=family, segments=names, lang=lang))


@router.get("/migration", response_model=list[dict[str, Any]], summary="Moves between segments")
def migration(
    who: Reader,
    workspace: WorkspaceDep,
    lang: LangDep,
    from_date: Annotated[dt.date, Query(alias="from", description="A stored run's day.")],
    to_date: Annotated[dt.date, Query(alias="to", description="A later stored run's day.")],
    family: Family = None,
    names: Names = None,
) -> list[dict[str, Any]]:
    """Customers who moved from each segment to each other one between two run days."""
    if (family is None) == (names is None):
        raise Problem(400, key="api.family_or_names")
    with workspace.data() as con, given_by_caller():
        return json_safe(
            migration_matrix(
                con, from_date=from_date, to_date=to_date, family=family, segments=names, lang=lang
            )
        )


@router.get("/{name}", response_model=SegmentPublic, summary="One segment with its count")
def get_one(
    name: str, request: Request, who: Reader, workspace: WorkspaceDep, lang: LangDep
) -> SegmentPublic:
    """A segment's definition with its count and reach now."""
    with workspace.data() as con, workspace.session() as session:
        row = dict(get_segment(session, name, lang=lang))
        row.update(count_cache(request).preview(con, session, f"IN SEGMENT '{name}'", lang=lang))
    return _public(row)


@router.put("/{name}", response_model=SegmentPublic, summary="Replace a segment's rule")
def replace(
    name: str, body: SegmentUpdate, who: Writer, workspace: WorkspaceDep, lang: LangDep
) -> SegmentPublic:
    """Replace a saved rule segment's definition (or create it)."""
    return _save(name, body, who, workspace, lang, replace=True)


@router.delete("/{name}", status_code=204, summary="Delete a saved segment")
def delete(name: str, who: Writer, workspace: WorkspaceDep, lang: LangDep) -> None:
    """Delete a saved segment (built-in ones cannot be deleted)."""
    with workspace.data(write=True) as con, workspace.session() as session:
        delete_segment(session, name, con=con, lang=lang)
        record_write(session, who, "segments:delete", target=name)


@router.get("/{name}/members", response_model=Page[CustomerListItem], summary="Members, paged")
def list_members(
    name: str,
    who: Annotated[Principal, Depends(require("customers:read"))],
    workspace: WorkspaceDep,
    lang: LangDep,
    page: PageDep,
) -> Page[CustomerListItem]:
    """The segment's customers by id; PII masked without ``pii:read``."""
    with workspace.data() as con, workspace.session() as session:
        found = page_of(
            members(con, session, name, lang=lang), limit=page.limit, after=after_of(page)
        )
    return cursor_page(found, lambda row: CustomerListItem(**shown(row, who)))


@router.get(
    "/{name}/export",
    response_class=FileResponse,
    summary="Download the members",
    responses={200: {"content": {"text/csv": {}, "application/octet-stream": {}}}},
)
def export(
    name: str,
    who: Annotated[Principal, Depends(require("pii:read"))],
    workspace: WorkspaceDep,
    lang: LangDep,
    format: Annotated[Literal["csv", "xlsx", "parquet"], Query(description="File type.")] = "csv",
    columns: Annotated[
        list[str] | None, Query(description="Profile columns and custom fields.")
    ] = None,
    channel: Annotated[
        Literal["sms", "email"] | None,
        Query(description="Only customers with consent and an unsuppressed address on it."),
    ] = None,
) -> FileResponse:
    """The members as a file (formula-safe cells); needs ``pii:read``.

    With ``channel``, the members a message may not reach are left out and counted in
    the headers ``X-Segmint-Members``, ``X-Segmint-Left-Out-No-Consent``,
    ``X-Segmint-Left-Out-No-Address`` and ``X-Segmint-Left-Out-Suppressed``.
    """
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
    path = workspace.folder("exports") / f"{safe}-{uuid.uuid4().hex[:8]}.{format}"
    headers: dict[str, str] = {}
    with workspace.data() as con, workspace.session() as session:
        if channel is None:
            export_segment(
                con,
                session,
                name,
                path,
                columns=columns,
                lang=lang,
                currency=workspace.settings.display.currency,
            )
        else:
            result = export_reachable(
                con,
                session,
                name,
                path,
                channel=channel,
                columns=columns,
                lang=lang,
                currency=workspace.settings.display.currency,
            )
            headers["X-Segmint-Members"] = str(result["members"])
            for reason, left in result["left_out"].items():
                headers[f"X-Segmint-Left-Out-{reason.replace('_', '-').title()}"] = str(left)
    media = {
        "csv": "text/csv",
        "xlsx": "application/octet-stream",
        "parquet": "application/octet-stream",
    }
    return FileResponse(
        path, media_type=media[format], filename=f"{safe}.{format}", headers=headers
    )


@router.post(
    "/{name}/freeze", response_model=dict[str, Any], status_code=201, summary="Freeze members"
)
def freeze(
    name: str, body: FreezeCreate, who: Writer, workspace: WorkspaceDep, lang: LangDep
) -> dict[str, Any]:
    """Keep the segment's members of a run day as a static segment."""
    with workspace.data(write=True) as con, workspace.session() as session, given_by_caller():
        day = body.as_of or sources(con).today
        result = freeze_segment(
            con, session, name, as_of=day, into=body.into, replace=body.replace, lang=lang
        )
        record_write(session, who, "segments:freeze", target=name, detail=result)
    return json_safe(result)


# --- builder ---
# The rule's two spellings for the visual builder: text to JSON tree and back
# (see segmint.query.jsontree). Both check names against the workspace's fields and
# segments, so the builder shows an unknown field next to the text, in the caller's language.


class RuleText(BaseModel):
    """A rule in the query language."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"query": "rfm_group = 'champions' AND frequency >= 2"}]}
    )

    query: str = Field(min_length=1)


class RuleTree(BaseModel):
    """A rule as the JSON tree of ``segmint.query.jsontree``, with its canonical text."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "query": "frequency >= 2",
                    "tree": {
                        "kind": "comparison",
                        "field": "frequency",
                        "op": ">=",
                        "value": {"type": "number", "value": 2},
                    },
                }
            ]
        }
    )

    query: str = ""
    tree: dict[str, Any]


def _checked(workspace: Workspace, rule: Any, lang: str) -> Any:
    """``rule`` checked against the profile's fields and every segment name."""
    from segmint.query import check_rule
    from segmint.segments.definitions import Registry

    with workspace.data() as con, workspace.session() as session:
        registry = Registry.load(session, lang=lang)
        return check_rule(rule, registry.catalogue(sources(con)), lang=lang)


@router.post("/rule/parse", response_model=RuleTree, summary="Rule text to its JSON tree")
def parse_rule(body: RuleText, who: Reader, workspace: WorkspaceDep, lang: LangDep) -> RuleTree:
    """Parse and check a rule; answer its JSON tree and canonical text.

    A rule that does not parse, or names an unknown field or segment, is a 422 problem
    whose ``position`` is the offset in the text and ``detail`` the message in the
    caller's language.
    """
    from segmint.query import parse, to_json, to_text

    rule = _checked(workspace, parse(body.query, lang=lang), lang)
    return RuleTree(query=to_text(rule), tree=to_json(rule))


@router.post("/rule/format", response_model=RuleTree, summary="JSON tree to rule text")
def format_rule(body: RuleTree, who: Reader, workspace: WorkspaceDep, lang: LangDep) -> RuleTree:
    """Read and check a JSON rule tree; answer its canonical text (and the tree as read)."""
    from segmint.query import from_json, to_json, to_text

    rule = _checked(workspace, from_json(body.tree, lang=lang), lang)
    return RuleTree(query=to_text(rule), tree=to_json(rule))
