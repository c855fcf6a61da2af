"""Offers: coupon codes and the cashback wallet.

- :mod:`~segmint.offers.coupons`: batches of unique codes, one per recipient
  (:func:`issue_coupons`), and their counts;
- :mod:`~segmint.offers.redemption`: which codes imported orders used (:func:`redeem`);
- :mod:`~segmint.offers.wallet`: the append-only ledger, balances, :func:`credit`,
  :func:`spend`, :func:`adjust`;
- :mod:`~segmint.offers.programmes`: cashback on members' orders (:func:`earn`) and
  reverses for returns;
- :mod:`~segmint.offers.expiry`: what is left of an earn after its last day (:func:`expire`).

Campaigns and journeys call :func:`issue_coupons`, :func:`wallet_balance` and :func:`credit`.
Names load on first use, so the settings can import :mod:`segmint.offers.settings` cheaply.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from segmint.offers.codes import ALPHABET, fold_code, new_codes
    from segmint.offers.coupons import (
        COUPON_KINDS,
        batch_counts,
        coupon_codes,
        get_batch,
        issue_coupons,
        list_batches,
    )
    from segmint.offers.expiry import expire, lots_left
    from segmint.offers.programmes import create_programme, earn, get_programme, list_programmes
    from segmint.offers.redemption import coupon_uses, redeem
    from segmint.offers.wallet import (
        KINDS,
        adjust,
        balances,
        credit,
        ledger,
        money,
        spend,
        wallet_balance,
    )

#: Public name -> the module under ``segmint.offers`` that holds it.
_WHERE = {
    "ALPHABET": "codes",
    "COUPON_KINDS": "coupons",
    "KINDS": "wallet",
    "adjust": "wallet",
    "balances": "wallet",
    "batch_counts": "coupons",
    "coupon_codes": "coupons",
    "coupon_uses": "redemption",
    "create_programme": "programmes",
    "credit": "wallet",
    "earn": "programmes",
    "expire": "expiry",
    "fold_code": "codes",
    "get_batch": "coupons",
    "get_programme": "programmes",
    "issue_coupons": "coupons",
    "ledger": "wallet",
    "list_batches": "coupons",
    "list_programmes": "programmes",
    "lots_left": "expiry",
    "money": "wallet",
    "new_codes": "codes",
    "redeem": "redemption",
    "spend": "wallet",
    "wallet_balance": "wallet",
}

__all__ = [
    "ALPHABET",
    "COUPON_KINDS",
    "KINDS",
    "adjust",
    "balances",
    "batch_counts",
    "coupon_codes",
    "coupon_uses",
    "create_programme",
    "credit",
    "earn",
    "expire",
    "fold_code",
    "get_batch",
    "get_programme",
    "issue_coupons",
    "ledger",
    "list_batches",
    "list_programmes",
    "lots_left",
    "money",
    "new_codes",
    "redeem",
    "spend",
    "wallet_balance",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'segmint.offers' has no attribute {name!r}")
    value = getattr(import_module(f"segmint.offers.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
