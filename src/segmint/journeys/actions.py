"""What a journey's steps do to the customers who reach them, a batch at a time.

Each action takes the customers due at one step and returns each one's *outcome*, the
short word the passage keeps and the report counts: ``then``/``else`` for a branch,
``tagged`` for a tag. Sending is in :mod:`segmint.journeys.messages`, coupons and
cashback in :mod:`segmint.journeys.rewards`. An action may be repeated after a crash
(its effects land in the data store before the passage is marked done in the app
store), so each one is idempotent: a tag added twice changes nobody the second time.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import ibis
from ibis.backends import BaseBackend
from sqlalchemy.orm import Session

from segmint.actions.tags import change_tag
from segmint.journeys.definitions import BranchStep, TagStep
from segmint.segments.definitions import Registry
from segmint.segments.membership import segment_condition
from segmint.segments.profile import sources

__all__ = ["branch", "tag"]


def branch(
    con: BaseBackend, registry: Registry, step: BranchStep, customers: list[str]
) -> dict[str, str]:
    """``then`` for each customer the rule holds for (on the latest traits), else ``else``.

    A customer missing from the latest run's profile does not match.
    """
    where = sources(con)
    profile = where.profile
    condition = segment_condition(con, registry, where, step.rule)
    wanted = ibis.memtable({"customer_id": customers}, schema={"customer_id": "string"})
    chosen = profile.filter(
        profile.customer_id.cast("string").isin(wanted.customer_id), condition.fill_null(False)
    )
    matched = {
        str(value)
        for value in chosen.select(customer_id=chosen.customer_id.cast("string"))
        .to_pyarrow()
        .column("customer_id")
        .to_pylist()
    }
    return {c: "then" if c in matched else "else" for c in customers}


def tag(
    con: BaseBackend,
    session: Session,
    step: TagStep,
    customers: list[str],
    *,
    journey: str,
    lang: str = "en",
) -> dict[str, str]:
    """Add the step's tag to ``customers``, logged as a tag change by ``journey:NAME``."""
    with tempfile.TemporaryDirectory(prefix="segmint-journey-") as folder:
        ids = Path(folder) / "customers.csv"
        with ids.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["customer_id"])
            writer.writerows([c] for c in customers)
        change_tag(con, session, step.tag, "add", ids=ids, actor=f"journey:{journey}", lang=lang)
    return dict.fromkeys(customers, "tagged")
