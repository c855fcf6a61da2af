"""``segmint clusters``: fit, show, save a rule as a segment, snapshot, migration, export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from segmint.cli.app import JsonOption, LangOption, open_workspace
from segmint.cli.output import Ui, emit_json, out, read_day, table
from segmint.clustering import ClusteringResult, render_card
from segmint.clustering.codec import plain
from segmint.clustering.lexicon import fmt_number, fmt_percent
from segmint.clustering.personas import RULE_HOLDS
from segmint.clustering.store import Clustering
from segmint.exceptions import SettingsError
from segmint.i18n import translate
from segmint.steps import clusters as step

app = typer.Typer(
    help="Clusters of customers with personas and readable rules. / خوشه‌های مشتریان با پرسونا "
    "و قاعدهٔ خوانا.",
    no_args_is_help=True,
)

CRITERIA = ("silhouette", "calinski_harabasz", "davies_bouldin")


def parse_k(text: str, lang: str) -> int | str:
    """``auto`` or a whole number of at least 2, from the command line."""
    value = text.strip().lower()
    if value == "auto":
        return "auto"
    try:
        k = int(value)
    except ValueError:
        k = 0
    if k < 2:
        raise SettingsError(translate("clusters.bad_k", lang, value=text))
    return k


def _fraction(value: float | None, ui: Ui, digits: int = 2) -> str:
    return fmt_number(value, ui.lang, decimals=digits) if value is not None else "-"


def _finite(value: Any) -> float | None:
    """A stored figure, or None when it is missing or NaN (a k whose stability was not measured)."""
    if value is None or value != value:
        return None
    return float(value)


def show_result(result: ClusteringResult, record: Clustering, ui: Ui) -> None:
    """Header, criteria table, stability and one persona card per cluster."""
    data: dict[str, Any] = dict(result.to_dict())
    customers = sum(int(t.get("size", 0)) for t in result.totals.values())
    out.print(
        ui.t(
            "clusters.title",
            id=ui.number(record.id),
            k=ui.number(int(data["k"])),
            customers=ui.number(customers),
            as_of=ui.date(record.as_of),
        )
    )
    rows = [
        (
            ui.number(int(row["k"])),
            *(_fraction(row.get(c), ui, 3 if c != "calinski_harabasz" else 0) for c in CRITERIA),
            _fraction(_finite(row.get("least_jaccard")), ui),
            ui.t("clusters.chosen") if row.get("chosen") else "",
        )
        for row in data["criteria"]
    ]
    header = ["k", *(ui.t(f"clusters.{c}") for c in CRITERIA), ui.t("choose.least_jaccard"), ""]
    out.print(table(ui.t("clusters.criteria"), header, rows))
    for part in ("choice", "non_buyers"):
        said = data.get(part)
        if said:
            out.print(said["text"][ui.lang], markup=False)
    stability = result.model.stability_
    if stability is not None:
        unstable = ", ".join(ui.number(c) for c in sorted(stability.unstable)) or "-"
        out.print(
            ui.t(
                "clusters.stability",
                runs=ui.number(stability.n_bootstrap),
                ari=_fraction(stability.ari, ui),
                unstable=unstable,
            )
        )
    out.print(ui.t("clusters.fidelity", fidelity=fmt_percent(result.fidelity, ui.lang)))
    for cid in sorted(result.personas):
        out.print()
        out.print(render_card(result.personas[cid], ui.lang))


@app.command("fit")
def fit(
    ctx: typer.Context,
    k: Annotated[
        str,
        typer.Option(
            "--k",
            help="Number of clusters, or 'auto' to choose it by the criteria and bootstrap "
            "stability together (the reason is printed).",
        ),
    ] = "auto",
    features: Annotated[
        str,
        typer.Option(
            "--features",
            help="Feature groups and columns, comma separated: behaviour, value, demographics, "
            "geography, interests, satisfaction, custom (custom fields), or 'all'; or any trait, "
            "profile field or custom field by name (e.g. age,income,spending_score_1_100).",
        ),
    ] = "all",
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Cluster on the traits of this day (default: latest run)."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Fit clusters on the workspace's customers, store them, and show the personas."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    chosen_k = parse_k(k, ui.lang)
    day = read_day(as_of, ui.lang)
    stored = step.fit(workspace, k=chosen_k, features=features, as_of=day, seed=seed, lang=ui.lang)
    workspace.close()
    # Printed once stored: a closed pipe (``| head``) must not roll the fit back.
    if json:
        emit_json(stored.to_dict())
    else:
        show_result(stored.result, stored.record, ui)


@app.command("show")
def show(
    ctx: typer.Context,
    clustering: Annotated[
        int | None, typer.Option("--id", help="A stored clustering's id (default: the newest).")
    ] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """The stored clustering: criteria, stability and persona cards."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    stored = step.show(workspace, clustering, lang=ui.lang)
    workspace.close()
    if json:
        emit_json(stored.to_dict())
    else:
        show_result(stored.result, stored.record, ui)


