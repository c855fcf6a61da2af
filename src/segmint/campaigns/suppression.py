"""The suppression list and the consent log: who must not be messaged, and why.

An address lands on the list when its owner unsubscribes (the signed one-click link),
when a server refuses it for good (an SMTP 5xx answer), or when a provider's bounce
report or an SMS opt-out reply file says so. Every campaign leaves listed addresses out
and counts them. Each change of consent is also written to the consent log, with who
made it and where it came from, so a shop can show when and how a customer opted out.

Addresses are compared in their normal form: emails trimmed and lower-cased, phones in
E.164 as the importer stores them.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from segmint.channels.base import CHANNELS
from segmint.locale.emails import normalize_email
from segmint.locale.phones import normalize_phone
from segmint.store.metadata import ConsentChange, Suppression

__all__ = [
    "REASONS",
    "normal_address",
    "record_consent",
    "suppress",
    "suppressed_addresses",
]

#: Why an address is suppressed.
REASONS = ("unsubscribed", "bounced", "complained", "opted_out")


def normal_address(channel: str, address: str) -> str | None:
    """``address`` in the form it is stored and compared in; None when it is not one."""
    if channel == "email":
        return normalize_email(address)
    if channel == "sms":
        return normalize_phone(address)
    return address.strip() or None


def suppress(
    session: Session,
    *,
    channel: str,
    address: str,
    reason: str,
    source: str,
    actor: str,
    customer_id: str | None = None,
    campaign_id: int | None = None,
) -> bool:
    """Put ``address`` on the suppression list of ``channel`` and log the lost consent.

    Returns True when the address was not listed before; suppressing it again changes
    nothing and logs nothing, so a bounce report can be imported twice.

    Raises
    ------
    ValueError
        An unknown channel or reason, or an address that is not one.
    """
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}; channels are {', '.join(CHANNELS)}")
    if reason not in REASONS:
        raise ValueError(f"unknown reason {reason!r}; reasons are {', '.join(REASONS)}")
    normal = normal_address(channel, address)
    if normal is None:
        raise ValueError(f"{address!r} is not an address of channel {channel!r}")
    listed = session.scalar(
        select(Suppression.id).where(Suppression.channel == channel, Suppression.address == normal)
    )
    if listed is not None:
        return False
    session.add(
        Suppression(
            channel=channel,
            address=normal,
            customer_id=customer_id,
            reason=reason,
            source=source,
            campaign_id=campaign_id,
        )
    )
    record_consent(
        session,
        channel=channel,
        address=normal,
        customer_id=customer_id,
        consented=False,
        source=source,
        actor=actor,
        campaign_id=campaign_id,
    )
    return True


def record_consent(
    session: Session,
    *,
    channel: str,
    consented: bool,
    source: str,
    actor: str,
    address: str | None = None,
    customer_id: str | None = None,
    campaign_id: int | None = None,
) -> None:
    """Write one change of consent to the consent log."""
    session.add(
        ConsentChange(
            channel=channel,
            address=address,
            customer_id=customer_id,
            consented=consented,
            source=source,
            actor=actor,
            campaign_id=campaign_id,
        )
    )


def suppressed_addresses(session: Session, channel: str) -> set[str]:
    """Every suppressed address of ``channel``, in normal form."""
    rows: Iterable[str] = session.scalars(
        select(Suppression.address).where(Suppression.channel == channel)
    )
    return set(rows)
