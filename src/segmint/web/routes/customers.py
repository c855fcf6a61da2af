"""``/customers`` and ``/customers/{id}``: find customers, and read (and tag) one whole.

The list searches by name, phone, email or id, or filters by a rule, one keyset page at
a time (:func:`segmint.segments.people.search_customers`). The profile shows who the
customer is (masked for roles without ``pii:read``), a timeline of everything that
happened with them, their traits with what each means, their segments with why, their
tags and custom fields (editable with ``tags:write`` / ``customers:write``), and the
transaction model behind P(alive) and expected orders.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from segmint.api.routes._common import json_safe, profiles
from segmint.auth import audit
from segmint.auth.masking import shown_to
from segmint.exceptions import SegmintError, UnknownCustomer
from segmint.i18n import MESSAGES, translate
from segmint.segments.families import family_of
from segmint.segments.people import filter_customers, search_customers
from segmint.store.metadata import Campaign, OutboxMessage, TraitRun
from segmint.web.charts import Chart
from segmint.web.forms import back, check_csrf
from segmint.web.session import Viewer, needs
from segmint.web.tables import table_of
from segmint.web.templating import render

pages = APIRouter(include_in_schema=False)

Reader = Annotated[Viewer, Depends(needs("customers:read"))]

#: Traits shown on a profile, in order, and how each value is written.
TRAITS: tuple[tuple[str, str], ...] = (
    ("recency_days", "int"),
    ("frequency", "int"),
    ("monetary", "money"),
    ("avg_order_value", "money"),
    ("tenure_days", "int"),
    ("rfm_score", "text"),
    ("rfm_group", "label.rfm"),
    ("lifecycle_stage", "label.lifecycle"),
    ("stage_since", "date"),
    ("generation", "label.generation"),
    ("age", "int"),
    ("p_alive", "share"),
    ("churn_risk", "share"),
    ("expected_purchases_365d", "number"),
    ("expected_next_order_date", "date"),
    ("clv_365d", "money"),
    ("pcv", "money"),
    ("return_rate", "share"),
    ("discount_share", "share"),
    ("favourite_category", "text"),
    ("favourite_channel", "text"),
    ("last_csat", "int"),
    ("avg_csat", "number"),
    ("sow", "share"),
    ("cpa", "money"),
    ("value_quadrant", "matrix.quadrant"),
)
#: Days ahead on the P(alive) chart (365: the horizon of the run's expected orders).
HORIZON = (*range(0, 361, 30), 365)
#: Campaign messages shown in a timeline.
MESSAGE_ROWS = 50


def trait_label(name: str, lang: str) -> str:
    """A trait's name for people: the catalogue's field label, else this page's own, else
    the name itself (a custom field)."""
    for key in (f"lib.field.{name}", f"web.customers.trait.{name}"):
        if key in MESSAGES:
            return translate(key, lang)
    return name


def _label(prefix: str, value: Any, lang: str) -> str:
    key = f"{prefix}.{value}"
    return translate(key, lang) if key in MESSAGES else str(value)


def segment_label(name: str, lang: str) -> str:
    """A segment's name for people: ``RFM group: Champions`` for a built-in one."""
    found = family_of(name)
    if found is None:
        return name
    family, value = found
    return f"{family.label[lang]}: {family.names[value][lang]}"


