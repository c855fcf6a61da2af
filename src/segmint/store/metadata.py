"""The app metadata store: SQLAlchemy 2 models, migrated by Alembic.

Holds what the app knows about its own work (import and trait runs today; users, segment
definitions, campaigns and schedules as they arrive), never customer data. SQLite
inside the workspace by default, PostgreSQL by URL.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker
from sqlalchemy.types import TypeDecorator

MIGRATIONS = Path(__file__).with_name("migrations")


def utcnow() -> datetime:
    """Now, in UTC, for timestamps of app records."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base of every app metadata table."""


class ImportRun(Base):
    """One ``segmint import`` of one file: what was read and where each row went."""

    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    file_path: Mapped[str] = mapped_column(String(1024))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_size: Mapped[int] = mapped_column(BigInteger)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reject_file: Mapped[str | None] = mapped_column(String(1024))
    warning_file: Mapped[str | None] = mapped_column(String(1024))


class TraitRun(Base):
    """One ``segmint run``: the day, the models and what they found."""

    __tablename__ = "trait_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    as_of: Mapped[date] = mapped_column(Date, index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    model: Mapped[str] = mapped_column(String(32))
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class TagChange(Base):
    """One ``segmint tags add|remove``: who changed which tag on whom, and how many changed.

    The audit log of tags: ``matched`` customers were selected by ``rule`` or
    ``file``; ``changed`` of them gained (or lost) the tag and the others already
    had it (or already lacked it), so ``matched = changed + already``.
    """

    __tablename__ = "tag_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(256))
    tag: Mapped[str] = mapped_column(String(256), index=True)
    action: Mapped[str] = mapped_column(String(16))  # "add" | "remove"
    rule: Mapped[str | None] = mapped_column(Text)
    file: Mapped[str | None] = mapped_column(String(1024))
    matched: Mapped[int] = mapped_column(BigInteger)
    changed: Mapped[int] = mapped_column(BigInteger)


class Job(Base):
    """One background job of the server (an uploaded file's import, a run, a cluster fit).

    ``status`` goes ``queued -> running -> done | failed``; while running, ``phase``
    is the catalogue key of the step's current phase, the ``step``-th of ``steps``.
    """

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True, default="queued")
    actor: Mapped[str] = mapped_column(String(256))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    phase: Mapped[str | None] = mapped_column(String(128))
    step: Mapped[int] = mapped_column(Integer, default=0)
    steps: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for the metadata store, with SQLite set up to wait briefly on locks."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def migrate(engine: Engine) -> None:
    """Bring the metadata store's schema to the newest Alembic revision."""
    # Imported here: Alembic costs about 0.4 s and most opens find the store current.
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection_engine"] = engine
    command.upgrade(config, "head")


def session_factory(engine: Engine) -> sessionmaker[Any]:
    """Sessions bound to ``engine`` that keep objects usable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


# auth: users, API tokens, browser sessions and the audit log (segmint.auth)


class User(Base):
    """A person who logs in: a unique name, a role and an argon2 hash (never a password)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(256), unique=True)
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(512))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    language: Mapped[str | None] = mapped_column(String(8))


class ApiToken(Base):
    """An API token: its own name and role, the SHA-256 of its secret and when it was revoked.

    The secret is shown once, at creation; ``prefix`` (its first characters) lets a person
    recognise it in a list without the store holding anything that authenticates.
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(256), index=True)
    role: Mapped[str] = mapped_column(String(32))
    prefix: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(256))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LoginSession(Base):
    """A browser session after a login: the SHA-256 of the cookie's secret, until it expires."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """One write: who (a user, a token or a CLI account), what, on what, when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(256), index=True)
    actor_kind: Mapped[str] = mapped_column(String(16))  # "user" | "token" | "cli"
    action: Mapped[str] = mapped_column(String(128), index=True)
    target: Mapped[str | None] = mapped_column(String(1024))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SegmentGoal(Base):
    """What a segment is for: a goal, the KPI that measures it, a target and a review day.

    ``kpi`` names a figure of :data:`segmint.segments.goals.KPIS`; ``direction`` says
    whether the target is a floor (``at_least``) or a ceiling (``at_most``).
    """

    __tablename__ = "segment_goals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    segment: Mapped[str] = mapped_column(String(200), index=True)
    goal: Mapped[str] = mapped_column(Text, default="")
    kpi: Mapped[str] = mapped_column(String(64))
    target: Mapped[float] = mapped_column(Float)
    direction: Mapped[str] = mapped_column(String(16), default="at_least")
    review_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    owner: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class IngestBatch(Base):
    """One live ingest (REST ``/ingest``): what arrived, for whom, and how long it took.

    Its id is also part of the data version the count cache keys on, so a count
    taken before the batch is never served after it.
    """

    __tablename__ = "ingest_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str | None] = mapped_column(String(256), nullable=True)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    customers: Mapped[list[str]] = mapped_column(JSON, default=list)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)


