"""``segmint.demo.generate``: write a realistic shop export to a folder.

The files are what an Iranian book and stationery shop would export, with
header names equal to the data model's field names (see
:mod:`segmint.store.schema`), so the importer maps them one to one. Columns of
``customers.csv`` beyond the model (``favourite_genres``, ``preferred_format``)
are custom fields. Everything is drawn from one seed with independent streams per
table, so the same arguments give byte-identical files.

Files (UTF-8, comma separated, header row, empty cell = missing; money in rials)
--------------------------------------------------------------------------------
customers.csv
    The CUSTOMERS fields; ``tags`` is ``|``-separated; plus the custom fields
    ``favourite_genres`` (multi-select, ``|``-separated) and ``preferred_format``
    (print, ebook, audio). Phones, e-mails, names and birth dates are messy on
    purpose (see :mod:`segmint.demo.customers`).
orders.csv
    The ORDERS fields. ``amount`` = sum of the order's ``quantity * unit_price``
    less ``discount``. Returns are their own rows (see :mod:`segmint.demo.purchases`);
    about 3 % of orders are walk-in store orders without a customer.
order_items.csv, events.csv, feedback.csv, acquisition_costs.csv
    The ORDER_ITEMS, EVENTS, FEEDBACK and ACQUISITION_COSTS fields.
truth.csv (only with ``truth=True``)
    customer_id, persona, discount_hunter, timing, purchase_rate (per day),
    dropout, mean_order_value, favourite_category: the planted latent values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv

from segmint.demo.calendar import demand_curves
from segmint.demo.catalogue import CATEGORIES, build_catalogue
from segmint.demo.customers import customers_table
from segmint.demo.events import events_table
from segmint.demo.feedback import feedback_table
from segmint.demo.marketing import assign_campaigns, cost_table, plan_campaigns
from segmint.demo.personas import ORDER_CHANNELS, PERSONAS
from segmint.demo.population import PROFILE_KEYS, draw_population
from segmint.demo.purchases import STATUSES, simulate_orders
from segmint.demo.text import ids, take, timestamps
from segmint.exceptions import SettingsError
from segmint.i18n import catalogued, localized

#: Told of each finished file: table name and path.
FileDone = Callable[[str, Path], None]
FILES = ("customers", "orders", "order_items", "events", "feedback", "acquisition_costs")
_STREAMS = ("catalogue", "population", "orders", "campaigns", "customers", "events", "feedback",
            "costs")  # fmt: skip


@dataclass(frozen=True)
class DemoFiles:
    """The files :func:`generate` wrote.

    Attributes
    ----------
    out_dir
        The folder holding the files.
    paths
        File path per table name (``customers``, ``orders``, ``order_items``,
        ``events``, ``feedback``, ``acquisition_costs``, and ``truth`` when asked).
    rows
        Data rows written per table name (the header not counted).
    """

    out_dir: Path
    paths: dict[str, Path]
    rows: dict[str, int]


def _build_and_write(
    build: Callable[[], pa.Table], name: str, path: Path, on_file: FileDone | None
) -> int:
    """Build one table, write it as CSV, tell ``on_file`` and return the row count."""
    table = build()
    options = pcsv.WriteOptions(include_header=True, batch_size=65_536, quoting_style="needed")
    pcsv.write_csv(table, path, options)
    if on_file is not None:
        on_file(name, path)
    return int(table.num_rows)


def _error(key: str, lang: str, **values: object) -> SettingsError:
    """A SettingsError for catalogue message ``demo.<key>``, worded in ``lang``."""
    error = catalogued(SettingsError, f"demo.{key}", **values)
    error.args = (localized(error, lang),)
    return error


def generate(
    out_dir: str | Path,
    *,
    customers: int = 20_000,
    seed: int = 0,
    start: dt.date = dt.date(2022, 3, 21),
    end: dt.date = dt.date(2025, 9, 22),
    truth: bool = False,
    lang: str = "en",
    on_file: FileDone | None = None,
) -> DemoFiles:
    """Write a demo shop's export (customers, orders, events, ...) as CSV files.

    Parameters
    ----------
    out_dir
        Folder to write into; created if missing. Existing demo files are replaced.
    customers
        Number of customers.
    seed
        Random seed; the same arguments give byte-identical files.
    start, end
        First and last day of the shop's history (defaults: 1 Farvardin 1401 to
        31 Shahrivar 1404).
    truth
        Also write ``truth.csv`` with each customer's planted persona and latent
        buying parameters, for scoring clustering and CLV models.
    lang
        ``"en"`` or ``"fa"``: the language of error messages.
    on_file
        Called with the table's name and path as each file is complete, from the
        worker thread that wrote it, so that a caller can start reading it while
        the other files are still being made.

    Returns
    -------
    DemoFiles
        Paths and row counts of the files written.

    Raises
    ------
    SettingsError
        If ``customers < 1`` or ``start >= end`` (a ``ValueError``).
    """
    if customers < 1:
        raise _error("bad_size", lang, customers=customers)
    if start >= end:
        raise _error("bad_range", lang, start=start, end=end)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rngs = dict(
        zip(_STREAMS, (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(8)),
            strict=True)
    )  # fmt: skip
    n_days = (end - start).days + 1
    curves = demand_curves(start, n_days)
    cat = build_catalogue(rngs["catalogue"])
    pop = draw_population(rngs["population"], customers, curves)
    orders = simulate_orders(rngs["orders"], pop, cat, curves)
    plan = plan_campaigns(start, n_days)
    campaign = assign_campaigns(rngs["campaigns"], plan, pop.acquisition, pop.signup)

    own = orders.customer >= 0
    spend = np.bincount(orders.customer[own], (orders.amount * (orders.status == 0))[own],
                        customers)  # fmt: skip
    customer_ids = ids("C", customers)
    order_ids = ids("O", len(orders.seconds))
    builders: dict[str, Callable[[], pa.Table]] = {
        # The largest first, so that two workers finish at about the same time.
        "events": lambda: events_table(
            rngs["events"], pop, orders, cat, plan, customer_ids, start, n_days
        ),
        "customers": lambda: customers_table(
            rngs["customers"], pop, plan.names, campaign, spend, start, end
        ),
        "order_items": lambda: pa.table(
            {
                "order_id": order_ids.take(pa.array(orders.item_order)),
                "line_no": pa.array(orders.line_no.astype(np.int32)),
                "product_id": take(cat.product_id, orders.product),
                "product_name": take(cat.name, orders.product),
                "category": take(CATEGORIES, cat.category[orders.product]),
                "quantity": pa.array(orders.quantity.astype(np.int64)),
                "unit_price": pa.array(orders.unit_price.astype(np.int64)),
            }
        ),
        "orders": lambda: pa.table(
            {
                "order_id": order_ids,
                "customer_id": customer_ids.take(
                    pa.array(np.maximum(orders.customer, 0), mask=~own)
                ),
                "order_time": timestamps(orders.seconds, start),
                "amount": pa.array(orders.amount.astype(np.int64)),
                "currency": take(["IRR"], np.zeros(len(own), np.int64)),
                "status": take(STATUSES, orders.status.astype(np.int64)),
                "channel": take(ORDER_CHANNELS, orders.channel.astype(np.int64)),
                "discount": pa.array(orders.discount.astype(np.int64)),
            }
        ),
        "feedback": lambda: feedback_table(
            rngs["feedback"], orders, order_ids, customers, customer_ids, start, n_days
        ),
        "acquisition_costs": lambda: cost_table(
            rngs["costs"], plan, pop.acquisition, campaign, pop.signup, start, n_days
        ),
    }
    if truth:
        builders["truth"] = lambda: pa.table(
            {
                "customer_id": customer_ids,
                "persona": take([p.key for p in PERSONAS], pop.persona),
                "discount_hunter": pa.array(pop.hunter),
                "timing": take(PROFILE_KEYS, pop.timing),
                "purchase_rate": pa.array(pop.rate),
                "dropout": pa.array(pop.dropout),
                "mean_order_value": pa.array(pop.spend_scale),
                "favourite_category": take(CATEGORIES, pop.favourite),
            }
        )
    # In the documented order (FILES, then truth), not the order they are built in.
    paths = {name: out / f"{name}.csv" for name in sorted(builders, key=[*FILES, "truth"].index)}
    # NumPy and Arrow release the GIL, and every table draws from its own random
    # stream, so two workers build and write the tables side by side.
    with ThreadPoolExecutor(max_workers=2) as pool:
        built = {
            name: pool.submit(_build_and_write, build, name, paths[name], on_file)
            for name, build in builders.items()
        }
        rows = {name: future.result() for name, future in built.items()}
    return DemoFiles(out_dir=out, paths=paths, rows={name: rows[name] for name in paths})
