"""What each import kind expects: its fields, their types, and the header names they go by.

The header names each field goes by are in :mod:`segmint.ingest.synonyms`; the
matching is :mod:`segmint.ingest.mapping`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

FieldType = Literal[
    "id",
    "text",
    "phone",
    "email",
    "date",
    "timestamp",
    "number",
    "money",
    "income",
    "integer",
    "bool",
    "enum",
    "list",
    "json",
]


@dataclass(frozen=True)
class FieldSpec:
    """One field an import kind can fill.

    The header words a field goes by live in :mod:`segmint.ingest.synonyms`;
    ``synonyms`` adds words for a field defined elsewhere.

    ``required`` fields that are missing or unreadable reject the row. Optional ones
    may be absent; when present but unreadable they reject the row if ``strict`` (a
    value the models depend on, such as an order's status) and are otherwise cleared
    and written to the warning file, so no value is lost.

    An enum with ``vocabulary`` set is open: a value outside ``choices`` is kept as
    written (trimmed) and only warned about, never cleared.
    """

    name: str
    type: FieldType
    synonyms: tuple[str, ...] = ()
    required: bool = False
    strict: bool = False
    choices: dict[str, str] = field(default_factory=dict)
    vocabulary: bool = False
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class KindSpec:
    """One ``segmint import KIND``: the table it fills and the key that makes a row unique."""

    kind: str
    table: str
    key: tuple[str, ...]
    fields: tuple[FieldSpec, ...]
    extra: Literal["custom_fields", "properties", "ignore"] = "ignore"

    def field(self, name: str) -> FieldSpec:
        """The spec of field ``name``."""
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        """Field names in table order."""
        return [spec.name for spec in self.fields]


GENDERS = {
    "f": "female",
    "female": "female",
    "woman": "female",
    "women": "female",
    "w": "female",
    "girl": "female",
    "زن": "female",
    "خانم": "female",
    "بانو": "female",
    "مونث": "female",
    "مؤنث": "female",
    "m": "male",
    "male": "male",
    "man": "male",
    "men": "male",
    "boy": "male",
    "مرد": "male",
    "آقا": "male",
    "اقا": "male",
    "مذکر": "male",
    "other": "other",
    "o": "other",
    "x": "other",
    "nonbinary": "other",
    "non-binary": "other",
    "diverse": "other",
    "سایر": "other",
    "دیگر": "other",
}
# "Together" (living with a partner, unmarried) is its own value: a marketer targets
# couples and married people differently. "Alone" (the Customer Personality file) is
# single; its "YOLO" and "Absurd" are not statuses: they are kept as written, with a
# warning.
MARITAL = {
    "single": "single",
    "s": "single",
    "unmarried": "single",
    "nevermarried": "single",
    "alone": "single",
    "مجرد": "single",
    "married": "married",
    "m": "married",
    "متاهل": "married",
    "متأهل": "married",
    "partner": "partner",
    "together": "partner",
    "cohabiting": "partner",
    "livingtogether": "partner",
    "domesticpartner": "partner",
    "inarelationship": "partner",
    "divorced": "divorced",
    "d": "divorced",
    "separated": "divorced",
    "مطلقه": "divorced",
    "جداشده": "divorced",
    "طلاقگرفته": "divorced",
    "widowed": "widowed",
    "widow": "widowed",
    "widower": "widowed",
    "w": "widowed",
    "بیوه": "widowed",
    "همسرفوتشده": "widowed",
}
# Highest level reached. "2n Cycle" (Bologna second cycle), "Graduation" and "Basic" are
# the Customer Personality file's words.
EDUCATION = {
    "none": "none",
    "noeducation": "none",
    "illiterate": "none",
    "بیسواد": "none",
    "primary": "primary",
    "elementary": "primary",
    "basic": "primary",
    "ابتدایی": "primary",
    "سیکل": "primary",
    "secondary": "high_school",
    "highschool": "high_school",
    "high_school": "high_school",
    "دبیرستان": "high_school",
    "متوسطه": "high_school",
    "diploma": "diploma",
    "highschooldiploma": "diploma",
    "دیپلم": "diploma",
    "associate": "associate",
    "associates": "associate",
    "associatedegree": "associate",
    "کاردانی": "associate",
    "فوقدیپلم": "associate",
    "bachelor": "bachelor",
    "bachelors": "bachelor",
    "bachelor's": "bachelor",
    "ba": "bachelor",
    "bsc": "bachelor",
    "graduation": "bachelor",
    "graduate": "bachelor",
    "undergraduate": "bachelor",
    "کارشناسی": "bachelor",
    "لیسانس": "bachelor",
    "master": "master",
    "masters": "master",
    "master's": "master",
    "msc": "master",
    "ma": "master",
    "mba": "master",
    "2ncycle": "master",
    "2ndcycle": "master",
    "postgraduate": "master",
    "کارشناسیارشد": "master",
    "فوقلیسانس": "master",
    "ارشد": "master",
    "phd": "doctorate",
    "ph.d.": "doctorate",
    "doctorate": "doctorate",
    "doctoral": "doctorate",
    "doctor": "doctorate",
    "دکتری": "doctorate",
    "دکترا": "doctorate",
}
VOCABULARIES: dict[str, dict[str, str]] = {
    "gender": GENDERS,
    "marital_status": MARITAL,
    "education": EDUCATION,
}
"""The open vocabularies of customer fields, whose known values have display labels."""


def vocabulary_values(name: str) -> list[str]:
    """The canonical values of vocabulary ``name``, in first-seen order."""
    return list(dict.fromkeys(VOCABULARIES[name].values()))


STATUSES = {
    "completed": "completed",
    "complete": "completed",
    "paid": "completed",
    "delivered": "completed",
    "shipped": "completed",
    "done": "completed",
    "تکمیل": "completed",
    "تکمیلشده": "completed",
    "تحویلشده": "completed",
    "پرداختشده": "completed",
    "موفق": "completed",
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "cancel": "cancelled",
    "لغو": "cancelled",
    "لغوشده": "cancelled",
    "ناموفق": "cancelled",
    "failed": "cancelled",
    "returned": "returned",
    "return": "returned",
    "refunded": "returned",
    "refund": "returned",
    "مرجوع": "returned",
    "مرجوعی": "returned",
    "مرجوعشده": "returned",
    "بازگشتی": "returned",
}

CUSTOMER_ID = FieldSpec("customer_id", "id")

CUSTOMERS = KindSpec(
    "customers",
    "customers",
    ("customer_id",),
    (
        FieldSpec("customer_id", "id", required=True),
        FieldSpec("name", "text"),
        FieldSpec("phone", "phone"),
        FieldSpec("email", "email"),
        FieldSpec("gender", "enum", choices=GENDERS, vocabulary=True),
        FieldSpec("birth_date", "date"),
        # An age or age band: gives birth_date and age_band (see ingest.ages).
        FieldSpec("age", "text"),
        FieldSpec("occupation", "text"),
        FieldSpec("marital_status", "enum", choices=MARITAL, vocabulary=True),
        FieldSpec("education", "enum", choices=EDUCATION, vocabulary=True),
        FieldSpec("income", "income", low=0),
        FieldSpec("province", "text"),
        FieldSpec("city", "text"),
        FieldSpec("neighbourhood", "text"),
        FieldSpec("signup_date", "date"),
        FieldSpec("acquisition_channel", "text"),
        FieldSpec("acquisition_campaign", "text"),
        FieldSpec("sms_consent", "bool"),
        FieldSpec("email_consent", "bool"),
        FieldSpec("wallet_estimate", "money", low=0),
        FieldSpec("tags", "list"),
    ),
    extra="custom_fields",
)

ORDERS = KindSpec(
    "orders",
    "orders",
    ("order_id",),
    (
        FieldSpec("order_id", "id", required=True),
        FieldSpec("customer_id", "id"),
        FieldSpec("order_time", "timestamp", required=True),
        FieldSpec("amount", "money", required=True),
        FieldSpec("currency", "text"),
        FieldSpec("status", "enum", choices=STATUSES, strict=True),
        FieldSpec("channel", "text"),
        FieldSpec("discount", "money", low=0, strict=True),
        FieldSpec("coupon", "text"),
    ),
)

ITEMS = KindSpec(
    "items",
    "order_items",
    ("order_id", "line_no"),
    (
        ORDERS.field("order_id"),
        FieldSpec("line_no", "integer", low=0, strict=True),
        FieldSpec("product_id", "text"),
        FieldSpec("product_name", "text"),
        FieldSpec("category", "text"),
        FieldSpec("quantity", "number", required=True),
        FieldSpec("unit_price", "money", required=True),
    ),
)

LINES = KindSpec(
    "lines",
    "order_items",
    ("order_id", "line_no"),
    (
        ORDERS.field("order_id"),
        ITEMS.field("product_id"),
        ITEMS.field("product_name"),
        ITEMS.field("category"),
        ITEMS.field("quantity"),
        ORDERS.field("order_time"),
        ITEMS.field("unit_price"),
        CUSTOMER_ID,
        FieldSpec("country", "text"),
        ORDERS.field("channel"),
        ORDERS.field("currency"),
        # A line's total stands in for quantity x unit price when the file has no
        # unit price (quantity then defaults to 1); required then (see shapes.reading_spec).
        FieldSpec("line_total", "money", strict=True),
        FieldSpec("discount", "money", strict=True),
        ORDERS.field("coupon"),
    ),
)

EVENTS = KindSpec(
    "events",
    "events",
    ("event_id",),
    (
        FieldSpec("event_id", "id"),
        CUSTOMER_ID,
        FieldSpec("event_time", "timestamp", required=True),
        FieldSpec("event_type", "text", required=True),
        FieldSpec("url", "text"),
        FieldSpec("campaign", "text"),
        FieldSpec("properties", "json"),
    ),
    extra="properties",
)

FEEDBACK = KindSpec(
    "feedback",
    "feedback",
    ("feedback_id",),
    (
        FieldSpec("feedback_id", "id"),
        CUSTOMER_ID,
        FieldSpec("feedback_time", "timestamp", required=True),
        FieldSpec("order_id", "id"),
        FieldSpec("csat", "integer", low=1, high=5, strict=True),
        FieldSpec("nps", "integer", low=0, high=10, strict=True),
        FieldSpec("comment", "text"),
    ),
)

COSTS = KindSpec(
    "costs",
    "acquisition_costs",
    ("channel", "campaign", "period_start", "period_end"),
    (
        FieldSpec("channel", "text", required=True),
        FieldSpec("campaign", "text"),
        FieldSpec("period_start", "date", required=True),
        FieldSpec("period_end", "date", strict=True),
        FieldSpec("cost", "money", required=True, low=0),
        ORDERS.field("currency"),
    ),
)

# A help desk's ticket states (Zendesk, Freshdesk, Jira Service Management, osTicket)
# folded to four: still waiting for an answer (open, pending) or answered.
TICKET_STATUSES = {
    "open": "open",
    "new": "open",
    "opened": "open",
    "reopened": "open",
    "باز": "open",
    "جدید": "open",
    "بازشده": "open",
    "pending": "pending",
    "onhold": "pending",
    "hold": "pending",
    "waiting": "pending",
    "inprogress": "pending",
    "awaitingcustomer": "pending",
    "درانتظار": "pending",
    "درحالبررسی": "pending",
    "درجریان": "pending",
    "solved": "solved",
    "resolved": "solved",
    "answered": "solved",
    "حلشده": "solved",
    "پاسخدادهشده": "solved",
    "closed": "closed",
    "done": "closed",
    "بسته": "closed",
    "بستهشده": "closed",
}

TICKETS = KindSpec(
    "tickets",
    "tickets",
    ("ticket_id",),
    (
        FieldSpec("ticket_id", "id", required=True),
        CUSTOMER_ID,
        FieldSpec("created_at", "timestamp", required=True),
        FieldSpec("category", "text"),
        FieldSpec("subject", "text"),
        FieldSpec("channel", "text", synonyms=("ticket channel", "via", "کانال تماس")),
        FieldSpec(
            "status",
            "enum",
            synonyms=("ticket status", "وضعیت تیکت"),
            choices=TICKET_STATUSES,
            strict=True,
        ),
    ),
)

KINDS: dict[str, KindSpec] = {
    spec.kind: spec for spec in (CUSTOMERS, ORDERS, ITEMS, LINES, EVENTS, FEEDBACK, COSTS, TICKETS)
}