class TicketRoute(Base):
    """One support-ticket routing rule: which tickets it takes and where they go.

    Rules are tried by ``position`` (1 first); the first whose ``category`` (any when
    null) and ``rule`` (a segment-language rule over the customer; everyone when
    empty) both match sets the ticket's ``queue``, ``priority`` and SLA.
    """

    __tablename__ = "ticket_routes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    category: Mapped[str | None] = mapped_column(String(200), nullable=True)
    rule: Mapped[str] = mapped_column(Text, default="")
    queue: Mapped[str] = mapped_column(String(200))
    priority: Mapped[str] = mapped_column(String(16))
    sla_hours: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# campaigns: who must not be messaged, and every change of consent (segmint.campaigns)


class Suppression(Base):
    """An address no campaign may message on a channel: unsubscribed, bounced, opted out.

    One row per (channel, address); ``reason`` is ``unsubscribed``, ``bounced``,
    ``complained`` or ``opted_out``, ``source`` where it came from (the unsubscribe
    link, an SMTP 5xx answer, a provider's bounce report file, an SMS reply file).
    """

    __tablename__ = "suppressions"
    __table_args__ = (UniqueConstraint("channel", "address"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(320))
    customer_id: Mapped[str | None] = mapped_column(String(256), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(1024))
    campaign_id: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ConsentChange(Base):
    """One change of a customer's consent on a channel: who, what, when, and from where."""

    __tablename__ = "consent_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    customer_id: Mapped[str | None] = mapped_column(String(256), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    address: Mapped[str | None] = mapped_column(String(320))
    consented: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(1024))
    actor: Mapped[str] = mapped_column(String(256))
    campaign_id: Mapped[int | None] = mapped_column(Integer)


class OutboxMessage(Base):
    """One message to one customer on one channel: rendered, queued, and what became of it.

    UNIQUE(campaign_id, customer_id, channel) makes a message impossible to queue twice;
    ``state`` goes ``queued -> sending -> sent | failed | bounced``, or ``suppressed``
    when the address was listed by the time it was due. ``message_id`` is deterministic
    (:func:`segmint.campaigns.outbox.message_id`). A message found ``sending`` after a
    crash is resumed as described in :mod:`segmint.campaigns.outbox`.
    """

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("campaign_id", "customer_id", "channel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(Integer, index=True)
    customer_id: Mapped[str] = mapped_column(String(256))
    channel: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(320))
    variant: Mapped[str | None] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), index=True, default="queued")
    message_id: Mapped[str] = mapped_column(String(320), unique=True)
    subject: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    headers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    provider_id: Mapped[str | None] = mapped_column(String(320))
    last_error: Mapped[str | None] = mapped_column(Text)


# campaigns slice: campaign definitions and their frozen audiences (segmint.campaigns)


