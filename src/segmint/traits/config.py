"""Settings of the traits step: RFM, lifecycle, value and CLV, demography.

``TraitsConfig`` is embedded in the workspace ``Settings`` as the ``traits``
section; every field carries a help text so the settings docs can list it.
The RFM group map is validated here: every (R, FM) cell of the score grid must
belong to exactly one group.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from segmint.i18n import catalogued

# The default R x FM map for five bins. Rows are R (recency score, 5 = most
# recent), columns are FM (the rounded weighted mean of F and M). Drawn as a grid
# (R down, FM across)::
#
#            FM=1            FM=2                FM=3                FM=4         FM=5
#     R=5    new             potential_loyalist  potential_loyalist  champions    champions
#     R=4    promising       potential_loyalist  potential_loyalist  loyal        champions
#     R=3    about_to_sleep  need_attention      need_attention      loyal        loyal
#     R=2    hibernating     hibernating         at_risk             at_risk      cant_lose
#     R=1    lost            lost                at_risk             cant_lose    cant_lose
#
# Cells are written "RF" (R digit, then FM digit).
DEFAULT_RFM_MAP: dict[str, list[str]] = {
    "champions": ["55", "54", "45"],
    "loyal": ["44", "35", "34"],
    "potential_loyalist": ["53", "52", "43", "42"],
    "new": ["51"],
    "promising": ["41"],
    "need_attention": ["33", "32"],
    "about_to_sleep": ["31"],
    "at_risk": ["24", "23", "13"],
    "cant_lose": ["25", "15", "14"],
    "hibernating": ["22", "21"],
    "lost": ["12", "11"],
}


def _error(key: str, **values: object) -> ValueError:
    """A ValueError with the English text of catalogue message ``traits.<key>``.

    The key travels with the error (see :func:`segmint.i18n.localized`), so a
    settings error reads in Persian under ``--lang fa``.
    """
    return catalogued(ValueError, f"traits.{key}", **values)


def _round_half_up(x: float) -> int:
    return int(x + 0.5)


def project_default_map(bins: int) -> dict[str, list[str]]:
    """The default five-bin map stretched onto a ``bins`` x ``bins`` grid.

    Score ``s`` of ``bins`` is placed at ``round(1 + 4 (s - 1) / (bins - 1))`` on
    the five-bin grid (halves round up), so the best and worst scores keep the
    groups of the five-bin corners.
    """
    five = {cell: group for group, cells in DEFAULT_RFM_MAP.items() for cell in cells}
    out: dict[str, list[str]] = {group: [] for group in DEFAULT_RFM_MAP}
    for r in range(bins, 0, -1):
        for fm in range(bins, 0, -1):
            r5 = _round_half_up(1 + 4 * (r - 1) / (bins - 1))
            fm5 = _round_half_up(1 + 4 * (fm - 1) / (bins - 1))
            out[five[f"{r5}{fm5}"]].append(f"{r}{fm}")
    return {group: cells for group, cells in out.items() if cells}


class RFMConfig(BaseModel):
    """How RFM scores and named groups are computed."""

    model_config = ConfigDict(extra="forbid")

    bins: int = Field(
        default=5,
        ge=2,
        le=9,
        description="Number of score bins for R, F and M (5 = quintiles). Scores run from 1 "
        "(worst) to bins (best).",
    )
    recency_weight: float = Field(
        default=1.0, ge=0, description="Weight of R in the weighted RFM value (rfm_value)."
    )
    frequency_weight: float = Field(
        default=1.0,
        ge=0,
        description="Weight of F in FM (the column of the group map) and in rfm_value. "
        "FM = round-half-up of (wF*F + wM*M) / (wF + wM); set monetary_weight 0 to use F alone.",
    )
    monetary_weight: float = Field(
        default=1.0, ge=0, description="Weight of M in FM and in rfm_value (see frequency_weight)."
    )
    monetary_basis: Literal["total", "average"] = Field(
        default="total",
        description="What M scores: 'total' net spend (monetary) or 'average' net order "
        "value (avg_order_value).",
    )
    groups: dict[str, list[str]] | None = Field(
        default=None,
        description="The R x FM map: group key -> list of cells 'RF' (R digit then FM digit). "
        "Every cell of the bins x bins grid must belong to exactly one group. Empty: the "
        "documented default map (stretched onto the grid when bins is not 5).",
    )
    group_names: dict[str, dict[Literal["en", "fa"], str]] = Field(
        default_factory=dict,
        description="Display names of groups in English and Persian, e.g. "
        "{vip = {en = 'VIP', fa = 'ویژه'}}; overrides the built-in names.",
    )

    @model_validator(mode="after")
    def _check(self) -> RFMConfig:
        if self.frequency_weight + self.monetary_weight <= 0:
            raise _error("fm_weights")
        self.cell_groups()
        return self

    def resolved_map(self) -> dict[str, list[str]]:
        """The group map in force: the user's, or the default for ``bins``."""
        if self.groups is not None:
            return self.groups
        return DEFAULT_RFM_MAP if self.bins == 5 else project_default_map(self.bins)

    def cell_groups(self) -> dict[tuple[int, int], str]:
        """``{(r, fm): group}`` for every cell, after checking the map covers each once."""
        digits = {str(i) for i in range(1, self.bins + 1)}
        owner: dict[tuple[int, int], str] = {}
        for group, cells in self.resolved_map().items():
            for cell in cells:
                if len(cell) != 2 or cell[0] not in digits or cell[1] not in digits:
                    raise _error("cell_format", cell=cell, group=group, bins=self.bins)
                key = (int(cell[0]), int(cell[1]))
                if key in owner:
                    raise _error("cell_twice", cell=cell, first=owner[key], second=group)
                owner[key] = group
        missing = [
            f"{r}{fm}"
            for r in range(1, self.bins + 1)
            for fm in range(1, self.bins + 1)
            if (r, fm) not in owner
        ]
        if missing:
            raise _error("cells_missing", cells=", ".join(missing), bins=self.bins)
        return owner


