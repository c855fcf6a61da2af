"""``/api/v1/reports/...``: the reports of :mod:`segmint.measure`, as JSON.

Each answer is ``{report, by, since, until, rows}``, the same document as
``segmint reports ... --json``; money is exact decimal text.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, PlainSerializer

from segmint.api.deps import LangDep, WorkspaceDep
from segmint.api.problems import PROBLEM_RESPONSES
from segmint.api.security import Principal, require
from segmint.steps import reports

router = APIRouter(prefix="/reports", tags=["reports"], responses=PROBLEM_RESPONSES)

Reader = Annotated[Principal, Depends(require("reports:read"))]
Since = Annotated[dt.date | None, Query(description="First day of the period.")]
Until = Annotated[dt.date | None, Query(description="Last day (default: the run's day).")]
Measure = Literal["customers", "orders", "revenue", "avg_clv", "csat", "churn_risk"]
Segments = Annotated[
    list[str] | None,
    Query(description="Segments to show (repeat the parameter); default every saved one."),
]
#: Exact money as decimal text without trailing zeros ("6857850000", "100.5"), as the CLI.
Money = Annotated[Decimal, PlainSerializer(lambda v: format(v.normalize(), "f"), return_type=str)]


class PivotRow(BaseModel):
    """One group's measures; a measure not asked for is absent."""

    key: str | None
    customers: int | None = None
    orders: int | None = None
    revenue: Money | None = None
    avg_clv: float | None = None
    csat: float | None = None
    churn_risk: float | None = None


class AcquisitionRow(BaseModel):
    """One channel (or channel and campaign)."""

    channel: str | None
    campaign: str | None = None
    customers: int
    cost: float | None
    cpa: float | None
    avg_clv: float | None
    clv_cpa: float | None


class ProductRow(BaseModel):
    """One best seller of a group."""

    key: str | None
    rank: int
    item: str | None
    name: str | None
    units: float | None
    revenue: float | None
    orders: int
    customers: int
    share: float | None


class GridRow(BaseModel):
    """One (R, F) cell."""

    r_score: int
    f_score: int
    customers: int
    revenue: float
    avg_revenue: float | None
    customer_share: float | None
    revenue_share: float | None
    avg_clv: float | None
    churn_risk: float | None


class MatrixRow(BaseModel):
    """One quadrant of the loyalty-value matrix."""

    value_quadrant: str
    frequent: bool
    high_value: bool
    customers: int
    revenue: float
    avg_revenue: float | None
    customer_share: float | None
    revenue_share: float | None
    avg_clv: float | None
    churn_risk: float | None
    frequency_threshold: float | None
    monetary_threshold: float | None


class CohortRow(BaseModel):
    """One cohort in one month after its first order."""

    cohort: str
    month: int
    customers: int
    active: int
    retention: float


def _example(report: str, by: str | None, row: dict[str, Any]) -> ConfigDict:
    return ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "report": report,
                    "by": by,
                    "since": None,
                    "until": "2025-09-22",
                    "rows": [row],
                }
            ]
        }
    )


class PivotPublic(BaseModel):
    """Measures per group."""

    model_config = _example(
        "pivot",
        "province",
        {
            "key": "Tehran",
            "customers": 473,
            "orders": 902,
            "revenue": "6857850000",
            "avg_clv": 6011995.2,
            "csat": 3.9,
            "churn_risk": 0.197,
        },
    )
    report: str
    by: str | None
    since: dt.date | None
    until: dt.date
    rows: list[PivotRow]


class AcquisitionPublic(BaseModel):
    """Customers, spend, CPA, CLV and CLV/CPA per channel or campaign."""

    model_config = _example(
        "acquisition",
        "channel",
        {
            "channel": "instagram",
            "customers": 765,
            "cost": 2341690000.0,
            "cpa": 3061033.0,
            "avg_clv": 6539731.0,
            "clv_cpa": 2.14,
        },
    )
    report: str
    by: str | None
    since: dt.date | None
    until: dt.date
    rows: list[AcquisitionRow]


class ProductsPublic(BaseModel):
    """Best sellers of each group."""

    model_config = _example(
        "products",
        "segment",
        {
            "key": "rfm:champions",
            "rank": 1,
            "item": "art_supplies",
            "name": "art_supplies",
            "units": 1380.0,
            "revenue": 4171570000.0,
            "orders": 221,
            "customers": 104,
            "share": 0.195,
        },
    )
    report: str
    by: str | None
    since: dt.date | None
    until: dt.date
    rows: list[ProductRow]


