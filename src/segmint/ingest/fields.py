"""What each import kind expects: its fields, their types, and the header names they go by.

Header names are matched after folding (lower case, Persian letters normalized, spaces,
underscores, dashes and dots removed), so ``Customer ID``, ``customer_id``,
``CustomerID`` and ``کد مشتری`` all find ``customer_id``.
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
# couples and married people differently. "Alone", "YOLO" and "Absurd" (the Customer
# Personality file) are not statuses: they are kept as written, with a warning.
MARITAL = {
    "single": "single",
    "s": "single",
    "unmarried": "single",
    "nevermarried": "single",
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

_ID = ("id",)
CUSTOMER_ID = FieldSpec(
    "customer_id",
    "id",
    (
        "customerid",
        "customer",
        "custid",
        "clientid",
        "memberid",
        "userid",
        "customernumber",
        "customerno",
        "کدمشتری",
        "شناسهمشتری",
        "شمارهمشتری",
        "مشتری",
        "کداشتراک",
        "idcustomer",
    ),
)

CUSTOMERS = KindSpec(
    "customers",
    "customers",
    ("customer_id",),
    (
        FieldSpec("customer_id", "id", (*CUSTOMER_ID.synonyms, *_ID), required=True),
        FieldSpec(
            "name",
            "text",
            (
                "fullname",
                "customername",
                "نام",
                "نامونامخانوادگی",
                "نامکامل",
                "نامخانوادگی",
                "نامونشان",
            ),
        ),
        FieldSpec(
            "phone",
            "phone",
            (
                "mobile",
                "mobilenumber",
                "phonenumber",
                "cell",
                "tel",
                "telephone",
                "موبایل",
                "تلفن",
                "شمارهموبایل",
                "تلفنهمراه",
                "شمارهتلفن",
                "همراه",
            ),
        ),
        FieldSpec("email", "email", ("emailaddress", "mail", "ایمیل", "رایانامه", "پستالکترونیک")),
        FieldSpec("gender", "enum", ("sex", "جنسیت", "جنس"), choices=GENDERS, vocabulary=True),
        FieldSpec(
            "birth_date",
            "date",
            ("birthdate", "dateofbirth", "dob", "birthday", "تاریختولد", "تولد"),
        ),
        FieldSpec("occupation", "text", ("job", "profession", "شغل", "حرفه")),
        FieldSpec(
            "marital_status",
            "enum",
            ("maritalstatus", "marital", "وضعیتتاهل", "وضعیتتأهل", "تاهل", "تأهل"),
            choices=MARITAL,
            vocabulary=True,
        ),
        FieldSpec(
            "education",
            "enum",
            ("degree", "تحصیلات", "مدرکتحصیلی"),
            choices=EDUCATION,
            vocabulary=True,
        ),
        FieldSpec(
            "income",
            "income",
            (
                "monthlyincome",
                "salary",
                "درآمد",
                "درامد",
                "incomedesc",
                "incomeband",
                "incomerange",
            ),
            low=0,
        ),
        FieldSpec("province", "text", ("state", "region", "استان")),
        FieldSpec("city", "text", ("town", "شهر")),
        FieldSpec("neighbourhood", "text", ("neighborhood", "district", "area", "محله", "منطقه")),
        FieldSpec(
            "signup_date",
            "date",
            (
                "signupdate",
                "registrationdate",
                "registered",
                "joined",
                "joindate",
                "createdat",
                "customersince",
                "dtcustomer",
                "تاریخعضویت",
                "تاریختبتنام",
                "تاریخثبتنام",
                "عضویت",
            ),
        ),
        FieldSpec(
            "acquisition_channel",
            "text",
            ("channel", "source", "acquisitionsource", "utmsource", "کانالجذب", "منبعجذب"),
        ),
        FieldSpec("acquisition_campaign", "text", ("campaign", "utmcampaign", "کمپینجذب", "کمپین")),
        FieldSpec("sms_consent", "bool", ("smsoptin", "smsconsent", "acceptsms", "رضایتپیامک")),
        FieldSpec(
            "email_consent",
            "bool",
            ("emailoptin", "emailconsent", "acceptsemail", "acceptsmarketing", "رضایتایمیل"),
        ),
        FieldSpec(
            "wallet_estimate",
            "money",
            ("wallet", "walletestimate", "categoryspend", "بودجه"),
            low=0,
        ),
        FieldSpec("tags", "list", ("tag", "labels", "برچسب", "برچسبها")),
    ),
    extra="custom_fields",
)

ORDERS = KindSpec(
    "orders",
    "orders",
    ("order_id",),
    (
        FieldSpec(
            "order_id",
            "id",
            (
                "orderid",
                "order",
                "orderno",
                "ordernumber",
                "invoice",
                "invoiceno",
                "invoiceid",
                "transactionid",
                "id",
                "کدسفارش",
                "شمارهسفارش",
                "شمارهفاکتور",
                "سفارش",
            ),
            required=True,
        ),
        FieldSpec("customer_id", "id", CUSTOMER_ID.synonyms),
        FieldSpec(
            "order_time",
            "timestamp",
            (
                "orderdate",
                "ordertime",
                "date",
                "datetime",
                "invoicedate",
                "purchasedate",
                "createdat",
                "transactiondate",
                "تاریخ",
                "تاریخخرید",
                "تاریخسفارش",
                "زمانخرید",
            ),
            required=True,
        ),
        FieldSpec(
            "amount",
            "money",
            (
                "total",
                "totalamount",
                "ordertotal",
                "value",
                "revenue",
                "price",
                "sales",
                "مبلغ",
                "مبلغکل",
                "جمعکل",
                "مبلغسفارش",
                "قیمت",
            ),
            required=True,
        ),
        FieldSpec("currency", "text", ("currencycode", "ارز", "واحدپول")),
        FieldSpec(
            "status",
            "enum",
            ("orderstatus", "state", "وضعیت", "وضعیتسفارش"),
            choices=STATUSES,
            strict=True,
        ),
        FieldSpec("channel", "text", ("saleschannel", "source", "platform", "کانال", "کانالفروش")),
        FieldSpec(
            "discount",
            "money",
            ("discountamount", "discounttotal", "تخفیف", "مبلغتخفیف"),
            low=0,
            strict=True,
        ),
    ),
)

ITEMS = KindSpec(
    "items",
    "order_items",
    ("order_id", "line_no"),
    (
        ORDERS.field("order_id"),
        FieldSpec(
            "line_no",
            "integer",
            ("line", "lineno", "linenumber", "row", "ردیف"),
            low=0,
            strict=True,
        ),
        FieldSpec(
            "product_id",
            "text",
            (
                "productid",
                "product",
                "sku",
                "stockcode",
                "itemid",
                "productcode",
                "کدکالا",
                "کدمحصول",
                "شناسهکالا",
            ),
        ),
        FieldSpec(
            "product_name",
            "text",
            (
                "productname",
                "description",
                "itemname",
                "title",
                "نامکالا",
                "ناممحصول",
                "شرح",
                "کالا",
                "محصول",
            ),
        ),
        FieldSpec(
            "category",
            "text",
            ("productcategory", "categoryname", "group", "دستهبندی", "دسته", "گروهکالا"),
        ),
        FieldSpec("quantity", "number", ("qty", "count", "units", "تعداد", "مقدار"), required=True),
        FieldSpec(
            "unit_price",
            "money",
            ("unitprice", "price", "itemprice", "فی", "قیمتواحد", "بهایواحد", "قیمت"),
            required=True,
        ),
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
        FieldSpec("country", "text", ("country", "nation", "کشور")),
        ORDERS.field("channel"),
        ORDERS.field("currency"),
    ),
)

EVENTS = KindSpec(
    "events",
    "events",
    ("event_id",),
    (
        FieldSpec("event_id", "id", ("eventid", "id", "شناسهرویداد")),
        CUSTOMER_ID,
        FieldSpec(
            "event_time",
            "timestamp",
            ("timestamp", "time", "date", "datetime", "occurredat", "createdat", "زمان", "تاریخ"),
            required=True,
        ),
        FieldSpec(
            "event_type",
            "text",
            ("type", "event", "eventname", "action", "name", "نوعرویداد", "رویداد"),
            required=True,
        ),
        FieldSpec("url", "text", ("page", "pageurl", "path", "link", "نشانی", "آدرس")),
        FieldSpec("campaign", "text", ("campaignid", "campaignname", "utmcampaign", "کمپین")),
        FieldSpec("properties", "json", ("props", "data", "payload", "ویژگیها")),
    ),
    extra="properties",
)

FEEDBACK = KindSpec(
    "feedback",
    "feedback",
    ("feedback_id",),
    (
        FieldSpec("feedback_id", "id", ("feedbackid", "responseid", "surveyid", "id")),
        CUSTOMER_ID,
        FieldSpec(
            "feedback_time",
            "timestamp",
            ("date", "time", "timestamp", "submittedat", "createdat", "تاریخ", "زمان"),
            required=True,
        ),
        FieldSpec("order_id", "id", ORDERS.field("order_id").synonyms[:-1]),
        FieldSpec(
            "csat",
            "integer",
            ("satisfaction", "rating", "score", "stars", "رضایت", "امتیاز"),
            low=1,
            high=5,
            strict=True,
        ),
        FieldSpec(
            "nps",
            "integer",
            ("npsscore", "recommend", "likelihoodtorecommend", "امتیازnps"),
            low=0,
            high=10,
            strict=True,
        ),
        FieldSpec("comment", "text", ("comments", "text", "review", "feedback", "نظر", "توضیحات")),
    ),
)

COSTS = KindSpec(
    "costs",
    "acquisition_costs",
    ("channel", "campaign", "period_start", "period_end"),
    (
        FieldSpec("channel", "text", ("source", "medium", "کانال"), required=True),
        FieldSpec("campaign", "text", ("campaignname", "کمپین")),
        FieldSpec(
            "period_start",
            "date",
            ("start", "startdate", "from", "date", "month", "ازتاریخ", "شروع"),
            required=True,
        ),
        FieldSpec("period_end", "date", ("end", "enddate", "to", "تاتاریخ", "پایان"), strict=True),
        FieldSpec(
            "cost", "money", ("spend", "amount", "budget", "هزینه", "مبلغ"), required=True, low=0
        ),
        ORDERS.field("currency"),
    ),
)

KINDS: dict[str, KindSpec] = {
    spec.kind: spec for spec in (CUSTOMERS, ORDERS, ITEMS, LINES, EVENTS, FEEDBACK, COSTS)
}
