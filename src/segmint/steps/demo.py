"""Build the demo: a realistic shop generated, imported as users import it, and run."""

from __future__ import annotations

import queue
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from segmint.exceptions import WorkspaceExists
from segmint.i18n import translate
from segmint.steps._common import Progress, silent

if TYPE_CHECKING:
    from segmint.demo import DemoFiles
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
#: The phases :func:`build_demo` reports, as catalogue keys, in order (the run's follow).
PHASES = (
    "lib.phase.demo_generate",
    *(f"lib.phase.import_{kind}" for _, kind in IMPORTS),
    "lib.phase.demo_generated",
)


class _Generation:
    """``generate`` running on a worker thread, telling which files are complete."""

    def __init__(self, folder: Path, *, customers: int, seed: int, lang: str) -> None:
        self._ready: queue.Queue[tuple[str, Path] | None] = queue.Queue()
        self._written: dict[str, Path] = {}
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._future = self._pool.submit(self._run, folder, customers, seed, lang)

    def _run(self, folder: Path, customers: int, seed: int, lang: str) -> tuple[DemoFiles, float]:
        from segmint.demo import generate

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
    path: str | Path,
    *,
    customers: int = 20_000,
    seed: int = 0,
    force: bool = False,
    keep_files: bool = False,
    lang: str = "en",
    progress: Progress | None = None,
) -> tuple[dict[str, Any], RunResult]:
    """Generate a shop, import it into a new workspace at ``path`` and run the models.

    The files are imported as they are written, so the customers go in while the
    events are still being drawn and both cores are busy.

    Parameters
    ----------
    path
        The new workspace's folder.
    customers, seed
        How many customers the shop has; same seed, same shop.
    force
        Rebuild the workspace if ``path`` holds one.
    keep_files
        Keep the generated CSV files in the workspace's ``demo-data/``.
    progress
        Called with each phase's catalogue key (:data:`PHASES`, then the run's).

    Returns
    -------
    tuple
        The summary (``workspace``, ``customers``, ``seed``, ``generated_rows``,
        ``generate_seconds``, ``imports``, ``run``, ``seconds``) and the run's result.

    Raises
    ------
    WorkspaceExists
        ``path`` holds a workspace and ``force`` is false.
    """
    from segmint.settings import SETTINGS_FILE
    from segmint.steps.importing import import_file
    from segmint.steps.traits import run
    from segmint.store import Workspace

    step = progress or silent
    started = time.perf_counter()
    path = Path(path)
    if (path / SETTINGS_FILE).exists():
        if not force:
            raise WorkspaceExists(translate("demo.exists", lang, path=path))
        shutil.rmtree(path)
    workspace = Workspace.create(path, lang=lang)
    step("lib.phase.demo_generate")
    with tempfile.TemporaryDirectory(prefix="segmint-demo-") as tmp:
        folder = workspace.folder("demo-data") if keep_files else Path(tmp)
        made = _Generation(folder, customers=customers, seed=seed, lang=lang)
        imports = []
        try:
            for name, kind in IMPORTS:
                file = made.wait_for(name)
                step(f"lib.phase.import_{kind}")
                imports.append(import_file(workspace, kind, file, lang=lang))
        finally:
            made.wait()  # never leave the folder while files are still being written
        files, generated = made.result()
        step("lib.phase.demo_generated")
    result = run(workspace, lang=lang, progress=step)
    workspace.close()
    return {
        "workspace": str(workspace.root),
        "customers": customers,
        "seed": seed,
        "generated_rows": sum(files.rows.values()),
        "generate_seconds": round(generated, 3),
        "imports": [i.to_dict() for i in imports],
        "run": result.to_dict(),
        "seconds": round(time.perf_counter() - started, 3),
    }, result
