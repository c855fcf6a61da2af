"""``/clusters``: persona cards, criteria per k, stability, fitting, and saving a rule.

The page reads the newest stored clustering (:func:`segmint.clustering.load_clustering`).
Without one it says so and, for roles with ``clusters:write``, offers a fit: the form
queues the server's ``cluster_fit`` job and the page follows its progress (htmx polls
``/clusters/jobs/{id}``, which sends the browser back to ``/clusters`` when it is done).
A cluster's readable rule is saved as a rule segment with ``segments:write``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from segmint.api.routes._common import json_safe
from segmint.auth import audit
from segmint.exceptions import ClusteringError, SegmintError
from segmint.i18n import MESSAGES, translate
from segmint.web.charts import Chart
from segmint.web.forms import back, check_csrf
from segmint.web.routes.customers import trait_label
from segmint.web.session import Viewer, needs
from segmint.web.tables import Table, download, table_of
from segmint.web.templating import render

pages = APIRouter(include_in_schema=False)

Reader = Annotated[Viewer, Depends(needs("clusters:read"))]
#: Cluster counts offered on the fit form besides "auto".
K_CHOICES = tuple(range(2, 9))


def stored(request: Request, lang: str) -> dict[str, Any] | None:
    """The newest stored clustering as a document (``StoredClustering.to_dict``), or None."""
    from segmint.clustering import latest_clustering, load_clustering
    from segmint.steps.clusters import StoredClustering

    workspace = request.app.state.workspace
    with workspace.data() as con, workspace.session() as session:
        record = latest_clustering(session)
        if record is None:
            return None
        result = load_clustering(con, session, record.id, lang=lang)
        document: dict[str, Any] = json_safe(StoredClustering(result, record).to_dict())
        return document


def criteria_table(document: dict[str, Any], lang: str) -> Table:
    """The criteria measured for each k: silhouette, CH, DB, least Jaccard, the choice."""
    rows = [
        {
            "k": row["k"],
            "silhouette": row.get("silhouette"),
            "calinski_harabasz": row.get("calinski_harabasz"),
            "davies_bouldin": row.get("davies_bouldin"),
            "least_jaccard": row.get("least_jaccard"),
            "chosen": translate("web.clusters.col.chosen", lang) if row.get("chosen") else "",
        }
        for row in document.get("criteria") or []
    ]
    return table_of(
        "cluster-criteria",
        translate("web.clusters.criteria", lang),
        [
            ("k", translate("web.clusters.col.k", lang), "int"),
            ("silhouette", translate("web.clusters.col.silhouette", lang), "number"),
            ("calinski_harabasz", translate("web.clusters.col.ch", lang), "number"),
            ("davies_bouldin", translate("web.clusters.col.db", lang), "number"),
            ("least_jaccard", translate("web.clusters.col.jaccard", lang), "number"),
            ("chosen", translate("web.clusters.col.chosen", lang), "text"),
        ],
        rows,
    )


def _label(prefix: str, value: str | None, lang: str) -> str:
    key = f"{prefix}.{value}"
    return translate(key, lang) if key in MESSAGES else str(value or "-")


def _effect(effect: dict[str, Any], lang: str) -> dict[str, Any]:
    """One key trait of a persona: the column, how it differs, and the effect size."""
    size = float(effect.get("effect_size") or 0.0)
    label = trait_label(str(effect.get("source") or effect.get("column")), lang)
    if effect.get("level") is not None:
        label = f"{label}: {effect['level']}"
        direction = "web.clusters.more_often" if size > 0 else "web.clusters.lower"
    else:
        direction = "web.clusters.higher" if size > 0 else "web.clusters.lower"
    return {"label": label, "direction": translate(direction, lang), "d": size}


def cards(document: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Each cluster as a persona card, in the page's language."""
    verdicts = (document.get("stability") or {}).get("clusters") or {}
    out = []
    for cluster in document["clusters"]:
        persona = cluster.get("persona") or {}
        number = cluster["cluster"]
        verdict = (verdicts.get(str(number)) or {}).get("verdict")
        out.append(
            {
                "cluster": number,
                "name": (persona.get("name") or {}).get(lang)
                or translate("web.clusters.cluster_n", lang, n=number),
                "description": (persona.get("description") or {}).get(lang, ""),
                "size": cluster.get("size"),
                "share": cluster.get("share"),
                "revenue_share": cluster.get("revenue_share"),
                "repeat_share": cluster.get("repeat_share"),
                "jaccard": cluster.get("stability"),
                "verdict": verdict,
                "verdict_label": _label("label.stability", verdict, lang),
                "unstable": bool(cluster.get("unstable")),
                "rule": cluster.get("rule"),
                "precision": cluster.get("rule_precision"),
                "recall": cluster.get("rule_recall"),
                "effects": [_effect(e, lang) for e in persona.get("effects") or []],
                "suggested": f"cluster_{document['id']}_{number}",
            }
        )
    return out