class Campaign(Base):
    """A message to a segment on one channel, with its holdout, variants and cost.

    ``content`` holds the variants: ``{"variants": [{"name", "weight", "subject": {lang:
    text}, "text": {lang: template}, "html": {lang: template}}]}``; a campaign without
    A/B testing has one variant, ``A``. ``status`` goes ``draft -> sending -> sent``.
    """

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    segment: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(8))
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    survey: Mapped[str | None] = mapped_column(String(16))
    holdout_percent: Mapped[float] = mapped_column(Float)
    global_holdout_percent: Mapped[float] = mapped_column(Float, default=0.0)
    cost: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_by: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    frozen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CampaignMember(Base):
    """One customer of a campaign's frozen audience and what the campaign did with them.

    ``group`` is ``treated``, ``holdout``, ``global_holdout`` or ``excluded`` (with
    ``reason``: ``no_consent``, ``no_address``, ``suppressed`` or ``frequency_cap``).
    """

    __tablename__ = "campaign_members"
    __table_args__ = (UniqueConstraint("campaign_id", "customer_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    customer_id: Mapped[str] = mapped_column(String(256))
    group: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(32))
    variant: Mapped[str | None] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(String(320))
    language: Mapped[str] = mapped_column(String(8))


# scheduler


class Schedule(Base):
    """A job the in-process scheduler runs on a calendar: what, when, in which time zone.

    ``kind`` is ``run``, ``campaign``, ``journeys`` or ``report``
    (:data:`segmint.scheduler.kinds.KINDS`); ``spec`` is ``daily 06:00``,
    ``weekly mon 08:30``, ``monthly 1 07:00`` or a five-field cron line; ``params``
    what the kind needs (a campaign's name, a report's recipients).
    """

    __tablename__ = "schedules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    spec: Mapped[str] = mapped_column(String(128))
    time_zone: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ScheduleRun(Base):
    """One due time of a schedule, claimed before it runs: UNIQUE(schedule, due time).

    The claim is what makes a missed job run once and never twice: whoever inserts the
    row runs the job; a second scheduler (or a second look after a restart) meets the
    constraint and leaves it. ``due_at`` is in UTC; ``coalesced`` counts the earlier due
    times that downtime let pass and this run stands for.
    """

    __tablename__ = "schedule_runs"
    __table_args__ = (UniqueConstraint("schedule_id", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    schedule_id: Mapped[int] = mapped_column(
        ForeignKey("schedules.id", ondelete="CASCADE"), index=True
    )
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    coalesced: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="claimed")
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)


# offers: coupon batches and codes, cashback programmes and the wallet ledger (segmint.offers)


class Exact(TypeDecorator[Decimal]):
    """A decimal with four places, stored as an integer count of ten-thousandths.

    SQLite has no exact decimal type (SQLAlchemy would go through floats); an integer
    is exact on every database and sums exactly in SQL: ``SUM(amount) / 10^4``.
    """

    impl = BigInteger
    cache_ok = True
    SCALE = 10_000
    #: The largest amount a column holds with room to sum many rows in 64 bits.
    LARGEST = Decimal(10) ** 12

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        return int((Decimal(str(value)) * self.SCALE).to_integral_value())

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(int(value)) / self.SCALE


class CouponBatch(Base):
    """A batch of coupon codes with one value and one expiry: ``percent`` off or an ``amount``.

    ``expires_on`` is a fixed last day; ``valid_days`` instead gives each code its own
    last day, counted from the day it was issued. Exactly one of the two is set.
    """

    __tablename__ = "coupon_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # "percent" | "amount"
    value: Mapped[Decimal] = mapped_column(Exact)
    expires_on: Mapped[date | None] = mapped_column(Date)
    valid_days: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Coupon(Base):
    """One code issued to one customer; ``redeemed_*`` filled when an imported order used it.

    UNIQUE(code) across every batch; UNIQUE(batch_id, customer_id): one code per recipient.
    """

    __tablename__ = "coupons"
    __table_args__ = (UniqueConstraint("batch_id", "customer_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("coupon_batches.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(32), unique=True)
    customer_id: Mapped[str] = mapped_column(String(256), index=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_on: Mapped[date] = mapped_column(Date)
    redeemed_order_id: Mapped[str | None] = mapped_column(String(256))
    redeemed_by: Mapped[str | None] = mapped_column(String(256))
    redeemed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))


class CashbackProgramme(Base):
    """Cashback: ``percent`` of the completed orders members of ``segment`` place in a period.

    The period runs from ``starts_on`` to ``ends_on`` (open when null), both days included;
    each earn expires ``expiry_days`` after its order's day (never when null).
    """

    __tablename__ = "cashback_programmes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    segment: Mapped[str] = mapped_column(String(200))
    percent: Mapped[Decimal] = mapped_column(Exact)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    expiry_days: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WalletEntry(Base):
    """One line of the append-only cashback ledger; a customer's balance is the sum of hers.

    ``kind`` is ``earn`` (+), ``reverse`` (-, a return or an order no longer completed),
    ``expire`` (-, what was left of an earn on its last day), ``spend`` (-), ``adjust``
    (+ or -) or ``credit`` (+, given by a journey or by hand). ``effective_at`` is when it
    happened (the order's time for earns and reverses); ``at`` when it was written.
    UNIQUE(programme_id, order_id, kind) makes earning, reversing and expiring per order
    idempotent; UNIQUE(kind, reference) does the same for credits and spends given with a
    reference.
    UNIQUE(lot_id) lets a lot expire once. Rows are never updated or deleted
    (:mod:`segmint.offers.wallet`).
    """

    __tablename__ = "wallet_ledger"
    __table_args__ = (
        UniqueConstraint("programme_id", "order_id", "kind"),
        UniqueConstraint("kind", "reference"),
        UniqueConstraint("lot_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(256), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    amount: Mapped[Decimal] = mapped_column(Exact)
    programme_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("cashback_programmes.id"), index=True
    )
    order_id: Mapped[str | None] = mapped_column(String(256))
    reference: Mapped[str | None] = mapped_column(String(256))
    lot_id: Mapped[int | None] = mapped_column(Integer)  # the earn or credit an expire closes
    expires_on: Mapped[date | None] = mapped_column(Date)
    effective_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(256))
    note: Mapped[str | None] = mapped_column(Text)


# journeys: triggered step-by-step programmes per customer (segmint.journeys)


class JourneyRecord(Base):
    """One journey: its trigger segment, its steps (JSON) and how far entries were read.

    ``checked_through`` is the last membership day whose entries were taken in; None
    until the first tick, which sets it to the newest stored day without entering
    anyone (see :mod:`segmint.journeys.entries`).
    """

    __tablename__ = "journeys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True, index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    trigger: Mapped[str] = mapped_column(String(200))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    window_days: Mapped[int] = mapped_column(Integer, default=14)
    status: Mapped[str] = mapped_column(String(16), default="active")
    checked_through: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    last_tick_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)


