"""Independent answers for the vendored public data set slices, in plain pandas.

Nothing here imports segmint: each oracle reads a slice the way its documentation
describes it (see ``tests/data/<dataset>/PROVENANCE.md``) and says what the store must
hold after the shortest commands of ``docs/importing.md``. Money is summed as
:class:`decimal.Decimal` from the file's text, so the store's amounts are checked to
the cent, never to a float tolerance.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parents[1] / "data"

CDNOW = DATA / "cdnow" / "CDNOW_master_slice.txt"
UCI = DATA / "uci-online-retail" / "online_retail_slice.csv"
DUNNHUMBY_LINES = DATA / "dunnhumby-completejourney" / "transactions_slice.csv"
DUNNHUMBY_DEMOGRAPHICS = DATA / "dunnhumby-completejourney" / "demographics_slice.csv"
PERSONALITY = DATA / "customer-personality-analysis" / "marketing_campaign_slice.csv"
WHOLESALE = DATA / "uci-wholesale-customers" / "wholesale_customers_slice.csv"
MALL = DATA / "mall-customers" / "Mall_Customers.csv"
OLIST = DATA / "olist-brazilian-ecommerce-partial"
OLIST_LEADS = OLIST / "leads_slice.csv"
OLIST_DEALS = OLIST / "closed_deals_slice.csv"
OLIST_PAYMENTS = OLIST / "order_payments_slice.csv"
CDNOW_SUMMARY = DATA / "cdnow" / "cdnow_customers_summary_with_transactions.csv"


@dataclass
class Buyers:
    """What the orders of a slice must give per customer.

    ``revenue`` is the sum of completed orders, ``returned`` the sum of returns, both
    exact; ``first`` and ``last`` are the first and last completed order's time.
    """

    rows: int
    orders: int
    anonymous: int
    customers: set[str]
    revenue: dict[str, Decimal] = field(default_factory=dict)
    returned: dict[str, Decimal] = field(default_factory=dict)
    completed: dict[str, int] = field(default_factory=dict)
    first: dict[str, datetime] = field(default_factory=dict)
    last: dict[str, datetime] = field(default_factory=dict)


def _text(path: Path, **options: object) -> pd.DataFrame:
    """Every cell as the file's text: ids keep zeros, money keeps its digits."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, **options)  # type: ignore[call-overload]


def _per_customer(orders: pd.DataFrame) -> Buyers:
    """``orders``: customer_id ('' anonymous), time, amount (Decimal), status."""
    known = orders[orders["customer_id"] != ""]
    done = known[known["status"] == "completed"]
    back = known[known["status"] == "returned"]
    return Buyers(
        rows=0,
        orders=len(orders),
        anonymous=int((orders["customer_id"] == "").sum()),
        customers=set(known["customer_id"]),
        revenue={c: sum(g["amount"], Decimal(0)) for c, g in done.groupby("customer_id")},
        returned={c: sum(g["amount"], Decimal(0)) for c, g in back.groupby("customer_id")},
        completed=done.groupby("customer_id").size().to_dict(),
        first=done.groupby("customer_id")["time"].min().to_dict(),
        last=done.groupby("customer_id")["time"].max().to_dict(),
    )


def cdnow() -> Buyers:
    """CDNOW_master.txt: one purchase per line, identical lines are separate purchases."""
    frame = pd.read_csv(CDNOW, sep=r"\s+", dtype=str)
    orders = pd.DataFrame(
        {
            "customer_id": frame["customer_id"],
            "time": pd.to_datetime(frame["date"], format="%Y%m%d"),
            "amount": frame["dollar_value"].map(Decimal),
            "status": "completed",
        }
    )
    buyers = _per_customer(orders)
    buyers.rows = len(frame)
    return buyers


def cdnow_purchases() -> list[tuple[str, date, Decimal]]:
    """Every purchase as (customer, day, amount), sorted: identical lines appear twice."""
    frame = pd.read_csv(CDNOW, sep=r"\s+", dtype=str)
    return sorted(
        (row.customer_id, datetime.strptime(row.date, "%Y%m%d").date(), Decimal(row.dollar_value))
        for row in frame.itertuples()
    )


def cdnow_identical_repeats() -> int:
    """How many lines repeat an earlier identical line (255 in the full file)."""
    lines = [line for line in CDNOW.read_text(encoding="ascii").splitlines()[1:] if line]
    return len(lines) - len(set(lines))


def uci() -> Buyers:
    """Online Retail: an order per invoice; C-invoices and negative totals are returns."""
    frame = _text(UCI)
    frame["total"] = frame["Quantity"].map(Decimal) * frame["UnitPrice"].map(Decimal)
    frame["customer_id"] = frame["CustomerID"].str.removesuffix(".0")
    orders = frame.groupby("InvoiceNo", sort=False).agg(
        customer_id=("customer_id", "first"),
        time=("InvoiceDate", "first"),
        total=("total", lambda s: sum(s, Decimal(0))),
    )
    returned = orders.index.str.startswith("C") | (orders["total"] < 0)
    orders["status"] = ["returned" if r else "completed" for r in returned]
    orders["amount"] = orders["total"].map(abs)
    orders["time"] = pd.to_datetime(orders["time"], format="%Y-%m-%d %H:%M:%S")
    buyers = _per_customer(orders.reset_index())
    buyers.rows = len(frame)
    return buyers


