"""``/segments``: the list of segments, the visual builder, and one segment's page.

The builder (``/segments/new``) is drawn by ``static/builder.js`` from the field catalogue
this page embeds; its live counts and the rule's text come from the REST API
(``/api/v1/segments/conditions``, ``/preview``, ``/rule/parse``, ``/rule/format``). The
segment page is rendered here; its members table is swapped in by htmx from
``/segments/{name}/members`` and "why" answers from ``/segments/{name}/why``.
"""

from __future__ import annotations

from typing import Annotated, Any

import ibis
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from segmint.auth import audit
from segmint.auth.masking import shown_to
from segmint.exceptions import SegmintError
from segmint.i18n import LANGUAGES, MESSAGES, translate
from segmint.query import to_json
from segmint.query.enums import ENUMS
from segmint.query.rules import CUSTOM_PREFIX
from segmint.segments import freeze_segment, members, size_over_time, sources
from segmint.segments.definitions import Registry
from segmint.segments.explain import customer_segments
from segmint.segments.fields import describe_fields
from segmint.segments.overlap import membership_flags
from segmint.segments.templates import TEMPLATES
from segmint.web.charts import Chart
from segmint.web.forms import check_csrf
from segmint.web.session import Viewer, needs
from segmint.web.tables import download, table_of
from segmint.web.templating import render, show_date

pages = APIRouter(include_in_schema=False)

Reader = Annotated[Viewer, Depends(needs("segments:read"))]
Writer = Annotated[Viewer, Depends(needs("segments:write"))]

#: Members per page of the members table.
PAGE_SIZE = 25
#: Columns of the members table and its download: key, catalogue key, kind.
MEMBER_COLUMNS = (
    ("customer_id", "lib.field.customer_id", "text"),
    ("name", "lib.field.name", "text"),
    ("phone", "lib.field.phone", "text"),
    ("email", "lib.field.email", "text"),
    ("city", "lib.field.city", "text"),
    ("lifecycle_stage", "lib.field.lifecycle_stage", "text"),
    ("frequency", "lib.field.frequency", "int"),
    ("monetary", "lib.field.monetary", "money"),
    ("last_order_date", "lib.field.last_order", "date"),
)
SORTS = tuple(key for key, _, _ in MEMBER_COLUMNS)
#: Columns the members search looks in.
SEARCHED = ("customer_id", "name", "phone", "email", "city")


def field_label(name: str, lang: str) -> str:
    """A profile field's name in ``lang`` (the catalogue's ``lib.field.*``), else as stored."""
    key = f"lib.field.{name}"
    return translate(key, lang) if key in MESSAGES else name


def _enum_label(field: str, value: str | None, lang: str) -> str | None:
    """An enum value's label (``label.lifecycle.at_risk``) in ``lang``."""
    if value is None:
        return None
    prefix = {"lifecycle_stage": "lifecycle", "rfm_group": "rfm", "generation": "generation"}
    key = f"label.{prefix.get(field, field)}.{value}"
    return translate(key, lang) if key in MESSAGES else value


def _counts(request: Request, names: list[str]) -> dict[str, int]:
    """Members of each segment now, in one engine query."""
    workspace = request.app.state.workspace
    with workspace.data() as con, workspace.session() as session:
        registry = Registry.load(session)
        where = sources(con)
        flags = membership_flags(con, registry, where, names)
        measures = {
            f"s{i}": where.profile.count(where=flag) for i, flag in enumerate(flags.values())
        }
        row = where.profile.aggregate(**measures).to_pyarrow().to_pylist()[0] if measures else {}
    return {name: int(row[f"s{i}"] or 0) for i, name in enumerate(names)}


def _list(request: Request) -> dict[str, Any]:
    workspace = request.app.state.workspace
    with workspace.session() as session:
        registry = Registry.load(session)
        rows = [dict(registry.records[name]) for name in registry.names]
    counts = _counts(request, [row["name"] for row in rows])
    for row in rows:
        row["count"] = counts[row["name"]]
    return {
        "saved": [row for row in rows if row["kind"] != "family"],
        "builtin": [row for row in rows if row["kind"] == "family"],
    }


@pages.get("/segments")
async def segment_list(request: Request, viewer: Reader) -> Response:
    """Saved segments and the built-in families, with their sizes now."""
    found = await run_in_threadpool(_list, request)
    return render(request, viewer, "segments.html", **found)


def _as_itself(value: Any) -> dict[str, Any]:
    """A picker entry for a data value (a tag, a custom field's value): shown as it is,
    in every language, in the catalogue's ``{"value", "en", "fa"}`` shape."""
    return {"value": value, **{lang: value for lang in LANGUAGES}}


