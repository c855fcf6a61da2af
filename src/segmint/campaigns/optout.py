"""Opt-outs that arrive from outside: bounce reports, SMS replies, unsubscribe links.

Three ways an address lands on the suppression list besides an SMTP 5xx answer:

* **A provider's bounce report** (a CSV): one row per bounced email with its ``type``.
  ``hard`` (or ``permanent``) bounces suppress the address with reason ``bounced``,
  ``complaint`` (a spam report) with reason ``complained``; ``soft`` (``transient``,
  ``temporary``) bounces are counted as ignored, since the mailbox may accept mail later.
* **SMS replies** (a CSV of ``phone, text``): a reply that says "stop" in English or
  Persian suppresses the phone with reason ``opted_out``; any other reply is ignored.
  See :data:`OPT_OUT_WORDS` for the words and :func:`is_opt_out` for the rule.
* **The one-click unsubscribe link** of a message (:func:`unsubscribe`).

Every imported row is counted once: ``rows = suppressed + already + ignored +
rejected``. A row that cannot be read (no address, an address that is not one, an
unknown bounce type) goes to a reject file with its line, column and reason, as the
importer's reject files do. Importing a file twice changes nothing the second time:
its addresses are all ``already`` suppressed.

:func:`remove_suppression` takes an address off the list when its owner gives consent
again; like every change of consent it is written to the consent log.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from segmint.campaigns.suppression import REASONS, normal_address, record_consent, suppress
from segmint.channels.base import CHANNELS
from segmint.exceptions import CampaignError
from segmint.i18n import translate
from segmint.ingest.rejects import ProblemFile
from segmint.locale.text import normalize_text
from segmint.store.metadata import Suppression

__all__ = [
    "FILE_KINDS",
    "OPT_OUT_WORDS",
    "add_suppression",
    "import_opt_outs",
    "is_opt_out",
    "list_suppressions",
    "remove_suppression",
    "unsubscribe",
]

FileKind = Literal["bounces", "sms-replies"]
#: The kinds of file :func:`import_opt_outs` reads.
FILE_KINDS: tuple[FileKind, ...] = ("bounces", "sms-replies")

#: Replies that mean "stop messaging me", compared after normalization (Persian digits
#: and letters as the importer stores them, lower case, punctuation dropped). English:
#: the carriers' standard keywords; Persian: "cancel", "stop", "unsubscribe" and ``11``
#: (``۱۱``), the cancel code Iranian operators' bulk-SMS rules ask senders to honour.
_ENGLISH = "stop stopall unsubscribe cancel end quit optout opt-out revoke"
_PERSIAN = "لغو توقف انصراف 11"
OPT_OUT_WORDS = frozenset([*_ENGLISH.split(), *_PERSIAN.split(), "لغو عضویت"])

#: Bounce ``type`` values, as written in providers' reports, and what each one means.
BOUNCE_TYPES: dict[str, str | None] = {
    "hard": "bounced",
    "permanent": "bounced",
    "complaint": "complained",
    "spam": "complained",
    "soft": None,
    "transient": None,
    "temporary": None,
}

#: Header names each needed column may have in a file (after lower-casing).
COLUMNS: dict[FileKind, dict[str, tuple[str, ...]]] = {
    "bounces": {
        "address": ("email", "address", "recipient", "email_address", "ایمیل"),
        "type": ("type", "bounce_type", "bouncetype", "kind", "نوع"),
    },
    "sms-replies": {
        "address": ("phone", "from", "sender", "mobile", "msisdn", "number", "موبایل", "تلفن"),
        "text": ("text", "message", "body", "reply", "متن", "پیام"),
    },
}

_PUNCTUATION = re.compile(r"[^\w\s-]+")


def is_opt_out(text: str | None) -> bool:
    """Whether an SMS reply asks to stop: it is an opt-out phrase, or made only of opt-out words.

    ``"STOP"``, ``" stop! "``, ``"لغو"``, ``"۱۱"`` and ``"لغو ۱۱"`` are opt-outs;
    ``"stop by tomorrow?"`` and ``"thanks"`` are not: a word of the list inside a
    sentence is not taken as one, as carriers do.
    """
    cleaned = normalize_text(text)
    if cleaned is None:
        return False
    words = _PUNCTUATION.sub(" ", cleaned.lower()).split()
    if not words:
        return False
    return " ".join(words) in OPT_OUT_WORDS or all(word in OPT_OUT_WORDS for word in words)


def _columns(kind: FileKind, header: list[str], path: Path, lang: str) -> dict[str, int]:
    """The position of each needed column in ``header``, or an error naming what is missing."""
    names = [name.strip().lower().replace(" ", "_") for name in header]
    found = {}
    for column, choices in COLUMNS[kind].items():
        for index, name in enumerate(names):
            if name in choices:
                found[column] = index
                break
        else:
            raise CampaignError(
                translate(
                    "optout.missing_column",
                    lang,
                    path=path.name,
                    column=column,
                    choices=", ".join(choices),
                    header=", ".join(header),
                )
            )
    return found


def _numbered(path: Path, lang: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each non-blank row of a CSV file, header first."""
    if not path.is_file():
        raise CampaignError(translate("optout.no_file", lang, path=path))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield reader.line_num, cells


