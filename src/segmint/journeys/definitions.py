"""A journey's definition: its trigger, its window and its steps, read from TOML or JSON.

A journey is written as a file (or sent to the API as JSON)::

    name = "coffee-welcome"
    trigger = "coffee-buyers"        # a segment: saved, or built-in (lifecycle:at_risk)
    window_days = 14                 # conversion window after entry, for the report

    [[steps]]                        # step 1
    type = "wait"
    days = 2

    [[steps]]                        # step 2: to step 3 when the rule holds, else to 4
    type = "branch"
    rule = "email_consent = true"
    then = 3
    else = 4

    [[steps]]                        # step 3
    type = "tag"
    tag = "coffee-journey"

Steps are numbered from 1 in file order; after a step a customer goes to the next one,
or, after a branch, to the step it names (``"end"`` leaves the journey). A branch may
only point forward: each customer passes each step at most once, so a journey always
ends. :func:`check_definition` checks the names a definition uses (trigger segment,
rules, campaigns) against the workspace.
"""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from segmint.exceptions import JourneyError
from segmint.i18n import translate

__all__ = [
    "END",
    "AnyStep",
    "BranchStep",
    "CashbackStep",
    "CouponStep",
    "Definition",
    "SendStep",
    "Step",
    "TagStep",
    "WaitStep",
    "parse_definition",
    "read_definition",
]

#: The branch target that leaves the journey.
END = "end"
MAX_NAME = 200

Target = int | Literal["end"] | None


class _Step(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class WaitStep(_Step):
    """Hold each customer ``days`` (fractions allowed) after they reach the step."""

    type: Literal["wait"]
    days: float = Field(gt=0, le=3650, description="Days to wait.")


class BranchStep(_Step):
    """Go to step ``then`` when the rule holds for the customer, else to ``else``."""

    type: Literal["branch"]
    rule: str = Field(min_length=1, description="A rule in the segment language.")
    then: Target = Field(None, description="Step number, or 'end'; default the next step.")
    otherwise: Target = Field(
        None, alias="else", description="Step number, or 'end'; default the next step."
    )


class TagStep(_Step):
    """Add a tag to the customer (``customers.tags``, logged like ``segmint tags add``)."""

    type: Literal["tag"]
    tag: str = Field(min_length=1)


class SendStep(_Step):
    """Send the customer a campaign's message (its channel, templates, variants, holdout)."""

    type: Literal["send"]
    campaign: str = Field(min_length=1, description="A campaign made with campaigns create.")


class CouponStep(_Step):
    """Give the customer one code of a coupon batch (the batch is made on first use)."""

    type: Literal["coupon"]
    batch: str = Field(min_length=1, max_length=200, description="The coupon batch's name.")
    value: Decimal = Field(gt=0, description="Percent off (at most 100) or an amount.")
    kind: Literal["percent", "amount"]
    expires_days: int = Field(ge=1, le=3650, description="Days each code is valid.")

    @model_validator(mode="after")
    def _percent_at_most_100(self) -> CouponStep:
        if self.kind == "percent" and self.value > 100:
            raise ValueError("a percent coupon gives at most 100")
        return self


class CashbackStep(_Step):
    """Credit the customer's cashback wallet."""

    type: Literal["cashback"]
    amount: Decimal = Field(gt=0, description="The amount, in the workspace's currency.")
    expires_days: int | None = Field(None, ge=1, le=3650, description="Days it may be spent.")
    note: str = ""


#: Any one step.
AnyStep = WaitStep | BranchStep | TagStep | SendStep | CouponStep | CashbackStep
Step = Annotated[AnyStep, Field(discriminator="type")]


class Definition(BaseModel):
    """A whole journey as written in its file."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=MAX_NAME)
    trigger: str = Field(min_length=1, description="The segment whose new members enter.")
    description: str = ""
    window_days: int = Field(14, ge=1, le=365, description="Conversion window after entry.")
    steps: list[Step] = Field(min_length=1, max_length=100)

    def next_step(self, number: int, target: Target = None) -> int | None:
        """The step after step ``number`` (to ``target`` if given); None past the end."""
        if target == END:
            return None
        after = number + 1 if target is None else int(target)
        return after if after <= len(self.steps) else None

    def step(self, number: int) -> AnyStep:
        """Step ``number`` (from 1)."""
        return self.steps[number - 1]

    def to_dict(self) -> dict[str, Any]:
        """Plain data as written (``else`` for a branch's other target)."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


def _problems(error: ValidationError) -> str:
    """One line per problem: where in the definition, and what is wrong."""
    lines = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"]) or "-"
        lines.append(f"{where}: {problem['msg']}")
    return "; ".join(lines)


def parse_definition(data: dict[str, Any], *, lang: str = "en") -> Definition:
    """Check a definition's shape and its branches' targets; see the module docstring.

    Raises
    ------
    JourneyError
        Naming each field that is wrong, or the branch that points backwards or past the end.
    """
    try:
        definition = Definition.model_validate(data)
    except ValidationError as error:
        raise JourneyError(translate("journeys.invalid", lang, problems=_problems(error))) from None
    if "'" in definition.name or "/" in definition.name or not definition.name.strip():
        raise JourneyError(translate("journeys.bad_name", lang, name=definition.name))
    count = len(definition.steps)
    for number, step in enumerate(definition.steps, start=1):
        if not isinstance(step, BranchStep):
            continue
        for target in (step.then, step.otherwise):
            if target is None or target == END:
                continue
            if not number < int(target) <= count:
                raise JourneyError(
                    translate("journeys.bad_target", lang, step=number, target=target, count=count)
                )
    return definition


def read_definition(path: Path | str, *, lang: str = "en") -> Definition:
    """Read a journey from a ``.toml`` or ``.json`` file and check it (:func:`parse_definition`)."""
    path = Path(path)
    if not path.is_file():
        raise JourneyError(translate("journeys.no_file", lang, path=path))
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as error:
        raise JourneyError(
            translate("journeys.unreadable", lang, path=path, error=str(error))
        ) from None
    if not isinstance(data, dict):
        raise JourneyError(translate("journeys.invalid", lang, problems="not a table"))
    return parse_definition(data, lang=lang)