class GridPublic(BaseModel):
    """The R x F grid."""

    model_config = _example(
        "grid",
        None,
        {
            "r_score": 5,
            "f_score": 5,
            "customers": 120,
            "revenue": 8914630000.0,
            "avg_revenue": 74288583.3,
            "customer_share": 0.048,
            "revenue_share": 0.177,
            "avg_clv": 27831770.0,
            "churn_risk": 0.172,
        },
    )
    report: str
    by: str | None
    since: dt.date | None
    until: dt.date
    rows: list[GridRow]


class MatrixPublic(BaseModel):
    """The loyalty-value matrix: four quadrants of purchase frequency x value."""

    model_config = _example(
        "matrix",
        None,
        {
            "value_quadrant": "true_friends",
            "frequent": True,
            "high_value": True,
            "customers": 887,
            "revenue": 37304850000.0,
            "avg_revenue": 42057328.1,
            "customer_share": 0.355,
            "revenue_share": 0.736,
            "avg_clv": 12785039.0,
            "churn_risk": 0.21,
            "frequency_threshold": 1.0,
            "monetary_threshold": 10180000.0,
        },
    )
    report: str
    by: str | None
    since: dt.date | None
    until: dt.date
    rows: list[MatrixRow]


class CohortsPublic(BaseModel):
    """Retention per first-order-month cohort."""

    model_config = _example(
        "cohorts",
        None,
        {"cohort": "2025-01", "month": 1, "customers": 94, "active": 10, "retention": 0.106},
    )
    report: str
    by: str | None
    since: dt.date | None
    until: dt.date
    rows: list[CohortRow]


@router.get("/pivot", response_model=PivotPublic, response_model_exclude_unset=True)
def get_pivot(
    who: Reader,
    workspace: WorkspaceDep,
    lang: LangDep,
    by: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="month, segment, rfm, lifecycle, generation, value_matrix, a profile "
            "column or trait, or a custom field (field:NAME).",
            examples=["province"],
        ),
    ],
    measures: Annotated[
        list[Measure] | None, Query(description="Measures to return, in this order.")
    ] = None,
    segments: Segments = None,
    since: Since = None,
    until: Until = None,
) -> dict[str, Any]:
    """Customers, orders, revenue, average CLV, CSAT and churn risk per group."""
    return reports.pivot(
        workspace,
        by,
        measures=list(dict.fromkeys(measures)) if measures else None,  # a repeat asks once
        segments=segments,
        since=since,
        until=until,
        lang=lang,
    )


@router.get("/acquisition", response_model=AcquisitionPublic)
def get_acquisition(
    who: Reader,
    workspace: WorkspaceDep,
    lang: LangDep,
    by: Annotated[Literal["channel", "campaign"], Query(description="The groups.")] = "channel",
    since: Since = None,
    until: Until = None,
) -> dict[str, Any]:
    """Customers acquired, spend, CPA, average CLV and CLV/CPA per channel or campaign."""
    return reports.acquisition(workspace, by=by, since=since, until=until, lang=lang)


@router.get("/products", response_model=ProductsPublic)
def get_products(
    who: Reader,
    workspace: WorkspaceDep,
    lang: LangDep,
    by: Annotated[
        str, Query(min_length=1, max_length=200, description="The groups, as for pivot.")
    ] = "segment",
    level: Annotated[Literal["product", "category"], Query(description="What to rank.")] = (
        "product"
    ),
    top: Annotated[int, Query(ge=1, le=1000, description="How many per group.")] = 10,
    segments: Segments = None,
    since: Since = None,
    until: Until = None,
) -> dict[str, Any]:
    """Best-selling products or categories of each group, by revenue."""
    return reports.products(
        workspace,
        by=by,
        level=level,
        top=top,
        segments=segments,
        since=since,
        until=until,
        lang=lang,
    )


@router.get("/grid", response_model=GridPublic)
def get_grid(
    who: Reader,
    workspace: WorkspaceDep,
    lang: LangDep,
    segments: Segments = None,
) -> dict[str, Any]:
    """The R x F grid of everyone, or of the customers of some segments."""
    return reports.grid(workspace, segments=segments, lang=lang)


@router.get("/matrix", response_model=MatrixPublic)
def get_matrix(
    who: Reader,
    workspace: WorkspaceDep,
    lang: LangDep,
    segments: Segments = None,
) -> dict[str, Any]:
    """The loyalty-value matrix of everyone, or of the customers of some segments."""
    return reports.matrix(workspace, segments=segments, lang=lang)


@router.get("/cohorts", response_model=CohortsPublic)
def get_cohorts(
    who: Reader,
    workspace: WorkspaceDep,
    lang: LangDep,
    months: Annotated[int, Query(ge=1, le=120, description="Months after the first.")] = 12,
    since: Since = None,
    until: Until = None,
) -> dict[str, Any]:
    """Retention of each first-order-month cohort in the months after it."""
    return reports.cohorts(workspace, months=months, since=since, until=until, lang=lang)
