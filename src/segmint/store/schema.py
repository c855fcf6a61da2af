"""The customer data model: one Ibis schema per table of the data store.

Every table the importer writes and every model reads is declared here, so the
columns have one spelling across ingest, traits, segments and the surfaces.

Tables
------
customers
    One row per customer. ``tags`` is a list of free labels. Custom fields,
    including multi-select ones ("favourite genres"), live in
    ``customer_fields`` as one row per (customer, field, value).
orders
    One row per order. ``customer_id`` is null for anonymous orders. ``amount``
    is what the customer paid for the order after ``discount`` (and ``coupon`` the code
    it used, if any); ``status`` is
    ``completed``, ``cancelled`` or ``returned`` (a return is stored as its own
    order row with status ``returned`` and a positive amount that was refunded).
order_items
    One row per order line.
events
    Behavioural events (page views, cart adds, email opens and clicks...).
    ``properties`` is a JSON object text; ``url`` and ``campaign`` are lifted out
    of it because segments filter on them most.
feedback
    Satisfaction answers: CSAT 1-5 and/or NPS 0-10, with an optional comment; answers
    to a campaign's survey link carry the ``campaign`` (see :mod:`segmint.campaigns.surveys`).
acquisition_costs
    Marketing spend per channel and campaign over a period.
tickets
    Support tickets: who asked (``customer_id``, null when unknown), about what
    (``category``, ``subject``), through which ``channel``, when, and their
    ``status`` (``open``, ``pending``, ``solved`` or ``closed``). The routing rules
    that choose each ticket's queue live in the app store.

``customers.first_seen`` is the day of the customer's earliest order, event,
feedback or ticket: customers that only appear in those files exist too.

Derived tables
--------------
Written by the steps that compute them, never by the importer (see :data:`DERIVED_TABLES`):

traits, traits_history
    One row per customer as of a day (``segmint run``): ``traits`` for the latest run,
    ``traits_history`` for every run, keyed by ``as_of``.
segment_memberships, cluster_memberships
    Membership snapshots, one set of rows per day (``as_of``): which customers were in
    which saved segment, or cluster, that day (:mod:`segmint.store.memberships`).
static_members
    The members of static segments, with the day each list holds from (``since``).
cluster_assignments
    Every customer's cluster under the newest clustering, with the squared distance to
    its centre.

Other helpers add their tables at the end of :data:`TABLES` (customer data they
import) or :data:`DERIVED_TABLES` (data a step computes).
"""

from __future__ import annotations

import ibis
import ibis.expr.datatypes as dt

MONEY = dt.Decimal(18, 4)
"""Every stored amount of money: exact, 14 digits before the point and 4 after.

Decimal, not float, so ``100.50`` stays ``100.50`` and ``0.1 + 0.2`` sums to ``0.3``.
Fourteen integer digits hold 99 trillion (rials included); four decimals cover every
currency's minor unit (at most three) and unit prices a tenth of a minor unit finer.
DuckDB stores a width of 18 or less as a 64-bit integer, so sums and casts are cheap.
"""
MONEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "customers": ("income", "wallet_estimate"),
    "orders": ("amount", "discount"),
    "order_items": ("unit_price",),
    "acquisition_costs": ("cost",),
}
"""The money columns of each table, which older workspaces stored as floats."""
MONEY_TRAITS = ("monetary", "avg_order_value", "clv_365d", "pcv", "cpa")
"""Traits that are amounts of money: computed as floats for the models, exported exact."""

CUSTOMERS = ibis.schema(
    {
        "customer_id": dt.String(nullable=False),
        "name": dt.string,
        "phone": dt.string,
        "email": dt.string,
        "gender": dt.string,  # "female" | "male" | "other", or a word kept as written
        "birth_date": dt.date,
        "occupation": dt.string,
        "marital_status": dt.string,  # "single" | "married" | "partner" | "divorced" | "widowed"
        "education": dt.string,
        "income": MONEY,  # monthly, in the shop's currency (a band's midpoint)
        "income_band": dt.string,  # the band as written ("35-49K"), when given as one
        "age_band": dt.string,  # an age band as written ("45-54"), when the file gave one
        "province": dt.string,
        "city": dt.string,
        "neighbourhood": dt.string,
        "signup_date": dt.date,
        "acquisition_channel": dt.string,
        "acquisition_campaign": dt.string,
        "sms_consent": dt.boolean,
        "email_consent": dt.boolean,
        "wallet_estimate": MONEY,  # yearly category spend, for share of wallet
        "tags": dt.Array(dt.string),
        # The day of the customer's earliest order, event or feedback imported; moves
        # earlier when an earlier record arrives, never later.
        "first_seen": dt.date,
    }
)

