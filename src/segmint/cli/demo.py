"""``segmint demo``: a workspace filled with a realistic shop, imported as users import."""

from __future__ import annotations

import queue
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Annotated, Any

import typer

from segmint.cli.app import JsonOption, LangOption, plain_ui, workspace_path
from segmint.cli.importing import run_import
from segmint.cli.output import Ui, emit_json, out, table
from segmint.cli.run import run_workspace, show_run
from segmint.demo import DemoFiles, generate
from segmint.exceptions import WorkspaceExists
from segmint.settings import SETTINGS_FILE
from segmint.store import Workspace
from segmint.traits.runner import RunResult

#: Demo file -> import kind, in the order a shop would load them.
IMPORTS = (
    ("customers", "customers"),
    ("orders", "orders"),
    ("order_items", "items"),
    ("events", "events"),
    ("feedback", "feedback"),
    ("acquisition_costs", "costs"),
)


class _Generation:
    """``generate`` running on a worker thread, telling which files are complete."""

    def __init__(self, folder: Path, *, customers: int, seed: int, lang: str) -> None:
        self._ready: queue.Queue[tuple[str, Path] | None] = queue.Queue()
        self._written: dict[str, Path] = {}
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._future = self._pool.submit(self._run, folder, customers, seed, lang)

    def _run(self, folder: Path, customers: int, seed: int, lang: str) -> tuple[DemoFiles, float]:
        began = time.perf_counter()
        try:
            files = generate(
                folder,
                customers=customers,
                seed=seed,
                lang=lang,
                on_file=lambda name, path: self._ready.put((name, path)),
            )
        finally:
            self._ready.put(None)  # no more files, written or not
        return files, time.perf_counter() - began

    def wait_for(self, name: str) -> Path:
        """The path of file ``name`` once it is complete (the generator's error if it failed)."""
        while name not in self._written:
            done = self._ready.get()
            if done is None:
                self.result()  # raises what stopped the generator
                raise AssertionError(f"the generator wrote no {name} file")  # pragma: no cover
            self._written[done[0]] = done[1]
        return self._written[name]

    def finished(self) -> bool:
        """Whether the generator has stopped."""
        return self._future.done()

    def wait(self) -> None:
        """Wait until the generator has stopped, whether it succeeded or not."""
        self._pool.shutdown(wait=True)

    def result(self) -> tuple[DemoFiles, float]:
        """The files written and the seconds it took (the generator's error if it failed)."""
        self.wait()
        return self._future.result()


def build_demo(
    path: Path, ui: Ui, *, customers: int, seed: int, force: bool, keep_files: bool
) -> tuple[dict[str, Any], RunResult]:
    """Generate a shop, import it into a new workspace at ``path`` and run the models.

    Returns the summary that ``--json`` prints, and the run's result.
    """
    started = time.perf_counter()
    if (path / SETTINGS_FILE).exists():
        if not force:
            raise WorkspaceExists(ui.t("demo.exists", path=path))
        shutil.rmtree(path)
    workspace = Workspace.create(path, lang=ui.lang)
    if not ui.json:
        out.print(ui.t("demo.generating", customers=ui.number(customers), seed=seed))
    with tempfile.TemporaryDirectory(prefix="segmint-demo-") as tmp:
        folder = workspace.folder("demo-data") if keep_files else Path(tmp)
        made = _Generation(folder, customers=customers, seed=seed, lang=ui.lang)
        # The files are imported as they are written: the customers go in while the
        # events are still being drawn, so the machine's cores are busy together.
        imports = []
        reported = ui.json

        def report_generation() -> None:
            files, seconds = made.result()
            rows = ui.number(sum(files.rows.values()))
            out.print(ui.t("demo.generated", rows=rows, seconds=seconds))

        try:
            for name, kind in IMPORTS:
                file = made.wait_for(name)
                if not reported and made.finished():
                    report_generation()
                    reported = True
                if not ui.json:
                    out.print(ui.t("demo.importing", kind=kind))
                imports.append(run_import(workspace, kind, file, ui))
        finally:
            made.wait()  # never leave the folder while files are still being written
        if not reported:
            report_generation()
        generated = made.result()[1]
    result = run_workspace(workspace, ui)
    workspace.close()
    return {
        "workspace": str(workspace.root),
        "customers": customers,
        "seed": seed,
        "generate_seconds": round(generated, 3),
        "imports": [i.to_dict() for i in imports],
        "run": result.to_dict(),
        "seconds": round(time.perf_counter() - started, 3),
    }, result


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
    summary, result = build_demo(
        path, ui, customers=customers, seed=seed, force=force, keep_files=keep_files
    )
    if json:
        emit_json(summary)
        return
    rows = [
        (
            i["kind"],
            ui.number(i["read"]),
            ui.number(i["stored"]),
            ui.number(i["rejected"]),
            f"{i['seconds']:.1f}",
        )
        for i in summary["imports"]
    ]
    out.print(
        table(
            ui.t("demo.summary"),
            [
                ui.t("demo.file"),
                ui.t("import.read"),
                ui.t("import.stored"),
                ui.t("import.rejected"),
                "s",
            ],
            rows,
        )
    )
    show_run(result, ui)
    out.print(ui.t("demo.done", path=summary["workspace"], seconds=summary["seconds"]))
