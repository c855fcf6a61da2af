"""The shortest import commands of docs/importing.md, one list per public data set.

The acceptance tests run exactly these (on the vendored slices) and a doc test checks that
the worked examples of docs/importing.md show exactly these (on the original files).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.datasets import oracles


@dataclass(frozen=True)
class Command:
    """``segmint import KIND FILE FLAGS``: ``original`` is the file's name in the data set."""

    kind: str
    original: str
    slice: Path
    flags: tuple[str, ...] = ()

    @property
    def documented(self) -> str:
        """The command as docs/importing.md prints it."""
        name = f'"{self.original}"' if " " in self.original else self.original
        return " ".join(("segmint import", self.kind, name, *self.flags))


OLIST_MAP = ("--map", "mql_id=customer_id")

COMMANDS: dict[str, list[Command]] = {
    "cdnow": [
        Command("orders", "CDNOW_master.txt", oracles.CDNOW),
        Command(
            "customers", "cdnow_customers_summary_with_transactions.csv", oracles.CDNOW_SUMMARY
        ),
    ],
    "uci-online-retail": [Command("lines", "online_retail.csv.gz", oracles.UCI)],
    "dunnhumby-completejourney-sample": [
        Command("lines", "transactions_sample.csv", oracles.DUNNHUMBY_LINES),
        Command("customers", "demographics.csv", oracles.DUNNHUMBY_DEMOGRAPHICS),
    ],
    "customer-personality-analysis": [
        Command("customers", "marketing_campaign.csv", oracles.PERSONALITY)
    ],
    "uci-wholesale-customers": [
        Command("customers", "Wholesale customers data.csv", oracles.WHOLESALE, ("--row-ids",))
    ],
    "mall-customers": [Command("customers", "Mall_Customers.csv", oracles.MALL)],
    "olist-brazilian-ecommerce-partial": [
        Command(
            "customers",
            "olist_marketing_qualified_leads_dataset.csv",
            oracles.OLIST_LEADS,
            OLIST_MAP,
        ),
        Command("customers", "olist_closed_deals_dataset.csv", oracles.OLIST_DEALS, OLIST_MAP),
    ],
}
