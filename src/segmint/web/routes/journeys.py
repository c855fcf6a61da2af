"""Journey pages (read-only): the list with status and counts, and a journey's steps.

Journeys are created and ticked from the CLI or the API (``docs/journeys.md``); these
pages show them. They carry the ``campaigns:read`` permission, as the API's do.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from segmint.exceptions import UnknownJourney
from segmint.steps import journeys as step
from segmint.web.routes.campaigns import not_found
from segmint.web.session import Viewer, needs
from segmint.web.templating import render

pages = APIRouter(include_in_schema=False)

Reader = Annotated[Viewer, Depends(needs("campaigns:read"))]

#: A step's fields shown beside its type, in this order (the rest of the definition).
STEP_FIELDS = ("days", "rule", "then", "else", "tag", "campaign", "batch", "amount", "note")


def step_rows(
    definition: list[dict[str, Any]], counts: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each step's definition beside its counts (reached, done, waiting, converted)."""
    by_step = {c["step"]: c for c in counts}
    rows = []
    for number, found in enumerate(definition, start=1):
        fields = [(k, found[k]) for k in STEP_FIELDS if k in found]
        rows.append(
            {
                "step": number,
                "type": found.get("type", ""),
                "fields": fields,
                "counts": by_step.get(number),
            }
        )
    return rows


@pages.get("/journeys")
def journey_list(request: Request, viewer: Reader) -> Response:
    """Every journey: trigger, status, entered, still inside, last error."""
    journeys = step.list_journeys(request.app.state.workspace)
    return render(request, viewer, "journeys.html", journeys=journeys)


@pages.get("/journeys/{name}")
def journey_page(request: Request, viewer: Reader, name: str) -> Response:
    """One journey: its steps with how many reached, finished and wait at each."""
    workspace = request.app.state.workspace
    try:
        journey = step.show(workspace, name, lang=viewer.lang)
    except UnknownJourney as error:
        return not_found(request, viewer, str(error), "web.journeys.not_found")
    report = step.report(workspace, name, lang=viewer.lang)
    return render(
        request,
        viewer,
        "journey.html",
        journey=journey,
        report=report,
        steps=step_rows(journey["steps"], report["steps"]),
    )