def import_opt_outs(
    session: Session,
    path: Path | str,
    *,
    kind: FileKind,
    actor: str,
    reject_path: Path | str,
    lang: str = "en",
) -> dict[str, Any]:
    """Suppress the addresses a bounce report or an SMS reply file lists.

    Parameters
    ----------
    session
        The app store; the suppressions and consent-log rows are added to it.
    path
        A CSV file. ``bounces``: a column ``email`` and a column ``type`` (hard, soft,
        complaint...). ``sms-replies``: a column ``phone`` and a column ``text``.
        Other header spellings are in :data:`COLUMNS`.
    kind
        ``bounces`` or ``sms-replies``.
    actor
        Who imports, for the consent log.
    reject_path
        Where the rows that could not be read are written (only when there are some).
    lang
        Language of the reasons and error messages.

    Returns
    -------
    dict
        ``kind``, ``file``, ``rows``, ``suppressed`` (newly listed), ``already`` (listed
        before), ``ignored`` (soft bounces, replies that are not opt-outs), ``rejected``
        and ``reject_file`` (None when nothing was rejected).

    Raises
    ------
    CampaignError
        An unknown kind, a missing file, or a file without the needed columns.
    """
    if kind not in FILE_KINDS:
        raise CampaignError(
            translate("optout.bad_kind", lang, kind=kind, kinds=", ".join(FILE_KINDS))
        )
    path = Path(path)
    channel = "email" if kind == "bounces" else "sms"
    counts = {"rows": 0, "suppressed": 0, "already": 0, "ignored": 0, "rejected": 0}
    rejects = ProblemFile(Path(reject_path))
    rows = _numbered(path, lang)
    header = next(rows, None)
    if header is None:
        raise CampaignError(translate("optout.empty", lang, path=path.name))
    columns = _columns(kind, header[1], path, lang)
    source = f"{kind} file {path.name}"
    for line, cells in rows:
        counts["rows"] += 1
        record = dict(zip(header[1], cells, strict=False))
        outcome = _one_row(session, kind, cells, columns, channel, source, actor, lang)
        if isinstance(outcome, tuple):
            column, reason, value = outcome
            rejects.write(line, header[1][columns[column]], reason, value, record)
            counts["rejected"] += 1
        else:
            counts[outcome] += 1
    written = rejects.close()
    return {
        "kind": kind,
        "file": str(path),
        **counts,
        "reject_file": str(written) if written else None,
    }


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def _one_row(
    session: Session,
    kind: FileKind,
    cells: list[str],
    columns: Mapping[str, int],
    channel: str,
    source: str,
    actor: str,
    lang: str,
) -> str | tuple[str, str, str]:
    """``suppressed``, ``already`` or ``ignored``; or (column, reason, value) for a reject."""
    raw = _cell(cells, columns["address"])
    if normal_address(channel, raw) is None:
        key = "optout.reject.no_address" if not raw else f"optout.reject.bad_{channel}"
        return "address", translate(key, lang), raw
    if kind == "bounces":
        kind_text = _cell(cells, columns["type"]).lower()
        if kind_text not in BOUNCE_TYPES:
            choices = ", ".join(BOUNCE_TYPES)
            return "type", translate("optout.reject.bounce_type", lang, choices=choices), kind_text
        reason = BOUNCE_TYPES[kind_text]
    else:
        reason = "opted_out" if is_opt_out(_cell(cells, columns["text"])) else None
    if reason is None:
        return "ignored"
    new = suppress(session, channel=channel, address=raw, reason=reason, source=source, actor=actor)
    return "suppressed" if new else "already"


