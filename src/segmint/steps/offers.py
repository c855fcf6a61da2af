"""Coupons and the cashback wallet as steps on a workspace: what the CLI and the API call.

Each step opens the stores it needs, takes its defaults from the ``[offers]`` settings
and calls :mod:`segmint.offers`. Redemptions are read by :func:`redeem_coupons` (``segmint
coupons redeem``), after importing orders; cashback is earned by :func:`earn` and expired
by :func:`expire` (``segmint wallet earn|expire``), daily by the scheduler.
"""

from __future__ import annotations

import csv
import datetime as dt
import getpass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from segmint.exceptions import OfferError
from segmint.i18n import translate
from segmint.steps._common import language

if TYPE_CHECKING:
    from segmint.store import Workspace


def actor_name(actor: str | None) -> str:
    """Who acts: the given name, else the operating system's user."""
    if actor:
        return actor
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        return "unknown"


def issue(
    workspace: Workspace,
    batch: str,
    *,
    value: Decimal | float | str,
    kind: str = "percent",
    segment: str | None = None,
    ids: str | Path | list[str] | None = None,
    expires: dt.date | int | None = None,
    out: str | Path | None = None,
    actor: str | None = None,
    today: dt.date | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """Issue one code of ``batch`` to each member of a segment, or each customer listed.

    Parameters
    ----------
    batch
        The batch's name (made on first use; later calls must give the same terms).
    value, kind
        ``percent`` off (0-100) or an ``amount`` off.
    segment, ids
        The recipients: a segment's name, or a file of customer ids or phones (or a list
        of ids). Exactly one.
    expires
        The codes' last day, or days from issue; default ``offers.coupon_valid_days``.
    out
        A CSV file to write ``customer_id, code, expires_on`` of every recipient to.

    Returns
    -------
    dict
        ``batch``, ``recipients``, ``issued`` (new codes), ``held`` (codes they had),
        ``unmatched`` (listed values that name no customer) and ``file``.
    """
    from segmint.offers import coupon_codes, issue_coupons
    from segmint.segments.membership import members
    from segmint.segments.static import match_identifiers, read_identifiers

    lang = language(workspace, lang)
    if (segment is None) == (ids is None):
        raise OfferError(translate("offers.one_source", lang))
    settings = workspace.settings.offers
    unmatched = 0
    with workspace.data() as con, workspace.session() as session:
        if segment is not None:
            chosen = members(con, session, segment, lang=lang).select("customer_id")
        else:
            values = ids if isinstance(ids, list) else read_identifiers(ids or "", lang=lang)
            chosen, missing = match_identifiers(con, [str(v) for v in values])
            unmatched = int(missing.count().to_pyarrow().as_py())
        recipients = sorted(chosen.to_pyarrow().column("customer_id").to_pylist())
        before = {row["customer_id"] for row in _held(session, batch)}
        codes = issue_coupons(
            session,
            batch=batch,
            customer_ids=recipients,
            value=value,
            kind=kind,
            expires=settings.coupon_valid_days if expires is None else expires,
            actor=actor_name(actor),
            code_length=settings.code_length,
            today=today,
            lang=lang,
        )
        if out is not None:
            write_codes(coupon_codes(session, batch, lang=lang), out)
    held = sum(1 for customer in codes if customer in before)
    return {
        "batch": batch,
        "recipients": len(codes),
        "issued": len(codes) - held,
        "held": held,
        "unmatched": unmatched,
        "file": None if out is None else str(out),
    }


def _held(session: Any, batch: str) -> list[dict[str, Any]]:
    """The codes of ``batch`` so far (none when it does not exist yet)."""
    from segmint.exceptions import UnknownOffer
    from segmint.offers import coupon_codes

    try:
        return coupon_codes(session, batch)
    except UnknownOffer:
        return []


def write_codes(rows: list[dict[str, Any]], path: str | Path) -> None:
    """Write ``customer_id, code, expires_on, redeemed_order_id`` rows to a CSV file."""
    columns = ("customer_id", "code", "expires_on", "redeemed_order_id")
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row[c] is None else str(row[c]) for c in columns])


def export_codes(
    workspace: Workspace, batch: str, path: str | Path, *, lang: str | None = None
) -> dict[str, Any]:
    """Write every code of ``batch`` to a CSV file; returns ``batch``, ``codes``, ``file``."""
    from segmint.offers import coupon_codes

    with workspace.session() as session:
        rows = coupon_codes(session, batch, lang=language(workspace, lang))
    write_codes(rows, path)
    return {"batch": batch, "codes": len(rows), "file": str(path)}