@app.command("save-rule")
def save_rule(
    ctx: typer.Context,
    cluster: Annotated[int, typer.Argument(help="The cluster id.")],
    name: Annotated[str, typer.Argument(help="Name of the new rule segment.")],
    priority: Annotated[int, typer.Option("--priority", help="Segment priority.")] = 0,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Save a cluster's readable rule as a rule segment (described by its persona name)."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    document = step.save_rule(workspace, cluster, name, priority=priority, lang=ui.lang)
    workspace.close()
    rule, persona = document["rule"], document["description"]
    if json:
        emit_json(document)
    else:
        out.print(
            ui.t(
                "clusters.saved",
                cluster=ui.number(cluster),
                persona=persona[ui.lang],
                name=name,
                rule=rule,
            ),
            markup=False,
        )
        recall = document.get("recall")
        if recall is not None and recall < RULE_HOLDS:
            warning = translate(
                "personas.sentence.rule_weak", ui.lang, recall=fmt_percent(recall, ui.lang)
            )
            out.print(f"[yellow]{warning}[/yellow]")


@app.command("snapshot")
def snapshot(
    ctx: typer.Context,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Day whose traits to assign (default: the latest run)."),
    ] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Store every customer's cluster for one day (``segmint run`` does this too)."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    day = read_day(as_of, ui.lang)
    done = step.snapshot(workspace, day, lang=ui.lang)
    workspace.close()
    day, sizes = done["as_of"], done["sizes"]
    if json:
        emit_json({"as_of": day.isoformat(), "sizes": {str(c): n for c, n in sizes.items()}})
        return
    out.print(
        ui.t("clusters.snapshot_done", customers=ui.number(sum(sizes.values())), as_of=ui.date(day))
    )
    rows = [(ui.number(c), ui.number(n)) for c, n in sorted(sizes.items())]
    out.print(table("", [ui.t("clusters.cluster"), ui.t("clusters.customers")], rows))


@app.command("migration")
def migration(
    ctx: typer.Context,
    start: Annotated[
        str | None,
        typer.Option("--from", help="Earlier snapshot day (default: the one before --to)."),
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Later snapshot day (default: the latest).")
    ] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """How many customers moved from each cluster to each other between two snapshots."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    report = step.migration(
        workspace, read_day(start, ui.lang), read_day(end, ui.lang), lang=ui.lang
    )
    workspace.close()
    first, last = dt.date.fromisoformat(report["from"]), dt.date.fromisoformat(report["to"])
    if json:
        emit_json(plain(report))
        return
    out.print(ui.t("clusters.migration_title", start=ui.date(first), end=ui.date(last)))
    label = {c: f"{ui.number(c)} {n[ui.lang]}" for c, n in (report.get("names") or {}).items()}

    def side(cluster: int | None, missing: str) -> str:
        if cluster is None:
            return ui.t(missing)
        return label.get(cluster, ui.number(cluster))

    rows = [
        (
            side(f["from"], "clusters.entered"),
            side(f["to"], "clusters.left"),
            ui.number(f["customers"]),
        )
        for f in report["flows"]
    ]
    header = [ui.t("clusters.from"), ui.t("clusters.to"), ui.t("clusters.customers")]
    out.print(table("", header, rows))
    out.print(
        ui.t(
            "clusters.migration_totals",
            **{k: ui.number(report[k]) for k in ("stayed", "moved", "entered", "left")},
        )
    )


@app.command("export")
def export(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="CSV file to write (customer_id,cluster).")],
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="A snapshot day's memberships (default: the newest fit)."),
    ] = None,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Write every customer's cluster to a CSV file: customer_id,cluster."""
    workspace, ui = open_workspace(ctx, lang=lang, json=json)
    done = step.export(workspace, path, as_of=read_day(as_of, ui.lang), lang=ui.lang)
    workspace.close()
    if json:
        emit_json(done)
        return
    out.print(
        ui.t("personas.exported", customers=ui.number(done["customers"]), path=done["path"]),
        markup=False,
    )