def _builder_data(request: Request, lang: str) -> dict[str, Any]:
    """What the builder needs: the catalogue with labels, segment names and templates."""
    workspace = request.app.state.workspace
    with workspace.data() as con, workspace.session() as session:
        registry = Registry.load(session, lang=lang)
        where = sources(con)
        catalogue = registry.catalogue(where).to_json()
        tags = (
            where.profile.select(tag=where.profile.tags.unnest())
            .distinct()
            .order_by("tag")
            .limit(200)
            .to_pyarrow()
            .column("tag")
            .to_pylist()
        )
        custom = {row["field"]: row for row in describe_fields(con)["custom"]}
    for item in catalogue["fields"]:
        item["label"] = field_label(item["name"], lang)
        if item["kind"] == "list" and item["name"] == "tags":
            item["values"] = [_as_itself(t) for t in tags if t]
        stored = item["name"].removeprefix(CUSTOM_PREFIX)
        if item["kind"] == "custom" and stored in custom:
            # A custom field's most held values to pick from (all of a short list).
            found = custom[stored]
            item["type"] = found["type"]
            if found["type"] in ("text", "multi-select") and not found["more"]:
                item["values"] = [_as_itself(v["value"]) for v in found["values"]]
    for collection in catalogue["collections"]:
        collection["label"] = translate(f"web.segments.collection.{collection['name']}", lang)
        for item in [*collection["fields"], *collection["aggregates"]]:
            key = f"web.segments.row.{item['name']}"
            item["label"] = translate(key, lang) if key in MESSAGES else item["name"]
    catalogue["segments"] = registry.names
    return {
        "catalogue": catalogue,
        "templates": [t.to_dict(lang) for t in TEMPLATES.values()],
    }


@pages.get("/segments/new")
async def builder(
    request: Request,
    viewer: Writer,
    rule: Annotated[str | None, Query(max_length=10_000)] = None,
) -> Response:
    """The visual segment builder, optionally starting from a rule's text."""
    data = await run_in_threadpool(_builder_data, request, viewer.lang)
    prefix = "web.builder."
    texts = {
        key[len(prefix) :]: translate(key, viewer.lang)
        for key in MESSAGES
        if key.startswith(prefix)
    }
    return render(request, viewer, "segments_new.html", builder=data, texts=texts, start=rule or "")


def calendar_day(day: Any, lang: str) -> str:
    """A day as the page shows it (Jalali with Persian digits on Persian pages)."""
    return show_date(day, lang, "jalali" if lang == "fa" else "gregorian")


def _readable(node: dict[str, Any], lang: str) -> dict[str, Any]:
    """The JSON tree with field and enum value labels, for the readable form of a rule."""
    shown = dict(node)
    if "field" in shown:
        field = shown["field"]
        shown["label"] = field_label(field, lang)
        if field in ENUMS:
            for key in ("value", "values"):
                if key in shown:
                    shown[key] = _enum_values(shown[key], ENUMS[field], lang)
    for key in ("rules", "where", "having"):
        if key in shown:
            shown[key] = [_readable(item, lang) for item in shown[key]]
    if "rule" in shown:
        shown["rule"] = _readable(shown["rule"], lang)
    return shown


def _enum_values(value: Any, labels: Any, lang: str) -> Any:
    """Text values (one or a list) with the label of the enum key each names."""
    if isinstance(value, list):
        return [_enum_values(item, labels, lang) for item in value]
    if value.get("type") == "text" and value["value"] in labels:
        return {**value, "shown": labels[value["value"]].get(lang, value["value"])}
    return value


def _page(request: Request, name: str, lang: str) -> dict[str, Any]:
    workspace = request.app.state.workspace
    with workspace.data() as con, workspace.session() as session:
        registry = Registry.load(session, lang=lang)
        record = dict(registry.get(name))
        rule = registry.rule(name)
        where = sources(con)
        flags = membership_flags(con, registry, where, registry.names)
        mine = flags[name]
        measures: dict[str, Any] = {"size": where.profile.count(where=mine)}
        others = [other for other in registry.names if other != name]
        for i, other in enumerate(others):
            measures[f"o{i}"] = where.profile.count(where=mine & flags[other])
        row = where.profile.aggregate(**measures).to_pyarrow().to_pylist()[0]
        history = size_over_time(con, segments=[name], lang=lang)
        today = where.today
    size = int(row["size"] or 0)
    both = sorted(
        ((int(row[f"o{i}"] or 0), other) for i, other in enumerate(others) if row[f"o{i}"]),
        key=lambda pair: -pair[0],
    )[:12]
    overlap = [
        {"segment": other, "both": count, "share": count / size if size else None}
        for count, other in both
    ]
    sizes = table_of(
        "segment-size",
        translate("web.segments.size_over_time", lang),
        [
            ("day", translate("web.segments.day", lang), "text"),
            ("customers", translate("web.segments.members", lang), "int"),
        ],
        [{"day": calendar_day(r["as_of"], lang), "customers": r["customers"]} for r in history],
    )
    definition = record.get("definition") or ""
    recorded = any(r["customers"] for r in history)
    return {
        "segment": record,
        "name": name,
        "size": size,
        "today": today,
        "definition": definition,
        "readable": _readable(to_json(rule), lang) if definition else None,
        # A saved segment no run has snapshotted yet has only zeros: no chart, a note.
        "chart": Chart(sizes, "line", {"x": "day", "y": "customers"}) if recorded else None,
        "overlap": overlap,
    }