def dunnhumby_lines() -> Buyers:
    """Complete Journey: an order per basket, amount the sum of the lines' sales_value.

    Times are UTC instants here (the offsets applied); the test converts them to the
    workspace's time zone.
    """
    frame = _text(DUNNHUMBY_LINES)
    frame["amount"] = frame["sales_value"].map(Decimal)
    frame["time"] = pd.to_datetime(
        frame["transaction_timestamp"], format="%Y-%m-%d %H:%M:%S%z", utc=True
    )
    orders = frame.groupby("basket_id", sort=False).agg(
        customer_id=("household_id", "first"),
        time=("time", "min"),
        amount=("amount", lambda s: sum(s, Decimal(0))),
    )
    orders["status"] = "completed"
    buyers = _per_customer(orders.reset_index())
    buyers.rows = len(frame)
    return buyers


def income_band(text: str) -> tuple[Decimal | None, Decimal | None]:
    """``'35-49K'`` -> (35000, 49000); open bands (``'Under 15K'``, ``'250K+'``) have one end."""
    scale = Decimal(1000) if text.strip().upper().endswith(("K", "K+")) else Decimal(1)
    numbers = [Decimal(n) * scale for n in re.findall(r"\d+(?:\.\d+)?", text)]
    if len(numbers) == 2:
        return numbers[0], numbers[1]
    if text.lower().startswith("under"):
        return None, numbers[0]
    return numbers[0], None


def dunnhumby_demographics() -> pd.DataFrame:
    """One row per household: the cells as text, plus the income midpoint of closed bands."""
    frame = _text(DUNNHUMBY_DEMOGRAPHICS)
    ends = frame["income"].map(income_band)
    frame["income_midpoint"] = [
        (low + high) / 2 if low is not None and high is not None else None for low, high in ends
    ]
    return frame


MARITAL = {
    "Single": {"single"},
    "Married": {"married"},
    "Divorced": {"divorced"},
    "Widow": {"widowed"},
    # A couple living together: the vocabulary's partner, never dropped.
    "Together": {"partner", "together", "married"},
    "Alone": {"single", "alone"},
    # Outside every vocabulary: kept as text (folded to lower case at most), never blanked.
    "Absurd": {"Absurd", "absurd"},
    "YOLO": {"YOLO", "yolo"},
}


def personality() -> pd.DataFrame:
    """marketing_campaign.csv: tab-separated, ``Dt_Customer`` day-first, birth years alone."""
    frame = _text(PERSONALITY, sep="\t")
    frame["signup_date"] = pd.to_datetime(frame["Dt_Customer"], format="%d-%m-%Y").dt.date
    frame["birth_year"] = frame["Year_Birth"].astype(int)
    frame["income_value"] = [Decimal(v) if v else None for v in frame["Income"]]
    frame["marital_expected"] = frame["Marital_Status"].map(MARITAL)
    return frame


def wholesale() -> pd.DataFrame:
    """Wholesale customers: no id column; the id is the data row's number, from 1."""
    frame = _text(WHOLESALE)
    frame.insert(0, "row_id", [str(n) for n in range(1, len(frame) + 1)])
    return frame


def mall() -> pd.DataFrame:
    """Mall_Customers.csv: zero-padded ids kept as text, ``Genre`` is the gender."""
    frame = _text(MALL)
    frame["gender"] = frame["Genre"].str.lower()
    frame["age"] = frame["Age"].astype(int)
    return frame


def olist_leads() -> pd.DataFrame:
    """Marketing-funnel leads: one prospect per ``mql_id`` with its first contact day."""
    frame = _text(OLIST_LEADS)
    frame["first_contact"] = pd.to_datetime(frame["first_contact_date"], format="%Y-%m-%d").dt.date
    return frame


def olist_deals() -> pd.DataFrame:
    """Closed deals: a partial update of some leads (no first contact date, no origin)."""
    return _text(OLIST_DEALS)


def cdnow_summary() -> pd.DataFrame:
    """The 2,357-customer summary with mean repeat spend: custom fields kept as written."""
    return _text(CDNOW_SUMMARY)


def count_lines(path: Path, *, encoding: str = "utf-8") -> int:
    """Data records of a CSV (quoted newlines counted once)."""
    with path.open(encoding=encoding, newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def age_birth_years(age: int, today: date) -> set[int]:
    """The birth years an age read on ``today`` allows."""
    return {today.year - age - 1, today.year - age}