def redeem_coupons(workspace: Workspace) -> dict[str, Any]:
    """Mark the issued codes the imported orders used (see :func:`segmint.offers.redeem`)."""
    from segmint.offers import redeem

    with workspace.data() as con, workspace.session() as session:
        return redeem(con, session)


def batches(
    workspace: Workspace, *, name: str | None = None, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Every batch (or one) with codes issued, redeemed, expired and open."""
    from segmint.offers import batch_counts, get_batch

    with workspace.session() as session:
        if name is not None:
            get_batch(session, name, lang=workspace.lang)
        return batch_counts(session, name=name, today=today)


def add_programme(
    workspace: Workspace,
    name: str,
    *,
    segment: str,
    percent: Decimal | float | str,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    expiry_days: int | None = None,
    actor: str | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """Start a cashback programme (:func:`segmint.offers.create_programme`), today by default."""
    from segmint.offers import create_programme

    with workspace.session() as session:
        return create_programme(
            session,
            name=name,
            segment=segment,
            percent=percent,
            starts_on=starts_on or dt.date.today(),
            ends_on=ends_on,
            expiry_days=expiry_days,
            actor=actor_name(actor),
            lang=language(workspace, lang),
        )


def programmes(workspace: Workspace) -> list[dict[str, Any]]:
    """Every programme with its customers and amounts earned, reversed and expired."""
    from segmint.offers import list_programmes

    with workspace.session() as session:
        return list_programmes(session)


def earn(
    workspace: Workspace,
    *,
    programme: str | None = None,
    as_of: dt.date | None = None,
    actor: str | None = None,
    lang: str | None = None,
) -> list[dict[str, Any]]:
    """Earn (and reverse) cashback for one programme or all, up to ``as_of``; one dict each."""
    from segmint.offers import earn as earn_in
    from segmint.offers import list_programmes

    settings = workspace.settings.offers
    lang = language(workspace, lang)
    with workspace.data() as con, workspace.session() as session:
        names = [programme] if programme else [p["name"] for p in list_programmes(session)]
        return [
            earn_in(
                con,
                session,
                name,
                actor=actor_name(actor),
                as_of=as_of,
                decimals=settings.cashback_decimals,
                default_expiry_days=settings.cashback_expiry_days,
                lang=lang,
            )
            for name in names
        ]


def expire(
    workspace: Workspace, *, as_of: dt.date | None = None, actor: str | None = None
) -> dict[str, Any]:
    """Expire what is left of each earn after its last day (:func:`segmint.offers.expire`)."""
    from segmint.offers import expire as expire_in

    with workspace.session() as session:
        return expire_in(session, actor=actor_name(actor), as_of=as_of)


def balance(workspace: Workspace, customer_id: str, *, on: dt.date | None = None) -> dict[str, Any]:
    """A customer's balance and what is left of each lot, first to expire first."""
    from segmint.offers import lots_left, wallet_balance

    with workspace.session() as session:
        return {
            "customer_id": customer_id,
            "balance": wallet_balance(session, customer_id),
            "lots": lots_left(session, customer_id, on=on),
        }


def balances(workspace: Workspace, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Every customer's balance and its parts by kind, largest first."""
    from segmint.offers import balances as balances_in

    with workspace.session() as session:
        return balances_in(session, limit=limit)


def ledger(
    workspace: Workspace, *, customer_id: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Ledger lines, newest first, optionally of one customer."""
    from segmint.offers import ledger as ledger_in

    with workspace.session() as session:
        return ledger_in(session, customer_id=customer_id, limit=limit)


def move(
    workspace: Workspace,
    kind: str,
    customer_id: str,
    amount: Decimal | float | str,
    *,
    note: str | None = None,
    reference: str | None = None,
    expires_on: dt.date | None = None,
    actor: str | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """Write one ``credit``, ``spend`` or ``adjust`` line for a customer; returns the line."""
    from segmint.offers import adjust, credit, spend

    lang = language(workspace, lang)
    who = actor_name(actor)
    with workspace.session() as session:
        if kind == "credit":
            return credit(
                session,
                customer_id=customer_id,
                amount=amount,
                actor=who,
                reference=reference,
                expires_on=expires_on,
                note=note,
                lang=lang,
            )
        if kind == "spend":
            return spend(
                session,
                customer_id=customer_id,
                amount=amount,
                actor=who,
                reference=reference,
                note=note,
                lang=lang,
            )
        if kind == "adjust":
            return adjust(
                session,
                customer_id=customer_id,
                amount=amount,
                actor=who,
                note=note or "",
                lang=lang,
            )
    raise OfferError(translate("wallet.bad_move", lang, kind=kind))