CUSTOMER_FIELDS = ibis.schema(
    {
        "customer_id": dt.String(nullable=False),
        "field": dt.String(nullable=False),
        "value": dt.String(nullable=False),
    }
)

FIELD_SOURCES_TABLE = "_field_sources"
FIELD_SOURCES = ibis.schema(
    {
        "customer_id": dt.String(nullable=False),
        "field": dt.String(nullable=False),
        "source": dt.String(nullable=False),  # the name of the file that wrote the values
    }
)
"""Which file (by name) last wrote each customer's custom field: the importer's own
bookkeeping, so a re-import with a new mapping can remove the values it made stale."""

ORDERS = ibis.schema(
    {
        "order_id": dt.String(nullable=False),
        "customer_id": dt.string,
        "order_time": dt.Timestamp(nullable=False),
        "amount": MONEY.copy(nullable=False),
        "currency": dt.string,
        "status": dt.String(nullable=False),  # completed | cancelled | returned
        "channel": dt.string,
        "discount": MONEY,
        # The coupon code the order used, as written (segmint.offers reads redemptions here).
        "coupon": dt.string,
    }
)

ORDER_ITEMS = ibis.schema(
    {
        "order_id": dt.String(nullable=False),
        "line_no": dt.Int32(nullable=False),
        "product_id": dt.string,
        "product_name": dt.string,
        "category": dt.string,
        "quantity": dt.Float64(nullable=False),
        "unit_price": MONEY.copy(nullable=False),
        "discount": MONEY,  # the line's discount, when the file gives one
    }
)

EVENTS = ibis.schema(
    {
        "event_id": dt.String(nullable=False),
        "customer_id": dt.string,
        "event_time": dt.Timestamp(nullable=False),
        "event_type": dt.String(nullable=False),
        "url": dt.string,
        "campaign": dt.string,
        "properties": dt.string,  # JSON object text
    }
)

FEEDBACK = ibis.schema(
    {
        "feedback_id": dt.String(nullable=False),
        "customer_id": dt.string,
        "feedback_time": dt.Timestamp(nullable=False),
        "order_id": dt.string,
        "csat": dt.int8,  # 1-5
        "nps": dt.int8,  # 0-10
        "comment": dt.string,
        # The campaign a survey answer came from (its id, as text); null for imported rows.
        "campaign": dt.string,
    }
)

ACQUISITION_COSTS = ibis.schema(
    {
        "channel": dt.String(nullable=False),
        "campaign": dt.string,
        "period_start": dt.Date(nullable=False),
        "period_end": dt.Date(nullable=False),
        "cost": MONEY.copy(nullable=False),
        "currency": dt.string,
    }
)

TICKETS = ibis.schema(
    {
        "ticket_id": dt.String(nullable=False),
        "customer_id": dt.string,
        "created_at": dt.Timestamp(nullable=False),
        "category": dt.string,
        "subject": dt.string,
        "channel": dt.string,  # email | phone | chat | web | sms ..., as written
        "status": dt.String(nullable=False),  # open | pending | solved | closed
    }
)

TABLES: dict[str, ibis.Schema] = {
    "customers": CUSTOMERS,
    "customer_fields": CUSTOMER_FIELDS,
    "orders": ORDERS,
    "order_items": ORDER_ITEMS,
    "events": EVENTS,
    "feedback": FEEDBACK,
    "acquisition_costs": ACQUISITION_COSTS,
    "tickets": TICKETS,
}