class LifecycleConfig(BaseModel):
    """How lifecycle stages are assigned; thresholds follow the shop's buying rhythm."""

    model_config = ConfigDict(extra="forbid")

    active_percentile: float = Field(
        default=0.80,
        gt=0,
        lt=1,
        description="A buyer is active while days since the last order are at most this "
        "percentile of the gaps between consecutive order days of all customers.",
    )
    lapsed_percentile: float = Field(
        default=0.95,
        gt=0,
        lt=1,
        description="Beyond this percentile of inter-order gaps a buyer is lapsed; between "
        "the two percentiles the buyer is at risk.",
    )
    active_days: int | None = Field(
        default=None, ge=1, description="Fixed active threshold in days. Empty: from the rhythm."
    )
    lapsed_days: int | None = Field(
        default=None, ge=1, description="Fixed lapsed threshold in days. Empty: from the rhythm."
    )
    min_gaps: int = Field(
        default=30,
        ge=1,
        description="Fewest inter-order gaps needed to trust the rhythm; with fewer, the "
        "fallback thresholds are used.",
    )
    fallback_active_days: int = Field(
        default=90, ge=1, description="Active threshold when there are too few gaps to measure."
    )
    fallback_lapsed_days: int = Field(
        default=180, ge=1, description="Lapsed threshold when there are too few gaps to measure."
    )
    rhythm_lookback_days: int | None = Field(
        default=None,
        ge=1,
        description="Only gaps ending within this many days before as_of shape the rhythm. "
        "Empty: all history.",
    )
    new_days: int | None = Field(
        default=None,
        ge=1,
        description="A buyer whose first order is at most this many days old (and who has "
        "at most new_max_orders orders) is new. Empty: the active threshold.",
    )
    new_max_orders: int = Field(
        default=2, ge=1, description="Most completed orders a new customer can have."
    )
    loyal_min_orders: int | None = Field(
        default=None,
        ge=2,
        description="Fixed number of completed orders from which an active buyer is loyal. "
        "Empty: from loyal_top_share.",
    )
    loyal_top_share: float = Field(
        default=0.20,
        gt=0,
        lt=1,
        description="Loyal threshold from the data: the smallest order count reached by at "
        "most this share of buyers (never below 2).",
    )

    @model_validator(mode="after")
    def _check(self) -> LifecycleConfig:
        if self.active_percentile >= self.lapsed_percentile:
            raise _error("percentiles", a=self.active_percentile, b=self.lapsed_percentile)
        if (
            self.active_days is not None
            and self.lapsed_days is not None
            and self.active_days >= self.lapsed_days
        ):
            raise _error("fixed_days", a=self.active_days, b=self.lapsed_days)
        if self.fallback_active_days >= self.fallback_lapsed_days:
            raise _error("fixed_days", a=self.fallback_active_days, b=self.fallback_lapsed_days)
        return self