@pages.get("/clusters")
async def clusters_page(request: Request, viewer: Reader) -> Response:
    """The newest clustering: personas, criteria per k, stability; or the fit button."""
    lang = viewer.lang
    document = await run_in_threadpool(stored, request, lang)
    job = request.query_params.get("job")
    context: dict[str, Any] = {
        "document": document,
        "job": int(job) if job and job.isdigit() else None,
        "k_choices": K_CHOICES,
        "saved": request.query_params.get("saved"),
        "problem": None,
    }
    return _page(request, viewer, document, context)


def _page(
    request: Request,
    viewer: Viewer,
    document: dict[str, Any] | None,
    context: dict[str, Any],
    status_code: int = 200,
) -> Response:
    lang = viewer.lang
    if document is not None:
        table = criteria_table(document, lang)
        context["chart"] = Chart(
            table,
            "line",
            {"x": "k", "y": ["silhouette", "least_jaccard"]},
            {"x_label": "k", "value_kind": "number"},
            download="/clusters/criteria",
        )
        context["cards"] = cards(document, lang)
        context["n_bootstrap"] = (document.get("stability") or {}).get("n_bootstrap")
        context["features"] = ("، " if lang == "fa" else ", ").join(
            _label("web.clusters.group", name, lang) for name in document["features"]
        )
    return render(request, viewer, "clusters.html", status_code=status_code, **context)


@pages.get("/clusters/criteria.{fmt}")
async def criteria_download(request: Request, viewer: Reader, fmt: str) -> Response:
    """The criteria per k as CSV or XLSX."""
    document = await run_in_threadpool(stored, request, viewer.lang)
    if document is None:
        return Response(status_code=404)
    return download(criteria_table(document, viewer.lang), fmt, rtl=viewer.lang == "fa")


@pages.post("/clusters/fit")
async def start_fit(
    request: Request, viewer: Annotated[Viewer, Depends(needs("clusters:write"))]
) -> Response:
    """Queue a cluster fit (the server's ``cluster_fit`` job) and follow it on the page."""
    await check_csrf(request)
    form = await request.form()
    asked = str(form.get("k") or "auto")
    k: int | str = int(asked) if asked.isdigit() and int(asked) in K_CHOICES else "auto"
    params = {"k": k, "features": "all", "as_of": None, "seed": 0, "lang": viewer.lang}
    job = request.app.state.jobs.submit("cluster_fit", params, actor=viewer.principal.name)

    def record() -> None:
        with request.app.state.workspace.session() as session:
            audit(
                session,
                viewer.principal,
                "clusters:fit",
                target=str(job.id),
                detail={"k": k, "via": "web"},
            )

    await run_in_threadpool(record)
    request.state.audited = True
    return back(f"/clusters?job={job.id}", "/clusters")


@pages.get("/clusters/jobs/{job_id}")
def job_progress(request: Request, viewer: Reader, job_id: int) -> Response:
    """A fit's progress (an htmx fragment); when it is done, htmx goes back to /clusters."""
    job = request.app.state.jobs.get(job_id)
    if job is not None and job.kind != "cluster_fit":
        job = None
    answer = render(request, viewer, "_cluster_job.html", job=job, job_id=job_id)
    if job is not None and job.status == "done":
        answer.headers["HX-Redirect"] = "/clusters"
    return answer


@pages.post("/clusters/{cluster}/rule")
async def save_rule(
    request: Request,
    cluster: int,
    viewer: Annotated[Viewer, Depends(needs("segments:write"))],
) -> Response:
    """Save the newest clustering's rule for ``cluster`` as a rule segment."""
    await check_csrf(request)
    form = await request.form()
    name = str(form.get("name") or "").strip()

    def write() -> dict[str, Any]:
        from segmint.clustering import latest_clustering, save_cluster_rule

        workspace = request.app.state.workspace
        with workspace.data() as con, workspace.session() as session:
            if not name:
                raise ClusteringError(translate("web.clusters.segment_name", viewer.lang))
            save_cluster_rule(session, cluster, name, con=con, lang=viewer.lang)
            record = latest_clustering(session)
            assert record is not None, "save_cluster_rule found it"
            detail = {
                "cluster": cluster,
                "clustering": record.id,
                "rule": record.rules[str(cluster)]["text"],
                "via": "web",
            }
            audit(session, viewer.principal, "clusters:save_rule", target=name, detail=detail)
            return detail

    try:
        await run_in_threadpool(write)
    except SegmintError as exc:
        document = await run_in_threadpool(stored, request, viewer.lang)
        context = {
            "document": document,
            "job": None,
            "k_choices": K_CHOICES,
            "saved": None,
            "problem": str(exc),
        }
        return _page(request, viewer, document, context, status_code=422)
    request.state.audited = True
    from urllib.parse import quote

    return back(f"/clusters?saved={quote(name)}", "/clusters")