INTERNAL_TABLES: dict[str, ibis.Schema] = {FIELD_SOURCES_TABLE: FIELD_SOURCES}
"""Tables of the data store that are bookkeeping, not customer data."""

ORDER_STATUSES = ("completed", "cancelled", "returned")
TICKET_STATUSES = ("open", "pending", "solved", "closed")
OPEN_TICKET_STATUSES = ("open", "pending")
"""Tickets still waiting for an answer: the ones ``segmint tickets route --open`` routes."""

TRAITS_TABLE = "traits"
TRAITS_HISTORY_TABLE = "traits_history"
SEGMENT_MEMBERSHIPS_TABLE = "segment_memberships"
STATIC_MEMBERS_TABLE = "static_members"
CLUSTER_ASSIGNMENTS_TABLE = "cluster_assignments"
CLUSTER_MEMBERSHIPS_TABLE = "cluster_memberships"

TRAITS = ibis.schema(
    {
        "customer_id": "string",
        "as_of": "date",
        "first_order_date": "date",
        "last_order_date": "date",
        "recency_days": "int64",
        "frequency": "int64",
        "repeat_orders": "int64",
        "monetary": "float64",
        "avg_order_value": "float64",
        "tenure_days": "int64",
        "r_score": "int64",
        "f_score": "int64",
        "m_score": "int64",
        "rfm_score": "string",
        "rfm_group": "string",
        "lifecycle_stage": "string",
        "previous_stage": "string",
        "stage_since": "date",
        "generation": "string",
        "age": "int64",
        "age_band": "string",
        "p_alive": "float64",
        "churn_risk": "float64",
        "expected_purchases_365d": "float64",
        "expected_next_order_date": "date",
        "clv_365d": "float64",
        "pcv": "float64",
        "return_rate": "float64",
        "discount_share": "float64",
        "favourite_category": "string",
        "favourite_channel": "string",
        "last_csat": "int64",
        "avg_csat": "float64",
        "sow": "float64",
        "cpa": "float64",
        "value_quadrant": "string",
    }
)
"""One customer's traits as of a day (:func:`segmint.traits.compute_traits`)."""

SEGMENT_MEMBERSHIPS = ibis.schema({"as_of": "date", "segment": "string", "customer_id": "string"})
CLUSTER_MEMBERSHIPS = ibis.schema({"as_of": "date", "cluster": "int64", "customer_id": "string"})
STATIC_MEMBERS = ibis.schema(
    {
        "segment": "string",
        "customer_id": "string",
        "since": "date",  # the day the list holds from; null in lists stored before it existed
    }
)
CLUSTER_ASSIGNMENTS = ibis.schema(
    {"customer_id": "string", "cluster": "int64", "distance": "float64"}
)

DERIVED_TABLES: dict[str, ibis.Schema] = {
    TRAITS_TABLE: TRAITS,
    TRAITS_HISTORY_TABLE: TRAITS,
    SEGMENT_MEMBERSHIPS_TABLE: SEGMENT_MEMBERSHIPS,
    STATIC_MEMBERS_TABLE: STATIC_MEMBERS,
    CLUSTER_ASSIGNMENTS_TABLE: CLUSTER_ASSIGNMENTS,
    CLUSTER_MEMBERSHIPS_TABLE: CLUSTER_MEMBERSHIPS,
}
"""Tables computed from the customer data by a step; each made by its step when first written."""

MEMBERSHIP_TABLES: dict[str, str] = {
    SEGMENT_MEMBERSHIPS_TABLE: "segment",
    CLUSTER_MEMBERSHIPS_TABLE: "cluster",
}
"""The membership snapshot tables and the column naming each row's group."""

# --- dashboard ---
DASHBOARD_SUMMARIES_TABLE = "dashboard_summaries"
DASHBOARD_SUMMARIES = ibis.schema(
    {"as_of": "date", "computed_at": "timestamp(6)", "document": "string"}
)
"""The web dashboard's numbers per run day, one JSON document each
(:mod:`segmint.measure.dashboard`), written at the end of ``segmint run``."""
DERIVED_TABLES[DASHBOARD_SUMMARIES_TABLE] = DASHBOARD_SUMMARIES
# --- end dashboard ---