class JourneyEntry(Base):
    """A customer who entered a journey: once per journey, on the day they joined the trigger."""

    __tablename__ = "journey_entries"
    __table_args__ = (UniqueConstraint("journey_id", "customer_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id", ondelete="CASCADE"))
    customer_id: Mapped[str] = mapped_column(String(256))
    day: Mapped[date] = mapped_column(Date)
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class JourneyPassage(Base):
    """A customer at one step of a journey: reached, due (a wait), done, and the outcome.

    UNIQUE(journey, customer, step): each customer passes each step once.
    """

    __tablename__ = "journey_passages"
    __table_args__ = (UniqueConstraint("journey_id", "customer_id", "step"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    journey_id: Mapped[int] = mapped_column(
        ForeignKey("journeys.id", ondelete="CASCADE"), index=True
    )
    customer_id: Mapped[str] = mapped_column(String(256))
    step: Mapped[int] = mapped_column(Integer)
    reached_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    outcome: Mapped[str | None] = mapped_column(String(64))


# --- attach ---
class Attachment(Base):
    """A source attached as one data-model table (``segmint attach``): one row per table.

    The view in the data store is what segmint reads; this row keeps what made it (the
    source as the user gave it and the field -> column mapping), for ``attachments``
    and to attach the same source again.
    """

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), unique=True)
    table_name: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Text)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    rows: Mapped[int] = mapped_column(BigInteger, default=0)
    left_out: Mapped[int] = mapped_column(BigInteger, default=0)
    actor: Mapped[str] = mapped_column(String(256))
    attached_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# --- end attach ---
