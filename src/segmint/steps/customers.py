"""One customer's card: profile, custom fields, order totals, traits, recent orders and tickets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from segmint.exceptions import UnknownCustomer
from segmint.i18n import translate
from segmint.steps._common import display_currency, language
from segmint.store.orders import COMPLETED, RETURNED

if TYPE_CHECKING:
    from ibis.backends import BaseBackend

    from segmint.store import Workspace

RECENT_ORDERS = 20
RECENT_TICKETS = 10
#: The traits a support screen shows first.
CARD_TRAITS = (
    "rfm_group",
    "lifecycle_stage",
    "stage_since",
    "value_quadrant",
    "recency_days",
    "frequency",
    "monetary",
    "p_alive",
    "expected_next_order_date",
    "clv_365d",
    "favourite_category",
    "last_csat",
)
#: Amount columns of each part of the card (the traits' come from the schema).
MONEY = {
    "profile": ("income", "wallet_estimate"),
    "totals": ("revenue", "returned"),
    "recent_orders": ("amount",),
}


def money_columns(part: str) -> tuple[str, ...]:
    """The names holding amounts in one part of the card."""
    if part == "traits":
        from segmint.store.schema import MONEY_TRAITS

        return tuple(MONEY_TRAITS)
    return MONEY[part]


def customer_card(
    workspace: Workspace, customer_id: str, *, lang: str | None = None
) -> dict[str, Any]:
    """Profile, custom fields, order totals, traits, recent orders and tickets of one customer.

    Parameters
    ----------
    workspace
        The workspace; its data store is opened read-only.
    customer_id
        The customer's id as imported.
    lang
        Language of the error message; default: the workspace's.

    Returns
    -------
    dict
        ``profile`` (the customers row), ``fields`` (custom field -> values),
        ``totals`` (completed orders, revenue, returned, first and last order),
        ``traits`` (the traits row, empty before ``run``), ``recent_orders``
        (the newest 20) and ``tickets`` (the newest 10 support tickets, as
        :func:`segmint.actions.tickets.customer_tickets` lists them). Amounts are
        exact ``Decimal`` values.

    Raises
    ------
    UnknownCustomer
        No customer has that id.
    """
    with workspace.data() as con:
        return read_card(con, customer_id, lang=language(workspace, lang))


def read_card(con: BaseBackend, customer_id: str, *, lang: str = "en") -> dict[str, Any]:
    """:func:`customer_card` on an open data-store connection."""
    import ibis

    customers = con.table("customers")
    found = customers.filter(customers.customer_id == customer_id).to_pyarrow().to_pylist()
    if not found:
        raise UnknownCustomer(translate("customer.unknown", lang, customer_id=customer_id))
    fields = con.table("customer_fields")
    custom: dict[str, list[str]] = {}
    for row in (
        fields.filter(fields.customer_id == customer_id)
        .order_by(["field", "value"])
        .to_pyarrow()
        .to_pylist()
    ):
        custom.setdefault(row["field"], []).append(row["value"])
    orders = con.table("orders")
    mine = orders.filter(orders.customer_id == customer_id)
    completed = mine.status == COMPLETED
    totals = (
        mine.aggregate(
            orders=completed.sum(),
            revenue=mine.amount.sum(where=completed),
            returned=mine.amount.sum(where=mine.status == RETURNED),
            first_order=mine.order_time.min(where=completed),
            last_order=mine.order_time.max(where=completed),
        )
        .to_pyarrow()
        .to_pylist()[0]
    )
    recent = (
        mine.order_by(ibis.desc("order_time"))
        .limit(RECENT_ORDERS)
        .select("order_id", "order_time", "amount", "status", "channel")
        .to_pyarrow()
        .to_pylist()
    )
    traits: dict[str, Any] = {}
    if "traits" in con.list_tables():
        table = con.table("traits")
        rows = table.filter(table.customer_id == customer_id).to_pyarrow().to_pylist()
        traits = rows[0] if rows else {}
    tickets: list[dict[str, Any]] = []
    if "tickets" in con.list_tables():  # workspaces made before tickets have none
        from segmint.actions.tickets import customer_tickets

        tickets = customer_tickets(con, customer_id, limit=RECENT_TICKETS)
    return {
        "profile": found[0],
        "fields": custom,
        "totals": totals,
        "traits": traits,
        "recent_orders": recent,
        "tickets": tickets,
    }


def exact_card(card: dict[str, Any], currency: str) -> dict[str, Any]:
    """The card with every amount as exact text in ``currency``'s minor units (``"100.50"``).

    JSON carries money as strings: a JSON number is read back as a float.
    """
    from segmint.locale.money import money_string

    def fix(row: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
        return {k: money_string(v, currency) if k in names else v for k, v in row.items()}

    fixed = dict(card)
    for part in ("profile", "totals", "traits"):
        fixed[part] = fix(card[part], money_columns(part))
    amounts = money_columns("recent_orders")
    fixed["recent_orders"] = [fix(o, amounts) for o in card["recent_orders"]]
    return fixed


def customer_json(
    workspace: Workspace, customer_id: str, *, lang: str | None = None
) -> dict[str, Any]:
    """:func:`customer_card` with amounts as exact text, ready for JSON."""
    return exact_card(customer_card(workspace, customer_id, lang=lang), display_currency(workspace))