class ValueConfig(BaseModel):
    """Value metrics (PCV, SOW, return rate) and the CLV models scored on each run."""

    model_config = ConfigDict(extra="forbid")

    pcv_annual_rate: float = Field(
        default=0.10,
        ge=0,
        description="Annual rate at which past order amounts are compounded to as_of for "
        "PCV (0.10 = 10% a year; 0 makes PCV equal net spend).",
    )
    sow_window_days: int = Field(
        default=365,
        ge=1,
        description="Days of spend compared with the yearly wallet estimate (SOW).",
    )
    wallet_field: str | None = Field(
        default="wallet_estimate",
        description="Custom field (customer_fields.field) read as the wallet estimate when "
        "the customers.wallet_estimate column is empty. Empty: the column only.",
    )
    return_rate_basis: Literal["amount", "orders"] = Field(
        default="amount",
        description="Return rate as refunded amount / completed amount ('amount') or "
        "return rows / completed orders ('orders').",
    )
    clv_model: Literal["auto", "bgnbd", "mbgnbd", "pareto"] = Field(
        default="auto",
        description="Transaction model for P(alive), expected purchases and CLV: 'auto' "
        "(the one with the best holdout forecast, see `segmint models validate`), 'bgnbd' "
        "(BG/NBD), 'mbgnbd' (MBG/NBD) or 'pareto' (Pareto/NBD).",
    )
    clv_period_days: float = Field(
        default=1.0,
        gt=0,
        description="Length in days of the time unit the CLV models are fitted in.",
    )
    clv_margin: float = Field(
        default=1.0, gt=0, le=1, description="Profit margin applied to expected spend in CLV."
    )
    clv_annual_discount_rate: float = Field(
        default=0.0, ge=0, description="Annual rate at which future CLV cash flows are discounted."
    )
    clv_penalizer: float = Field(
        default=0.0, ge=0, description="L2 penalty on the CLV model parameters (0 = plain MLE)."
    )


class MatrixConfig(BaseModel):
    """Thresholds of the loyalty-value matrix (purchase frequency x monetary value)."""

    model_config = ConfigDict(extra="forbid")

    frequency_threshold: float | None = Field(
        default=None,
        ge=0,
        description="A buyer with more completed orders than this is frequent (the loyalty "
        "axis of the value matrix). Empty: the median order count of buyers.",
    )
    monetary_threshold: float | None = Field(
        default=None,
        description="A buyer whose value (see monetary_basis) is above this is high-value. "
        "Empty: the median over buyers.",
    )
    monetary_basis: Literal["total", "average"] = Field(
        default="total",
        description="The value axis of the matrix: 'total' net spend (monetary) or "
        "'average' net order value (avg_order_value).",
    )


class TraitsConfig(BaseModel):
    """Everything the traits step (``segmint run``) can be told."""

    model_config = ConfigDict(extra="forbid")

    rfm: RFMConfig = Field(default_factory=RFMConfig, description="RFM scores and groups.")
    lifecycle: LifecycleConfig = Field(
        default_factory=LifecycleConfig, description="Lifecycle stage thresholds."
    )
    value: ValueConfig = Field(
        default_factory=ValueConfig, description="Value metrics and CLV models."
    )
    matrix: MatrixConfig = Field(
        default_factory=MatrixConfig,
        description="Loyalty-value matrix thresholds (the value_matrix:* segments).",
    )
    age_band_edges: list[int] = Field(
        default_factory=lambda: [18, 25, 35, 45, 55, 65],
        description="Ages at which a new age band starts: [18, 25] gives '<18', '18-24', '25+'.",
    )
    max_age: int = Field(
        default=110,
        ge=1,
        description="Birth dates giving an age above this (or a birth after as_of) are "
        "treated as unknown.",
    )

    @model_validator(mode="after")
    def _check(self) -> TraitsConfig:
        edges = self.age_band_edges
        if not edges or edges[0] <= 0 or any(b <= a for a, b in pairwise(edges)):
            raise _error("age_edges", edges=edges)
        return self