@pages.get("/segments/{name}")
async def segment_page(request: Request, viewer: Reader, name: str) -> Response:
    """One segment: its definition, size over time, overlap, members, export and freeze."""
    found = await run_in_threadpool(_page, request, name, viewer.lang)
    return render(
        request, viewer, "segments_page.html", **found, sorts=SORTS, columns=MEMBER_COLUMNS
    )


def _members(
    request: Request, viewer: Viewer, name: str, q: str, sort: str, desc: bool, page: int | None
) -> tuple[list[dict[str, Any]], int]:
    """One page of members (all of them when ``page`` is None), masked for viewers."""
    workspace = request.app.state.workspace
    with workspace.data() as con, workspace.session() as session:
        table = members(con, session, name, lang=viewer.lang)
        if q:
            needle = q.strip().lower()
            table = table.filter(
                ibis.or_(*(table[c].lower().contains(needle).fill_null(False) for c in SEARCHED))
            )
        total = int(table.count().to_pyarrow().as_py())
        key = table[sort].desc() if desc else table[sort].asc()
        ties = [] if sort == "customer_id" else [table.customer_id.asc()]
        ordered = table.order_by([key, *ties]).select(*SORTS)
        if page is not None:
            ordered = ordered.limit(PAGE_SIZE, offset=page * PAGE_SIZE)
        rows = ordered.to_pyarrow().to_pylist()
    sees = viewer.can("pii:read")
    shown = []
    for row in rows:
        row = shown_to(row, sees)
        row["lifecycle_stage"] = _enum_label("lifecycle_stage", row["lifecycle_stage"], viewer.lang)
        shown.append(row)
    return shown, total


def _sort_of(sort: str) -> str:
    return sort if sort in SORTS else "customer_id"


@pages.get("/segments/{name}/members")
async def member_rows(
    request: Request,
    viewer: Reader,
    name: str,
    q: Annotated[str, Query(max_length=200)] = "",
    sort: str = "customer_id",
    desc: bool = False,
    page: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """The members table (an htmx fragment): search, sort and page."""
    sort = _sort_of(sort)
    rows, total = await run_in_threadpool(_members, request, viewer, name, q, sort, desc, page)
    return render(
        request,
        viewer,
        "_segment_members.html",
        name=name,
        rows=rows,
        total=total,
        q=q,
        sort=sort,
        desc=desc,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        columns=MEMBER_COLUMNS,
    )


@pages.get("/segments/{name}/export.{fmt}")
async def export(
    request: Request,
    viewer: Reader,
    name: str,
    fmt: str,
    q: Annotated[str, Query(max_length=200)] = "",
    sort: str = "customer_id",
    desc: bool = False,
) -> Response:
    """Every member as CSV or XLSX (formula-safe; PII masked for viewers)."""
    rows, _ = await run_in_threadpool(
        _members, request, viewer, name, q, _sort_of(sort), desc, None
    )
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
    table = table_of(
        f"segment-{safe}",
        name,
        [(key, translate(label, viewer.lang), kind) for key, label, kind in MEMBER_COLUMNS],
        rows,
    )
    return download(table, fmt, rtl=viewer.lang == "fa")


def _why(request: Request, name: str, customer_id: str, lang: str) -> dict[str, Any] | None:
    workspace = request.app.state.workspace
    with workspace.data() as con, workspace.session() as session:
        found = customer_segments(con, session, customer_id, everything=True, lang=lang)
    return next((item for item in found["segments"] if item["segment"] == name), None)


@pages.get("/segments/{name}/why")
async def why(
    request: Request,
    viewer: Reader,
    name: str,
    customer: Annotated[str, Query(min_length=1, max_length=200)],
) -> Response:
    """Why one customer is (or is not) in the segment: each top-level condition, held or not."""
    try:
        found = await run_in_threadpool(_why, request, name, customer, viewer.lang)
        error = None
    except SegmintError as exc:
        found, error = None, str(exc)
    return render(
        request, viewer, "_segment_why.html", name=name, customer=customer, why=found, error=error
    )


def _freeze(request: Request, viewer: Viewer, name: str) -> dict[str, Any]:
    workspace = request.app.state.workspace
    with workspace.data(write=True) as con, workspace.session() as session:
        day = sources(con).today
        result = freeze_segment(con, session, name, as_of=day, lang=viewer.lang)
        audit(session, viewer.principal, "segments:freeze", target=name, detail=_plain(result))
    return result


def _plain(result: dict[str, Any]) -> dict[str, Any]:
    return {key: str(value) if key == "as_of" else value for key, value in result.items()}


@pages.post("/segments/{name}/freeze")
async def freeze(request: Request, viewer: Writer, name: str) -> Response:
    """Keep today's members as a static segment, then show it."""
    await check_csrf(request)
    try:
        result = await run_in_threadpool(_freeze, request, viewer, name)
    except SegmintError as exc:
        found = await run_in_threadpool(_page, request, name, viewer.lang)
        return render(
            request,
            viewer,
            "segments_page.html",
            status_code=422,
            **found,
            sorts=SORTS,
            columns=MEMBER_COLUMNS,
            error=str(exc),
        )
    from urllib.parse import quote

    return RedirectResponse(f"/segments/{quote(result['segment'], safe=':@')}", status_code=303)