def unsubscribe(session: Session, payload: Mapping[str, Any], *, actor: str) -> bool:
    """Suppress the address of a verified unsubscribe link's payload (``c, u, ch, a``).

    Returns True when the address was not listed before; clicking twice is harmless.

    Raises
    ------
    ValueError
        The payload names no channel or address (a link segmint did not make).
    """
    channel, address = payload.get("ch"), payload.get("a")
    if not isinstance(channel, str) or not isinstance(address, str):
        raise ValueError("an unsubscribe link's payload names a channel and an address")
    campaign = payload.get("c")
    customer = payload.get("u")
    return suppress(
        session,
        channel=channel,
        address=address,
        reason="unsubscribed",
        source="unsubscribe link",
        actor=actor,
        customer_id=None if customer is None else str(customer),
        campaign_id=campaign if isinstance(campaign, int) else None,
    )


def list_suppressions(
    session: Session,
    *,
    channel: str | None = None,
    reason: str | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """The suppression list, newest first, with counts per channel and reason.

    Returns
    -------
    dict
        ``total``, ``by_reason`` (``{channel: {reason: n}}``) and ``items``: each
        ``channel, address, customer_id, reason, source, campaign_id, at``.
    """
    query = select(Suppression).order_by(Suppression.at.desc(), Suppression.id.desc())
    counted = select(Suppression.channel, Suppression.reason, func.count()).group_by(
        Suppression.channel, Suppression.reason
    )
    if channel is not None:
        query = query.where(Suppression.channel == channel)
        counted = counted.where(Suppression.channel == channel)
    if reason is not None:
        query = query.where(Suppression.reason == reason)
        counted = counted.where(Suppression.reason == reason)
    if limit is not None:
        query = query.limit(limit)
    by_reason: dict[str, dict[str, int]] = {}
    for ch, why, n in session.execute(counted):
        by_reason.setdefault(ch, {})[why] = int(n)
    items = [
        {
            "channel": row.channel,
            "address": row.address,
            "customer_id": row.customer_id,
            "reason": row.reason,
            "source": row.source,
            "campaign_id": row.campaign_id,
            "at": row.at,
        }
        for row in session.scalars(query)
    ]
    total = sum(n for reasons in by_reason.values() for n in reasons.values())
    return {"total": total, "by_reason": by_reason, "items": items}


def _checked(channel: str, address: str, lang: str) -> str:
    """``address`` in normal form, or an error that says what is wrong."""
    if channel not in CHANNELS:
        raise CampaignError(
            translate("optout.bad_channel", lang, channel=channel, channels=", ".join(CHANNELS))
        )
    normal = normal_address(channel, address)
    if normal is None:
        raise CampaignError(translate("optout.bad_address", lang, address=address, channel=channel))
    return normal


def add_suppression(
    session: Session,
    *,
    channel: str,
    address: str,
    reason: str,
    actor: str,
    source: str,
    lang: str = "en",
) -> bool:
    """Put ``address`` on the list of ``channel`` by hand (logged); False when listed already.

    Raises
    ------
    CampaignError
        An unknown channel or reason, or an address that is not one.
    """
    normal = _checked(channel, address, lang)
    if reason not in REASONS:
        raise CampaignError(
            translate("optout.bad_reason", lang, reason=reason, reasons=", ".join(REASONS))
        )
    return suppress(
        session, channel=channel, address=normal, reason=reason, source=source, actor=actor
    )


def remove_suppression(
    session: Session,
    *,
    channel: str,
    address: str,
    actor: str,
    source: str,
    lang: str = "en",
) -> bool:
    """Take ``address`` off the list of ``channel``: its owner consented again (logged).

    Returns False when the address was not listed (nothing is logged then).

    Raises
    ------
    CampaignError
        An unknown channel, or an address that is not one.
    """
    normal = _checked(channel, address, lang)
    listed = session.scalars(
        select(Suppression).where(Suppression.channel == channel, Suppression.address == normal)
    ).first()
    if listed is None:
        return False
    session.execute(delete(Suppression).where(Suppression.id == listed.id))
    record_consent(
        session,
        channel=channel,
        address=normal,
        customer_id=listed.customer_id,
        consented=True,
        source=source,
        actor=actor,
    )
    return True
