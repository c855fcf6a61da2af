"""Settings of coupons and the cashback wallet: the ``[offers]`` section of ``segmint.toml``."""

from __future__ import annotations

from pydantic import BaseModel, Field


class OffersSettings(BaseModel):
    """How coupon codes look and how long offers last by default."""

    code_length: int = Field(
        10,
        ge=6,
        le=24,
        description="Characters in a coupon code, drawn from 31 unambiguous letters and "
        "digits (no 0/O, 1/I/L). 10 gives 31^10 (8 x 10^14) possible codes.",
    )
    coupon_valid_days: int = Field(
        30,
        ge=1,
        description="Days a coupon stays valid after it is issued when neither an expiry "
        "day nor a number of days is given.",
    )
    cashback_expiry_days: int | None = Field(
        None,
        ge=1,
        description="Days an earned cashback stays in the wallet when a programme gives "
        "none. Empty: earned cashback never expires.",
    )
    cashback_decimals: int = Field(
        0,
        ge=0,
        le=4,
        description="Decimals cashback amounts are rounded to (half up): 0 for rials and "
        "tomans, 2 for euros or dollars.",
    )
