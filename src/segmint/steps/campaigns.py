"""Campaigns as steps on a workspace: create, list, show, preview, send, report.

Thin over :mod:`segmint.campaigns`: each step opens the stores it needs, calls the
library and returns plain data, for the CLI, the API, the scheduler and notebooks.
"""

from __future__ import annotations

import datetime as dt
import getpass
import tomllib
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from segmint.exceptions import CampaignError, OfferError
from segmint.i18n import translate
from segmint.steps._common import Progress, language, silent

if TYPE_CHECKING:
    from segmint.campaigns.definitions import Variant
    from segmint.channels.base import Channel
    from segmint.store import Workspace

HTML_SUFFIXES = (".html", ".htm")


def _read(path: Path | str, lang: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CampaignError(translate("campaigns.no_file", lang, path=path, error=error)) from error


def _body(path: Path | str | None, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """(text, html) of one template file: an ``.html`` file is the HTML body."""
    if path is None:
        return {}, {}
    source = _read(path, lang)
    return (
        ({}, {"_": source}) if Path(path).suffix.lower() in HTML_SUFFIXES else ({"_": source}, {})
    )


def _versions(en: str | None, fa: str | None, language_of_plain: str) -> dict[str, str]:
    """Language -> text of the versions given."""
    found = {}
    if en is not None:
        found[language_of_plain] = en
    if fa is not None:
        found["fa"] = fa
    return found


def build_variant(
    *,
    name: str = "A",
    weight: float = 1.0,
    subject: str | None = None,
    template: Path | str | None = None,
    subject_fa: str | None = None,
    template_fa: Path | str | None = None,
    language: str = "en",
    lang: str = "en",
) -> Variant:
    """A variant from a subject and template file, each with an optional Persian version.

    The plain ``subject`` and ``template`` are the campaign's ``language`` version
    (``fa`` when that is Persian); ``*_fa`` give the Persian version beside it.
    """
    from segmint.campaigns.definitions import Variant

    plain = language if language != "fa" or subject_fa is None else "en"
    text, html = _body(template, lang)
    text_fa, html_fa = _body(template_fa, lang)
    return Variant(
        name=name,
        weight=weight,
        subject=_versions(subject, subject_fa, plain),
        text=_versions(text.get("_"), text_fa.get("_"), plain),
        html=_versions(html.get("_"), html_fa.get("_"), plain),
    )


def read_variants(
    path: Path | str, defaults: Mapping[str, Any], *, language: str, lang: str
) -> list[Variant]:
    """The variants of an A/B test from a TOML file of ``[[variant]]`` tables.

    Each table has ``name``, ``weight`` and optionally ``subject``, ``template``,
    ``subject_fa``, ``template_fa`` (template paths relative to the file); a key left
    out takes the campaign's own (``defaults``).
    """
    try:
        found = tomllib.loads(_read(path, lang)).get("variant", [])
    except tomllib.TOMLDecodeError as error:
        raise CampaignError(
            translate("campaigns.bad_variants", lang, path=path, error=error)
        ) from error
    if not isinstance(found, list) or not found:
        raise CampaignError(
            translate("campaigns.bad_variants", lang, path=path, error="[[variant]]")
        )
    folder = Path(path).parent
    variants = []
    for index, table in enumerate(found):
        merged = {**defaults, **table}
        for key in ("template", "template_fa"):
            if key in table:
                merged[key] = folder / table[key]
        try:
            variants.append(
                build_variant(
                    name=str(merged.get("name", chr(ord("A") + index))),
                    weight=float(merged.get("weight", 1.0)),
                    subject=merged.get("subject"),
                    template=merged.get("template"),
                    subject_fa=merged.get("subject_fa"),
                    template_fa=merged.get("template_fa"),
                    language=language,
                    lang=lang,
                )
            )
        except (TypeError, ValueError) as error:
            if isinstance(error, CampaignError):
                raise
            raise CampaignError(
                translate("campaigns.bad_variants", lang, path=path, error=error)
            ) from error
    return variants


def create(
    workspace: Workspace,
    name: str,
    *,
    segment: str,
    channel: str,
    subject: str | None = None,
    template: Path | str | None = None,
    subject_fa: str | None = None,
    template_fa: Path | str | None = None,
    variants: Path | str | Sequence[Variant] | None = None,
    holdout: float | None = None,
    cost: float | None = None,
    survey: str | None = None,
    coupon_batch: str | None = None,
    coupon_value: Decimal | float | str | None = None,
    coupon_kind: str | None = None,
    coupon_days: int | None = None,
    actor: str | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """Create a campaign (a draft) and say what its holdout can detect.

    Parameters
    ----------
    name
        A new, unique name.
    segment
        The audience: a saved or built-in segment, frozen at the first send.
    channel
        ``email``, ``sms`` or ``webhook``.
    subject, template
        The subject (emails) and the template file (``.html`` for an HTML email, any
        other suffix for plain text), in the workspace's language.
    subject_fa, template_fa
        A Persian version beside them.
    variants
        A TOML file of ``[[variant]]`` tables for an A/B test (see :func:`read_variants`),
        or the variants themselves (:class:`segmint.campaigns.Variant`, templates as text).
    holdout
        Percent of the eligible audience held back; default ``campaigns.default_holdout_percent``.
    cost
        What the campaign costs, for ROI.
    survey
        ``csat`` or ``nps``: the survey ``survey_url()`` links to.
    coupon_batch, coupon_value, coupon_kind, coupon_days
        A coupon batch whose codes treated recipients get at send (``coupon_code`` in
        templates): ``coupon_value`` ``percent`` or ``amount`` off, valid
        ``coupon_days`` days from issue (default ``offers.coupon_valid_days``). An
        existing batch may be named alone.
    actor
        Who creates it; default: the OS user.

    Returns
    -------
    dict
        The campaign (see :func:`show`) and ``check``: the minimum detectable effect
        of its holdout and a warning when it is too small.

    Raises
    ------
    CampaignError
        A bad channel, holdout, template or file; ``CampaignExists``, ``UnknownSegment``;
        ``OfferError`` for bad coupon terms.
    """
    from segmint.campaigns.definitions import campaign_dict, create_campaign
    from segmint.campaigns.incentives import CouponOffer
    from segmint.campaigns.power import power_check

    lang = language(workspace, lang)
    settings = workspace.settings.campaigns
    default_language = workspace.settings.display.language
    if variants is not None and not isinstance(variants, (str, Path)):
        versions = list(variants)
    elif variants is not None:
        defaults = {
            "subject": subject,
            "template": template,
            "subject_fa": subject_fa,
            "template_fa": template_fa,
        }
        versions = read_variants(variants, defaults, language=default_language, lang=lang)
    else:
        versions = [
            build_variant(
                subject=subject,
                template=template,
                subject_fa=subject_fa,
                template_fa=template_fa,
                language=default_language,
                lang=lang,
            )
        ]
    coupon = None
    if coupon_batch is not None:
        try:
            value = None if coupon_value is None else Decimal(str(coupon_value))
        except InvalidOperation as error:
            raise OfferError(translate("offers.bad_value", lang, value=coupon_value)) from error
        coupon = CouponOffer(coupon_batch, value, coupon_kind, coupon_days)
    with workspace.data() as con, workspace.session() as session:
        campaign = create_campaign(
            session,
            name,
            segment=segment,
            channel=channel,
            variants=versions,
            holdout_percent=settings.default_holdout_percent if holdout is None else holdout,
            global_holdout_percent=settings.global_holdout_percent,
            language=default_language,
            cost=cost,
            survey=survey,
            coupon=coupon,
            coupon_days=workspace.settings.offers.coupon_valid_days,
            created_by=actor or getpass.getuser(),
            lang=lang,
        )
        return {
            **campaign_dict(campaign),
            "check": power_check(con, session, campaign, settings, lang=lang),
        }


def list_all(workspace: Workspace) -> list[dict[str, Any]]:
    """Every campaign, newest first, with its outbox counts."""
    from segmint.campaigns.definitions import list_campaigns
    from segmint.campaigns.outbox import state_counts

    with workspace.session() as session:
        return [
            {**found, "outbox": state_counts(session, found["id"])}
            for found in list_campaigns(session)
        ]


def show(workspace: Workspace, name: str, *, lang: str | None = None) -> dict[str, Any]:
    """One campaign: its definition, templates, frozen audience and outbox counts."""
    from segmint.campaigns.audience import audience_counts
    from segmint.campaigns.definitions import campaign_dict, get_campaign
    from segmint.campaigns.outbox import state_counts

    with workspace.session() as session:
        campaign = get_campaign(session, name, lang=language(workspace, lang))
        return {
            **campaign_dict(campaign),
            "content": campaign.content,
            "audience": audience_counts(session, campaign.id) if campaign.frozen_at else None,
            "outbox": state_counts(session, campaign.id),
        }


def preview(
    workspace: Workspace,
    name: str,
    customer_id: str,
    *,
    variant: str | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """The message a customer would get: subject, text, HTML, SMS length, variant, language.

    The customer need not be in the segment; the variant is theirs by the campaign's
    hash unless ``variant`` names one, the language their ``campaigns.language_field``.
    A coupon code shows the one the customer holds, else a placeholder (a preview
    issues none).
    """
    from segmint.campaigns.definitions import get_campaign, variants_of
    from segmint.campaigns.holdout import pick_variant
    from segmint.campaigns.incentives import offer_values
    from segmint.campaigns.sending import customer_contexts, render_message
    from segmint.campaigns.templates import sms_parts
    from segmint.exceptions import UnknownCustomer
    from segmint.i18n import LANGUAGES

    lang = language(workspace, lang)
    settings = workspace.settings.campaigns
    with workspace.data() as con, workspace.session() as session:
        campaign = get_campaign(session, name, lang=lang)
        context = customer_contexts(con, [customer_id]).get(customer_id)
        if context is None:
            raise UnknownCustomer(translate("campaigns.no_customer", lang, id=customer_id))
        versions = {v.name: v for v in variants_of(campaign)}
        weights = [(v.name, v.weight) for v in versions.values()]
        chosen = variant or pick_variant(campaign.id, customer_id, weights)
        if chosen not in versions:
            raise CampaignError(
                translate("campaigns.unknown_variant", lang, name=chosen, known=", ".join(versions))
            )
        spoken = str(context["fields"].get(settings.language_field) or "").strip().lower()
        address_column = {"email": "email", "sms": "phone"}.get(campaign.channel)
        address = context["profile"].get(address_column) if address_column else None
        message = render_message(
            workspace,
            campaign,
            versions[chosen],
            customer_id=customer_id,
            address=address or customer_id,
            language=spoken if spoken in LANGUAGES else campaign.language,
            context=context,
            # A preview issues no coupon: the customer's code if they hold one already.
            extra=offer_values(
                session,
                campaign,
                [customer_id],
                issue=False,
                placeholder=translate("campaigns.coupon_preview", lang),
                lang=lang,
            )[customer_id],
            lang=lang,
        )
    result: dict[str, Any] = {
        "campaign": campaign.name,
        "customer_id": customer_id,
        "variant": chosen,
        "language": message.payload.get("language"),
        "address": address,
        "subject": message.subject,
        "text": message.text,
        "html": message.html,
        "headers": dict(message.headers),
    }
    if campaign.channel == "sms":
        length = sms_parts(message.text)
        result["sms"] = {
            "encoding": length.encoding,
            "characters": length.units,
            "parts": length.parts,
        }
    return result


def send(
    workspace: Workspace,
    name: str,
    *,
    deliver: bool = True,
    channels: Mapping[str, Channel] | None = None,
    now: dt.datetime | None = None,
    lang: str | None = None,
    progress: Progress = silent,
) -> dict[str, Any]:
    """Send a campaign: freeze its audience (once), queue what is not queued, deliver.

    Running it again sends only what is not yet sent: the audience stays frozen, the
    outbox refuses a second copy and delivery picks up queued and retried messages.

    Parameters
    ----------
    deliver
        False queues without delivering (the delivery worker sends later).
    channels
        Open channels by name (tests pass fakes); default: opened from the settings.
    now
        The send time (tests pass one for quiet hours and frequency caps).
    progress
        Told ``campaigns.phase.freeze``, ``.queue`` and ``.deliver``.

    Returns
    -------
    dict
        ``audience``, ``holdout``, ``global_holdout``, ``treated``, ``excluded`` (by
        reason), ``suppressed`` (excluded as suppressed, plus messages suppressed at
        delivery), ``queued`` (new messages this run), ``sent``, ``failed``,
        ``bounced`` and ``retry_later`` (this run's deliveries), ``held`` and
        ``held_until`` (quiet hours), ``outbox`` (every message by state), ``check``
        (the minimum detectable effect).

    Raises
    ------
    TemplateError
        A template shows ``coupon_code`` but the campaign names no coupon batch
        (nothing is frozen, queued or sent).
    """
    from segmint.campaigns.audience import freeze_audience
    from segmint.campaigns.definitions import get_campaign, variants_of
    from segmint.campaigns.incentives import check_coupon_use, offer_of
    from segmint.campaigns.outbox import state_counts
    from segmint.campaigns.power import power_check
    from segmint.campaigns.sending import held_until, queue_campaign

    lang = language(workspace, lang)
    settings = workspace.settings.campaigns
    now = now or dt.datetime.now(dt.UTC)
    due = held_until(settings, workspace.settings.ingest.time_zone, now)
    # Each phase commits before the next one reports progress: a job's progress is
    # written to the same app store, which SQLite lets only one writer hold at a time.
    progress("campaigns.phase.freeze")
    with workspace.data() as con, workspace.session() as session:
        campaign = get_campaign(session, name, lang=lang)
        # Before anything is frozen: a coupon_code with no batch to issue from.
        check_coupon_use(variants_of(campaign), offer_of(campaign), lang=lang)
        counts = freeze_audience(
            con, session, campaign, settings, default_language=campaign.language, now=now, lang=lang
        )
    with workspace.data() as con, workspace.session() as session:
        check = power_check(
            con, session, get_campaign(session, name, lang=lang), settings, lang=lang
        )
    progress("campaigns.phase.queue")
    with workspace.data() as con, workspace.session() as session:
        campaign = get_campaign(session, name, lang=lang)
        queued = queue_campaign(con, session, workspace, campaign, now=now, due=due, lang=lang)
        if campaign.sent_at is None:
            campaign.sent_at = now
        campaign.status = "sending"
        campaign_id = campaign.id
    delivered = {"sent": 0, "failed": 0, "bounced": 0, "suppressed": 0, "retry_later": 0}
    if deliver and due is None:
        from segmint.campaigns.delivery import deliver as deliver_due

        progress("campaigns.phase.deliver")
        found = deliver_due(workspace, campaign_id=campaign_id, channels=channels, lang=lang)
        delivered.update({k: int(v) for k, v in found.items() if k in delivered})
    with workspace.session() as session:
        outbox = state_counts(session, campaign_id)
        campaign = get_campaign(session, name, lang=lang)
        if outbox["queued"] == 0 and outbox["sending"] == 0:
            campaign.status = "sent"
    return {
        "campaign": name,
        **counts,
        "suppressed": counts["excluded"]["suppressed"] + outbox["suppressed"],
        "queued": queued,
        **{k: v for k, v in delivered.items() if k != "suppressed"},
        "held": queued if due is not None else 0,
        "held_until": due.isoformat() if due is not None else None,
        "outbox": outbox,
        "check": check,
    }


def report(
    workspace: Workspace,
    name: str,
    *,
    window: int | None = None,
    by: str | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """Treated against holdout within ``window`` days (default ``campaigns.attribution_days``).

    ``by`` breaks the results down by a profile field or trait as it stood before the send.

    Returns
    -------
    dict
        ``treated``, ``holdout``, ``treated_converted``, ``holdout_converted``,
        ``uplift`` (absolute, in conversion rate) with ``ci_low``/``ci_high`` (95%,
        Newcombe) and ``p_value``, ``incremental_revenue``, ``roi``, and more (see
        :func:`segmint.campaigns.reporting.campaign_report`).
    """
    from segmint.campaigns.definitions import get_campaign
    from segmint.campaigns.reporting import campaign_report

    lang = language(workspace, lang)
    settings = workspace.settings
    with workspace.data() as con, workspace.session() as session:
        campaign = get_campaign(session, name, lang=lang)
        return campaign_report(
            con,
            session,
            campaign,
            window_days=window or settings.campaigns.attribution_days,
            by=by,
            time_zone=settings.ingest.time_zone,
            lang=lang,
        )