def trait_rows(traits: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """The profile's traits: name, label, value, how to write it, and what it means."""
    rows = []
    for name, kind in TRAITS:
        if name not in traits:
            continue
        value = traits[name]
        if value is not None and kind.startswith(("label.", "matrix.")):
            value, kind = _label(kind, value, lang), "text"
        rows.append(
            {
                "name": name,
                "label": trait_label(name, lang),
                "value": value,
                "kind": kind,
                "help": translate(f"web.customers.trait.{name}.help", lang),
            }
        )
    return rows


# --- the list ------------------------------------------------------------------------------


@pages.get("/customers")
def customer_list(
    request: Request,
    viewer: Reader,
    q: str = "",
    rule: str = "",
    after: str | None = None,
) -> Response:
    """Customers matching a search text, or a rule; 50 a page, by id."""
    workspace = request.app.state.workspace
    error = None
    found: dict[str, Any] = {"items": [], "next_after": None}
    try:
        with workspace.data() as con, workspace.session() as session:
            if rule.strip():
                found = filter_customers(
                    con, session, rule, limit=50, after=after, lang=viewer.lang
                )
            else:
                found = search_customers(con, q, limit=50, after=after)
    except SegmintError as exc:
        error = translate("web.customers.bad_rule", viewer.lang, error=str(exc))
    sees = viewer.principal.sees_pii
    rows = [shown_to(json_safe(row), sees) for row in found["items"]]
    for row in rows:
        row["rfm_label"] = _label("label.rfm", row.get("rfm_group"), viewer.lang)
        row["stage_label"] = _label("label.lifecycle", row.get("lifecycle_stage"), viewer.lang)
    # An asked ?lang= stays on the search form and the page links.
    asked = request.query_params.get("lang")
    kept = {"q": q, "rule": rule, "lang": asked or ""}
    next_url = None
    if found["next_after"] is not None:
        query = {**kept, "after": found["next_after"]}
        next_url = "/customers?" + urlencode({k: v for k, v in query.items() if v})
    first_url = None
    if after:
        first_url = "/customers?" + urlencode({k: v for k, v in kept.items() if v})
    return render(
        request,
        viewer,
        "customers.html",
        rows=rows,
        q=q,
        rule=rule,
        error=error,
        next_url=next_url,
        first_url=first_url,
        asked_lang=asked,
    )


# --- one customer ------------------------------------------------------------------------


def _moment(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    return dt.datetime.fromisoformat(str(value)).replace(tzinfo=None)


def messages_of(session: Any, customer_id: str) -> list[dict[str, Any]]:
    """The campaign messages queued or sent to a customer, newest first."""
    query = (
        select(OutboxMessage, Campaign.name)
        .join(Campaign, Campaign.id == OutboxMessage.campaign_id, isouter=True)
        .where(OutboxMessage.customer_id == customer_id)
        .order_by(OutboxMessage.queued_at.desc())
        .limit(MESSAGE_ROWS)
    )
    return [
        {
            "campaign": name or str(message.campaign_id),
            "channel": message.channel,
            "state": message.state,
            "subject": message.subject,
            "text": message.text,
            "queued_at": message.queued_at,
            "sent_at": message.sent_at,
        }
        for message, name in session.execute(query)
    ]


def timeline(found: dict[str, Any], messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Orders, events, feedback, tickets and messages as one list, newest first."""
    entries: list[dict[str, Any]] = []
    for order in found["orders"]:
        entries.append({"kind": "order", "at": _moment(order["order_time"]), "row": order})
    for event in found["events"]:
        entries.append({"kind": "event", "at": _moment(event["event_time"]), "row": event})
    for answer in found["feedback"]:
        entries.append({"kind": "feedback", "at": _moment(answer["feedback_time"]), "row": answer})
    for ticket in found["tickets"]:
        entries.append({"kind": "ticket", "at": _moment(ticket["created_at"]), "row": ticket})
    for message in messages:
        at = _moment(message["sent_at"] or message["queued_at"])
        entries.append({"kind": "message", "at": at, "row": message})
    oldest = dt.datetime.min
    entries.sort(key=lambda e: e["at"] or oldest, reverse=True)
    return entries


def model_of(session: Any) -> dict[str, Any] | None:
    """The transaction model of the latest run: name, day, parameters, why it was chosen."""
    run = session.scalars(select(TraitRun).order_by(TraitRun.id.desc()).limit(1)).first()
    if run is None or not (run.result or {}).get("params"):
        return None
    result = run.result
    return {
        "model": result.get("model") or run.model,
        "as_of": run.as_of,
        "fitted_at": run.finished_at or run.started_at,
        "params": dict(result["params"]),
        "spend_model": result.get("spend_model"),
        "spend_params": dict(result.get("spend_params") or {}),
        "log_likelihood": result.get("log_likelihood"),
        "reason": (result.get("model_choice") or {}).get("reason") or {},
    }


def outlook(con: Any, workspace: Any, customer_id: str, model: dict[str, Any]) -> list[dict]:
    """P(alive) and expected orders over the days ahead if no new order comes.

    The customer's (frequency, recency, T) summary is taken as of the run's day, as the
    run did; the horizon then lengthens T (no order meanwhile) for P(alive), and the
    window of the conditional expectation for expected orders.
    """
    import numpy as np

    from segmint.models.registry import transaction_model
    from segmint.traits.clv import clv_summary

    config = workspace.settings.traits.value
    orders = con.table("orders")
    mine = orders.filter(orders.customer_id == customer_id)
    summary = clv_summary(mine, as_of=model["as_of"], config=config).to_pyarrow().to_pylist()
    if not summary:
        return []
    row = summary[0]
    fitted = transaction_model(model["model"])()
    fitted.params_ = dict(model["params"])
    period = float(config.clv_period_days)
    steps = np.array(HORIZON, dtype=float) / period
    x = np.full(len(steps), float(row["frequency"]))
    t_x = np.full(len(steps), float(row["recency"]))
    age = float(row["T"])
    alive = fitted.p_alive(x, t_x, age + steps)
    expected = fitted.expected_purchases(steps, x, t_x, np.full(len(steps), age))
    return [
        {"days": days, "p_alive": float(a), "expected": float(e)}
        for days, a, e in zip(HORIZON, alive, expected, strict=True)
    ]


def _read_profile(request: Request, viewer: Viewer, customer_id: str) -> dict[str, Any]:
    workspace = request.app.state.workspace
    with workspace.data() as con, workspace.session() as session:
        found = profiles(request).read(con, session, customer_id, lang=viewer.lang)
        messages = messages_of(session, customer_id)
        model = model_of(session)
        ahead = outlook(con, workspace, customer_id, model) if model and found["traits"] else []
    return {"found": found, "messages": messages, "model": model, "ahead": ahead}


@pages.get("/customers/{customer_id}")
async def customer_page(request: Request, viewer: Reader, customer_id: str) -> Response:
    """One customer: who, timeline, traits, segments and why, tags, fields, model."""
    saved = request.query_params.get("saved")
    return await _profile_page(request, viewer, customer_id, saved=saved in ("tags", "fields"))


async def _profile_page(
    request: Request,
    viewer: Viewer,
    customer_id: str,
    *,
    saved: bool = False,
    problem: str | None = None,
) -> Response:
    try:
        read = await run_in_threadpool(_read_profile, request, viewer, customer_id)
    except UnknownCustomer:
        return render(
            request,
            viewer,
            "customer_missing.html",
            status_code=404,
            customer_id=customer_id,
        )
    found = read["found"]
    customer = shown_to(found["customer"], viewer.principal.sees_pii)
    lang = viewer.lang
    chart = None
    if read["ahead"]:
        table = table_of(
            "customer-outlook",
            translate("web.customers.chart", lang),
            [
                ("days", translate("web.customers.chart.days", lang), "int"),
                ("p_alive", translate("web.customers.chart.p_alive", lang), "share"),
                ("expected", translate("web.customers.chart.expected", lang), "number"),
            ],
            read["ahead"],
        )
        chart = Chart(
            table,
            "line",
            {"x": "days", "y": ["p_alive"]},
            {"value_kind": "share", "x_label": translate("web.customers.chart.days", lang)},
        )
    return render(
        request,
        viewer,
        "customer.html",
        customer_id=customer_id,
        customer=customer,
        quoted_id=quote(customer_id, safe=""),
        fields=found["fields"],
        traits=trait_rows(found["traits"], lang),
        as_of=found["traits"].get("as_of"),
        segments=[{**s, "label": segment_label(s["segment"], lang)} for s in found["segments"]],
        entries=timeline(found, read["messages"]),
        model=read["model"],
        chart=chart,
        ahead=read["ahead"],
        saved=saved,
        problem=problem,
        status_code=422 if problem else 200,
    )


# --- editing -------------------------------------------------------------------------------


def _profile_url(customer_id: str, **query: str) -> str:
    """The profile's address, with ``query``."""
    url = "/customers/" + quote(customer_id, safe="")
    return url + ("?" + urlencode(query) if query else "")


@pages.post("/customers/{customer_id}/tags")
async def change_tags(
    request: Request,
    customer_id: str,
    viewer: Annotated[Viewer, Depends(needs("tags:write"))],
) -> Response:
    """Add (``action=add``) or remove (``action=remove``) one tag on this customer."""
    await check_csrf(request)
    form = await request.form()
    tag = str(form.get("tag") or "").strip()
    action = str(form.get("action") or "")
    if action not in ("add", "remove") or not tag:
        problem = translate("web.customers.tag.missing", viewer.lang)
        return await _profile_page(request, viewer, customer_id, problem=problem)

    def write() -> dict[str, Any]:
        from segmint.actions.tags import change_tag

        workspace = request.app.state.workspace
        with (
            workspace.data(write=True) as con,
            workspace.session() as session,
            tempfile.TemporaryDirectory() as folder,
        ):
            ids = Path(folder) / "ids.txt"
            ids.write_text(customer_id + "\n", encoding="utf-8")
            result = change_tag(
                con, session, tag, action, ids=ids, actor=viewer.principal.name, lang=viewer.lang
            )
            result.pop("file", None)
            audit(
                session,
                viewer.principal,
                f"tags:{action}",
                target=tag,
                detail={"customer_id": customer_id, "changed": result.get("changed"), "via": "web"},
            )
            return result

    try:
        await run_in_threadpool(write)
    except SegmintError as exc:
        return await _profile_page(request, viewer, customer_id, problem=str(exc))
    request.state.audited = True
    return back(_profile_url(customer_id, saved="tags"))


@pages.post("/customers/{customer_id}/fields")
async def set_field(
    request: Request,
    customer_id: str,
    viewer: Annotated[Viewer, Depends(needs("customers:write"))],
) -> Response:
    """Set one custom field's values (comma separated) on this customer."""
    await check_csrf(request)
    form = await request.form()
    field = str(form.get("field") or "").strip()
    values = [v.strip() for v in str(form.get("values") or "").split(",") if v.strip()]
    if not field or not values:
        problem = translate("web.customers.field.missing", viewer.lang)
        return await _profile_page(request, viewer, customer_id, problem=problem)

    def write() -> None:
        from segmint.segments.live import ingest

        workspace = request.app.state.workspace
        with workspace.data(write=True) as con, workspace.session() as session:
            known = con.table("customers")
            if known.filter(known.customer_id == customer_id).count().to_pyarrow().as_py() == 0:
                raise UnknownCustomer(
                    translate("web.customers.unknown", viewer.lang, customer_id=customer_id)
                )
            ingest(
                con,
                session,
                customers=[{"customer_id": customer_id, "fields": {field: values}}],
                config=workspace.settings.traits,
                currency=workspace.settings.ingest.default_currency,
                actor=viewer.principal.name,
                lang=viewer.lang,
            )
            audit(
                session,
                viewer.principal,
                "customers:fields",
                target=customer_id,
                detail={"field": field, "values": values, "via": "web"},
            )

    try:
        await run_in_threadpool(write)
    except SegmintError as exc:
        return await _profile_page(request, viewer, customer_id, problem=str(exc))
    request.state.audited = True
    return back(_profile_url(customer_id, saved="fields"))
