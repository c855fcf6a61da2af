"""``segmint demo``: a workspace filled with a realistic shop, imported as users import."""

from __future__ import annotations

from typing import Annotated

import typer

from segmint.cli.app import JsonOption, LangOption, plain_ui, workspace_path
from segmint.cli.output import Ui, emit_json, out, table
from segmint.cli.run import show_run
from segmint.locale import to_persian_digits
from segmint.steps.demo import build_demo


def demo(
    ctx: typer.Context,
    customers: Annotated[
        int, typer.Option("--customers", min=1, help="How many customers the shop has.")
    ] = 20_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: same seed, same shop.")] = 0,
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild the workspace if it exists.")
    ] = False,
    keep_files: Annotated[
        bool,
        typer.Option(
            "--keep-files", help="Keep the generated CSV files in the workspace's demo-data/."
        ),
    ] = False,
    json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Create a workspace with a realistic demo shop, import it and run the models."""
    ui = plain_ui(ctx, lang=lang, json=json)
    path = workspace_path(ctx, ui.lang)

    def tell(key: str) -> None:
        if key.startswith("lib.phase.") and key != "lib.phase.demo_generate":
            out.print(ui.t(key))

    if not json:
        out.print(ui.t("demo.generating", customers=ui.number(customers), seed=seed))
    summary, result = build_demo(
        path,
        customers=customers,
        seed=seed,
        force=force,
        keep_files=keep_files,
        lang=ui.lang,
        progress=None if json else tell,
    )
    if json:
        emit_json(summary)
        return
    rows = ui.number(summary["generated_rows"])
    out.print(ui.t("demo.generated", rows=rows, seconds=summary["generate_seconds"]))
    imported = [
        (
            ui.t(f"lib.kind.{i['kind']}"),
            ui.number(i["read"]),
            ui.number(i["stored"]),
            ui.number(i["rejected"]),
            _seconds(ui, i["seconds"]),
        )
        for i in summary["imports"]
    ]
    header = [
        ui.t("demo.file"),
        ui.t("import.read"),
        ui.t("import.stored"),
        ui.t("import.rejected"),
        ui.t("lib.seconds"),
    ]
    out.print(table(ui.t("demo.summary"), header, imported))
    show_run(result, ui)
    out.print(ui.t("demo.done", path=summary["workspace"], seconds=summary["seconds"]))


def _seconds(ui: Ui, seconds: float) -> str:
    """Seconds to one decimal, in the message language's digits."""
    text = f"{seconds:.1f}"
    return (to_persian_digits(text.replace(".", "٫")) or text) if ui.lang == "fa" else text
