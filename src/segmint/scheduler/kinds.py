"""What a schedule can run: the daily run, a recurring campaign, journey ticks, a report.

Each kind is a thin call of a library step with the schedule's parameters: the daily
``segmint run``, a campaign's send (``segmint.steps.campaigns.send``), the journeys'
tick (``segmint.journeys.tick``) and the periodic report (``segmint.reports.publish``).
Each imports its step when it runs, so the scheduler itself stays cheap to import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic_core import to_jsonable_python

from segmint.i18n import translate
from segmint.scheduler.errors import ScheduleError
from segmint.store.workspace import Workspace

__all__ = ["KINDS", "Kind", "check_params"]

Run = Callable[[Workspace, Mapping[str, Any], dt.datetime], Any]


@dataclass(frozen=True)
class Kind:
    """A kind of scheduled job: the parameters it needs and the function that runs it."""

    name: str
    run: Run
    required: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()


def _plain(result: Any) -> dict[str, Any]:
    data = to_jsonable_python(result, fallback=str)
    return data if isinstance(data, dict) else {"value": data}


def _run(workspace: Workspace, params: Mapping[str, Any], due: dt.datetime) -> Any:
    from segmint import steps

    result = steps.run(workspace)
    summary = result.to_dict()
    return {key: summary[key] for key in ("as_of", "customers", "model") if key in summary}


def _campaign(workspace: Workspace, params: Mapping[str, Any], due: dt.datetime) -> Any:
    from segmint.steps.campaigns import send

    return _plain(send(workspace, params["campaign"]))


def _journeys(workspace: Workspace, params: Mapping[str, Any], due: dt.datetime) -> Any:
    from segmint.journeys import tick

    return _plain(tick(workspace, now=due))


def _report(workspace: Workspace, params: Mapping[str, Any], due: dt.datetime) -> Any:
    from segmint.reports import publish

    return _plain(
        publish(
            workspace,
            to=list(params.get("to") or []),
            languages=params.get("languages"),
        )
    )


KINDS: dict[str, Kind] = {
    "run": Kind("run", _run),
    "campaign": Kind("campaign", _campaign, required=("campaign",), allowed=("campaign",)),
    "journeys": Kind("journeys", _journeys),
    "report": Kind("report", _report, allowed=("to", "languages")),
}
"""Every kind of scheduled job, by name."""


def check_params(kind: str, params: Mapping[str, Any], *, lang: str = "en") -> dict[str, Any]:
    """A kind's parameters, checked: the kind exists, what it needs is given, nothing else.

    Raises
    ------
    ScheduleError
        An unknown kind, a missing or unknown parameter, or a report language or
        recipient list of the wrong shape.
    """
    found = KINDS.get(kind)
    if found is None:
        raise ScheduleError(
            translate("scheduler.bad_kind", lang, kind=kind, known=", ".join(KINDS))
        )
    missing = [name for name in found.required if not params.get(name)]
    extra = [name for name in params if name not in found.allowed]
    if missing or extra:
        raise ScheduleError(
            translate(
                "scheduler.bad_params",
                lang,
                kind=kind,
                given=", ".join(sorted(params)) or "-",
                allowed=", ".join(found.allowed) or "-",
                required=", ".join(found.required) or "-",
            )
        )
    if kind == "report":
        _check_report(params, lang)
    return dict(params)


def _check_report(params: Mapping[str, Any], lang: str) -> None:
    from segmint.i18n import LANGUAGES

    to = params.get("to") or []
    languages = params.get("languages") or []
    if not isinstance(to, list) or not all(isinstance(a, str) and "@" in a for a in to):
        raise ScheduleError(translate("scheduler.bad_recipients", lang, to=to))
    if not isinstance(languages, list) or not all(code in LANGUAGES for code in languages):
        raise ScheduleError(
            translate(
                "scheduler.bad_languages", lang, languages=languages, known=", ".join(LANGUAGES)
            )
        )
