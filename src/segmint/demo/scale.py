"""Shops of millions of customers, written as Parquet by the engine, for scale tests.

:func:`generate_parquet` writes ``customers``, ``orders``, ``order_items`` and ``events``
with exactly the columns and types of :data:`segmint.store.schema.TABLES`, one Parquet
file per table, and :func:`load_parquet` fills a workspace's tables straight from them.
Both bypass the importer: they exist to measure ``segmint run`` and segment counts at
10M customers, not to test reading files.

Everything is one DuckDB query per table over ``range()``: each random draw is a hash
of the row's key (customer number, order number, line number), the seed and a stream
number, so a draw made for an order is made again, identically, when its lines and its
page view are written, with no join. Memory stays bounded (rows stream to the file) and
both cores work. The same seed and size give the same rows.

The shop is the demo's (:mod:`segmint.demo`): its catalogue, personas' category mixes,
provinces and cities, names, channels. Its shapes, for a shop three and a half years old:

- signups grow over the years; about 15 % of customers never order, about 40 % order
  once, the rest repeat with a heavy tail (log-normal rates, a few hundred orders at most);
  each customer stops buying after an exponential lifetime, so many are lapsed at the end;
- an order has one to six lines; six lines in ten are from the customer's favourite
  category, products are drawn by their popularity, prices rise about 30 % a year;
- 92 % of orders complete, 5 % are cancelled, 3 % are returns; discount hunters (8 %)
  use a coupon on most orders, others on about one in seven;
- each order has the page view that led to it, and customers open and click e-mails.

The other tables (custom fields, feedback, costs, tickets) stay empty.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from segmint.demo.catalogue import _PRICES, CATEGORIES, build_catalogue
from segmint.demo.customers import _DOMAINS, _OPERATORS, EDUCATION
from segmint.demo.events import _DEVICE_P, _DEVICES
from segmint.demo.geography import NEIGHBOURHOODS, city_table
from segmint.demo.names import FEMALE, LAST, MALE, zipf_weights
from segmint.demo.personas import (
    ACQUISITION_CHANNELS,
    OCCUPATIONS,
    ORDER_CHANNELS,
    PERSONAS,
    category_mix,
)

#: The tables :func:`generate_parquet` writes, in the order it writes them.
SCALE_TABLES = ("customers", "orders", "order_items", "events")
START = dt.date(2022, 3, 21)
END = dt.date(2025, 9, 22)
_MAX_LINES = 6
_SLOTS = 1024  # a weighted choice is an index into this many slots
_TWO64 = "18446744073709551616.0"


def parse_size(text: str | int) -> int:
    """``"10M"``, ``"20k"``, ``"1_000_000"`` or an int: a number of customers."""
    if isinstance(text, int):
        return text
    match = re.fullmatch(r"\s*([0-9_.]+)\s*([kKmM]?)\s*", text)
    if match is None:
        raise ValueError(f"not a size: {text!r} (e.g. 20k, 1M, 10M)")
    scale = {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2).lower()]
    return int(float(match.group(1).replace("_", "")) * scale)


@dataclass(frozen=True)
class ScaleData:
    """What :func:`generate_parquet` wrote: one Parquet file per table and its row count."""

    folder: Path
    customers: int
    seed: int
    paths: dict[str, Path]
    rows: dict[str, int]
    seconds: dict[str, float]


# --- SQL pieces ------------------------------------------------------------------------


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _list(values: Any) -> str:
    """A SQL list literal of strings or numbers."""
    items = [_text(v) if isinstance(v, str) else repr(float(v)) for v in values]
    return "[" + ", ".join(items) + "]"


def _slots(weights: Sequence[float] | np.ndarray) -> list[int]:
    """Indices 0..len-1 spread over :data:`_SLOTS` slots in proportion to ``weights``."""
    cum = np.cumsum(np.asarray(weights, dtype=float))
    cum /= cum[-1]
    return [int(i) for i in np.searchsorted(cum, (np.arange(_SLOTS) + 0.5) / _SLOTS)]


def _split(key: str) -> list[str]:
    """The comma-separated expressions of ``key``, commas inside brackets kept."""
    parts, depth, start = [], 0, 0
    for n, char in enumerate(key):
        depth += char in "(["
        depth -= char in ")]"
        if char == "," and depth == 0:
            parts.append(key[start:n].strip())
            start = n + 1
    parts.append(key[start:].strip())
    return parts


class _Draws:
    """SQL expressions for uniform draws: a hash of a key, the seed and a stream."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def u(self, key: str, stream: str) -> str:
        """Uniform on [0, 1) for the row ``key``, independent per ``stream`` name.

        ``key`` is one or more comma-separated SQL expressions. DuckDB's ``hash(a, b)``
        of several values is strongly correlated across its arguments, so the values
        are chained instead: each is xor-ed into the hash of the ones before it.
        """
        salt = (zlib.crc32(stream.encode()) << 20) ^ (self.seed * 0x9E3779B1)
        h = str(salt & 0x7FFFFFFFFFFFFFFF)
        for part in _split(key):
            h = f"hash(xor({h}::UBIGINT, ({part})::UBIGINT))"
        return f"({h} / {_TWO64})"

    def pick(self, key: str, stream: str, slots: list[int]) -> str:
        """A weighted index (0-based) drawn from ``slots``."""
        return f"{_list(slots)}[1 + floor({self.u(key, stream)} * {_SLOTS})::INT]::INT"

    def normal(self, key: str, stream: str) -> str:
        """A standard normal draw (Box-Muller)."""
        a, b = self.u(key, stream + ".a"), self.u(key, stream + ".b")
        return f"(sqrt(-2 * ln(1 - {a})) * cos(2 * pi() * {b}))"


def _duck_types() -> dict[str, dict[str, str]]:
    """The DuckDB type of every column of the scale tables, from the schema."""
    from ibis.backends.sql.datatypes import DuckDBType

    from segmint.store.schema import TABLES

    return {
        table: {column: DuckDBType.to_string(dtype) for column, dtype in TABLES[table].items()}
        for table in SCALE_TABLES
    }


class _Shop:
    """The latent per-customer values and vocabularies, as SQL over ``i`` (customer number)."""

    def __init__(self, customers: int, seed: int) -> None:
        self.n = customers
        self.d = _Draws(seed)
        self.days = (END - START).days
        catalogue = build_catalogue(np.random.default_rng(seed))
        self.catalogue = catalogue
        # the catalogue's products are grouped by category: where each group starts
        self.sizes = np.bincount(catalogue.category, minlength=len(CATEGORIES)).tolist()
        self.offsets = np.r_[0, np.cumsum(self.sizes)[:-1]].tolist()
        self.medians = [_PRICES[c][0] for c in CATEGORIES]
        self.spreads = [_PRICES[c][1] for c in CATEGORIES]
        self.personas = _slots([p.share for p in PERSONAS])
        mix = category_mix()
        self.favourite = [_slots(row) for row in mix]  # per persona

    def latent(self) -> str:
        """Per-customer columns every table derives from (``i`` is the customer number)."""
        d, i = self.d, "i"
        persona = d.pick(i, "persona", self.personas)
        favourite = "[" + ", ".join(_list(s) for s in self.favourite) + "]"
        kind = d.u(i, "buyer")
        rate = f"exp(ln(7) - 0.5 + {d.normal(i, 'rate')})"
        return f"""
            i,
            'C' || lpad(i::VARCHAR, 9, '0') AS customer_id,
            {persona} AS persona,
            {favourite}[1 + {persona}][1 + floor({d.u(i, "fav")} * {_SLOTS})::INT]::INT
                AS favourite,
            -- signups grow: the day is drawn with density rising over the window
            floor({self.days} * sqrt({d.u(i, "signup")}))::INT AS signup_day,
            CASE WHEN {kind} < 0.15 THEN 0 WHEN {kind} < 0.55 THEN 1
                 ELSE least(400, 2 + floor({rate} * -ln(1 - {d.u(i, "count")})))::INT
            END AS n_orders,
            -- active for an exponential lifetime (mean 18 months) after signing up
            floor(-ln(1 - {d.u(i, "life")}) * 540)::INT AS lifetime,
            {d.u(i, "hunter")} < 0.08 AS hunter,
            {d.pick(i, "channel", _slots([0.45, 0.35, 0.12, 0.08]))} AS channel
        """

    def customers_sql(self, types: dict[str, str]) -> str:
        d, i = self.d, "i"
        female = f"({d.u(i, 'gender')} < 0.55)"
        first_f = _list(n for n, _ in FEMALE)
        first_m = _list(n for n, _ in MALE)
        latin_f = _list(n for _, n in FEMALE)
        latin_m = _list(n for _, n in MALE)
        f_slots = _slots(zipf_weights(len(FEMALE)))
        m_slots = _slots(zipf_weights(len(MALE)))
        l_slots = _slots(zipf_weights(len(LAST)))
        provinces, cities, weights, _ = city_table()
        city = d.pick(i, "city", _slots(weights))
        hoods = " ".join(
            f"WHEN {_text(c)} THEN {_list(h)}[1 + floor({d.u(i, 'hood')} * {len(h)})::INT]"
            for c, h in NEIGHBOURHOODS.items()
        )
        age = f"(17 + floor(48 * pow({d.u(i, 'age')}, 1.4)))"
        occupation = d.pick(i, "occupation", _slots([1.0] * len(OCCUPATIONS)))
        income = (
            f"round({_list([40, 250, 200, 300, 400, 500, 50, 180, 280, 600, 20])}"
            f"[1 + occupation] * exp(0.5 * {d.normal(i, 'income')}), 0) * 1000000"
        )
        tags = (
            f"CASE WHEN {d.u(i, 'tag')} < 0.03 THEN ['vip'] "
            f"WHEN {d.u(i, 'tag')} < 0.10 THEN ['newsletter'] "
            f"WHEN {d.u(i, 'tag')} < 0.13 THEN ['student_card', 'book_club'] "
            f"ELSE []::VARCHAR[] END"
        )
        columns = {
            "customer_id": "customer_id",
            "name": f"CASE WHEN female THEN {first_f}[1 + fn] ELSE {first_m}[1 + fn] END"
            f" || ' ' || {_list(n for n, _ in LAST)}[1 + ln_]",
            # E.164, as the importer stores Iranian mobiles
            "phone": f"CASE WHEN {d.u(i, 'has_phone')} < 0.9 THEN '+989' || "
            f"{_list(op[1:] for op in _OPERATORS)}"
            f"[1 + floor({d.u(i, 'op')} * {len(_OPERATORS)})::INT] || "
            f"lpad(floor({d.u(i, 'phone')} * 10000000)::BIGINT::VARCHAR, 7, '0') END",
            "email": f"CASE WHEN {d.u(i, 'has_email')} < 0.75 THEN "
            f"CASE WHEN female THEN {latin_f}[1 + fn] ELSE {latin_m}[1 + fn] END || '.' || "
            f"{_list(n for _, n in LAST)}[1 + ln_] || (i % 997)::VARCHAR || '@' || "
            f"{_list(_DOMAINS)}[1 + floor({d.u(i, 'domain')} * {len(_DOMAINS)})::INT] END",
            "gender": "CASE WHEN female THEN 'female' ELSE 'male' END",
            "birth_date": f"CASE WHEN {d.u(i, 'has_birth')} < 0.85 THEN DATE '{END}' - "
            f"(({age}) * 365.25 + floor({d.u(i, 'bday')} * 365))::INT END",
            "occupation": f"{_list(OCCUPATIONS)}[1 + occupation]",
            "marital_status": f"{_list(('single', 'married', 'divorced', 'widowed'))}"
            f"[1 + {d.pick(i, 'marital', _slots([0.42, 0.52, 0.04, 0.02]))}]",
            "education": f"{_list(EDUCATION)}"
            f"[1 + {d.pick(i, 'education', _slots([0.1, 0.25, 0.1, 0.35, 0.17, 0.03]))}]",
            "income": f"CASE WHEN {d.u(i, 'has_income')} < 0.6 THEN {income} END",
            "income_band": "NULL",
            "age_band": "NULL",
            "province": f"{_list(provinces)}[1 + city]",
            "city": f"{_list(cities)}[1 + city]",
            "neighbourhood": f"CASE WHEN {d.u(i, 'has_hood')} < 0.7 THEN "
            f"CASE {_list(cities)}[1 + city] {hoods} END END",
            "signup_date": f"DATE '{START}' + signup_day",
            "acquisition_channel": f"{_list(ACQUISITION_CHANNELS)}[1 + "
            f"{d.pick(i, 'acq', _slots([0.3, 0.15, 0.12, 0.08, 0.05, 0.1, 0.2]))}]",
            "acquisition_campaign": "NULL",
            "sms_consent": f"{d.u(i, 'sms')} < 0.7",
            "email_consent": f"{d.u(i, 'mail_ok')} < 0.6",
            "wallet_estimate": f"CASE WHEN {d.u(i, 'has_wallet')} < 0.3 THEN "
            f"round(20 * exp(0.6 * {d.normal(i, 'wallet')}), 0) * 1000000 END",
            "tags": tags,
            "first_seen": f"DATE '{START}' + signup_day",
        }
        select = ",\n".join(f"CAST({sql} AS {types[c]}) AS {c}" for c, sql in columns.items())
        return f"""
            WITH latent AS (SELECT {self.latent()} FROM range({self.n}) t(i)),
            drawn AS (
                SELECT *, {female} AS female,
                    CASE WHEN {female} THEN {d.pick(i, "first", f_slots)}
                         ELSE {d.pick(i, "first", m_slots)} END AS fn,
                    {d.pick(i, "last", l_slots)} AS ln_,
                    {city} AS city, {occupation} AS occupation
                FROM latent
            )
            SELECT {select} FROM drawn
        """

    def _orders_of(self) -> str:
        """One row per order: customer latent values, order number ``k`` and its draws."""
        d = self.d
        key = "i, k"
        # the first order is on the signup day; the others fall in the active window
        day = (
            f"CASE WHEN k = 0 THEN signup_day ELSE signup_day + floor({d.u(key, 'day')} * "
            f"(least({self.days}, signup_day + lifetime) - signup_day + 1))::INT END"
        )
        return f"""
            WITH latent AS (SELECT {self.latent()} FROM range({self.n}) t(i)),
            orders AS (
                SELECT *, unnest(range(n_orders)) AS k FROM latent WHERE n_orders > 0
            )
            SELECT *,
                customer_id || '-' || k::VARCHAR AS order_id,
                {day} AS day,
                -- shops open 08:00 to midnight
                TIMESTAMP '{START} 08:00:00' + to_days({day}) +
                    to_microseconds(floor({d.u(key, "second")} * 57600 * 1e6)::BIGINT)
                    AS order_time,
                1 + least({_MAX_LINES - 1}, floor(-ln(1 - {d.u(key, "lines")}) * 0.7))::INT
                    AS n_lines,
                {d.u(key, "status")} AS u_status,
                {d.u(key, "discount")} AS u_discount
            FROM orders
        """

    def _line(self, order: str, line: str) -> dict[str, str]:
        """SQL for a line's category, product, quantity and unit price (small constants only).

        A product's rank inside its category is drawn Zipf-like (rank ``size * u^2.5``:
        the first titles sell far more than the tail); its base price is log-normal
        around the category's median, drawn from the product number, so the same
        product always costs the same on a day.
        """
        d = self.d
        key = f"i, {order}, {line}"
        category = (
            f"(CASE WHEN {d.u(key, 'own')} < 0.6 THEN favourite "
            f"ELSE floor({d.u(key, 'cat')} * {len(CATEGORIES)})::INT END)"
        )
        product = (
            f"({_list(self.offsets)}[1 + {category}]::INT + floor({_list(self.sizes)}"
            f"[1 + {category}] * pow({d.u(key, 'product')}, 2.5))::INT)"
        )
        median = f"{_list(self.medians)}[1 + {category}]"
        spread = f"{_list(self.spreads)}[1 + {category}]"
        normal = d.normal(product, "price")
        price = (
            f"greatest(10000, round({median} * exp({spread} * {normal}) * "
            f"exp(0.3 * day / 365.0) / 10000, 0) * 10000)"
        )
        quantity = f"(1 + floor(-ln(1 - {d.u(key, 'qty')}) * 0.25))::DOUBLE"
        return {"category": category, "product": product, "price": price, "quantity": quantity}

    def orders_sql(self, types: dict[str, str]) -> str:
        # at most six lines: the sum is unrolled, so each line's constants fold once
        parts = []
        for n in range(_MAX_LINES):
            line = self._line("k", str(n))
            parts.append(
                f"CASE WHEN n_lines > {n} THEN {line['price']} * {line['quantity']} ELSE 0 END"
            )
        subtotal = " + ".join(parts)
        discount = (
            "CASE WHEN u_discount < CASE WHEN hunter THEN 0.7 ELSE 0.15 END "
            "THEN round(subtotal * 0.1 / 10000, 0) * 10000 END"
        )
        columns = {
            "order_id": "order_id",
            "customer_id": "customer_id",
            "order_time": "order_time",
            "amount": f"subtotal - coalesce({discount}, 0)",
            "currency": "'IRR'",
            "status": "CASE WHEN u_status < 0.92 THEN 'completed' "
            "WHEN u_status < 0.97 THEN 'cancelled' ELSE 'returned' END",
            "channel": f"{_list(ORDER_CHANNELS)}[1 + CASE WHEN {self.d.u('i, k', 'own_channel')}"
            f" < 0.7 THEN channel ELSE floor({self.d.u('i, k', 'channel')} * 4)::INT END]",
            "discount": discount,
            "coupon": f"CASE WHEN ({discount}) IS NOT NULL THEN "
            "CASE WHEN hunter THEN 'HUNT10' ELSE 'SAVE10' END END",
        }
        select = ",\n".join(f"CAST({sql} AS {types[c]}) AS {c}" for c, sql in columns.items())
        return f"""
            WITH o AS ({self._orders_of()}),
            priced AS (SELECT *, {subtotal} AS subtotal FROM o)
            SELECT {select} FROM priced
        """

    def items_sql(self, types: dict[str, str]) -> str:
        line = self._line("k", "l")
        c = self.catalogue
        columns = {
            "order_id": "order_id",
            "line_no": "l + 1",
            "product_id": f"{_list(c.product_id)}[1 + product]",
            "product_name": f"{_list(c.name)}[1 + product]",
            "category": f"{_list(CATEGORIES)}[1 + category]",
            "quantity": line["quantity"],
            "unit_price": line["price"],
            "discount": "NULL",
        }
        select = ",\n".join(f"CAST({sql} AS {types[c]}) AS {c}" for c, sql in columns.items())
        return f"""
            WITH o AS ({self._orders_of()}),
            lines AS (SELECT *, unnest(range(n_lines)) AS l FROM o),
            picked AS (
                SELECT *, {line["category"]} AS category, {line["product"]} AS product
                FROM lines
            )
            SELECT {select} FROM picked
        """

    def events_sql(self, types: dict[str, str]) -> str:
        d = self.d
        line = self._line("k", "0")
        device = f"{_list(_DEVICES)}[1 + {d.pick('i, k', 'device', _slots(_DEVICE_P))}]"
        views = f"""
            SELECT i, k AS j, 0 AS kind,
                'V' || order_id AS event_id, customer_id,
                order_time - to_microseconds(floor({d.u("i, k", "browse")} * 1800 * 1e6)::BIGINT)
                    AS event_time,
                'page_view' AS event_type,
                '/category/' || {_list(CATEGORIES)}[1 + {line["category"]}] AS url,
                NULL AS campaign,
                {device} AS properties
            FROM ({self._orders_of()})
        """
        # e-mails: up to six opens per customer, a third of them clicked through
        day = f"signup_day + floor({d.u('i, j', 'mail_day')} * ({self.days} - signup_day + 1))::INT"
        mails = f"""
            WITH latent AS (SELECT {self.latent()} FROM range({self.n}) t(i)),
            m AS (
                SELECT *, unnest(range(floor({d.u("i", "mails")} * 7)::INT)) AS j FROM latent
            )
            SELECT i, j, 1 AS kind,
                'M' || customer_id || '-' || j::VARCHAR AS event_id, customer_id,
                TIMESTAMP '{START} 09:00:00' + to_days({day}) +
                    to_microseconds(floor({d.u("i, j", "mail_second")} * 43200 * 1e6)::BIGINT)
                    AS event_time,
                CASE WHEN {d.u("i, j", "click")} < 0.33 THEN 'email_click' ELSE 'email_open' END
                    AS event_type,
                NULL AS url,
                'newsletter-' || strftime(DATE '{START}' + ({day}), '%Y-%m') AS campaign,
                NULL AS properties
            FROM m
        """
        columns = ("event_id", "customer_id", "event_time", "event_type", "url", "campaign",
                   "properties")  # fmt: skip
        select = ",\n".join(f"CAST({c} AS {types[c]}) AS {c}" for c in columns)
        return f"""
            SELECT {select} FROM (({views}) UNION ALL ({mails}))
        """


def generate_parquet(
    folder: str | Path,
    *,
    customers: int | str = 20_000,
    seed: int = 0,
    memory_limit: str | None = None,
    threads: int | None = None,
    tables: Sequence[str] = SCALE_TABLES,
) -> ScaleData:
    """Write a shop of ``customers`` customers as Parquet: one file per table.

    Parameters
    ----------
    folder
        Where ``customers.parquet``, ``orders.parquet``, ``order_items.parquet`` and
        ``events.parquet`` go (made if missing; files there are replaced).
    customers
        How many customers: an int or a size such as ``"20k"`` or ``"10M"``.
        Orders are about four per customer.
    seed
        Same seed and size, same rows.
    memory_limit, threads
        DuckDB's limits while writing (its defaults when None); it spills to ``folder``.
    tables
        Which of :data:`SCALE_TABLES` to write (each is drawn on its own, so writing one
        again gives the rows it had).

    Returns
    -------
    ScaleData
    """
    n = parse_size(customers)
    if n < 1:
        raise ValueError("customers must be at least 1")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    shop = _Shop(n, seed)
    types = _duck_types()
    con = duckdb.connect()
    try:
        con.execute(f"SET temp_directory = {_text(str(folder / '.spill'))}")
        if memory_limit:
            con.execute(f"SET memory_limit = {_text(memory_limit)}")
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        con.execute("SET enable_progress_bar = false")
        queries = {
            "customers": shop.customers_sql,
            "orders": shop.orders_sql,
            "order_items": shop.items_sql,
            "events": shop.events_sql,
        }
        paths, rows, seconds = {}, {}, {}
        for table in tables:
            sql = queries[table](types[table])
            began = time.perf_counter()
            path = folder / f"{table}.parquet"
            partial = folder / f".{table}.parquet.partial"
            con.execute(
                f"COPY ({sql}) TO {_text(str(partial))} "
                "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)"
            )
            partial.replace(path)  # a file that exists is complete
            paths[table] = path
            (count,) = con.execute(
                f"SELECT count(*) FROM read_parquet({_text(str(path))})"
            ).fetchone()  # type: ignore[misc]
            rows[table] = int(count)
            seconds[table] = round(time.perf_counter() - began, 2)
    finally:
        con.close()
    return ScaleData(folder, n, seed, paths, rows, seconds)


def load_parquet(con: Any, folder: str | Path) -> dict[str, int]:
    """Replace the rows of a data store's scale tables with those of the Parquet files.

    On DuckDB each table is filled by one ``INSERT ... SELECT`` from ``read_parquet``;
    on other engines the files are streamed in batches through the engine's ``append``.
    The importer is bypassed: nothing is checked or normalized, so use it only on files
    :func:`generate_parquet` wrote.

    Parameters
    ----------
    con
        An open, writable Ibis connection (``workspace.data(write=True)``).
    folder
        The folder :func:`generate_parquet` wrote.

    Returns
    -------
    dict
        Rows stored per table.
    """
    import pyarrow.parquet as pq

    from segmint.store.backends import engine_of
    from segmint.store.data import ensure_tables, quote

    folder = Path(folder)
    ensure_tables(con)
    engine = engine_of(con)
    counts: dict[str, int] = {}
    for table in SCALE_TABLES:
        path = folder / f"{table}.parquet"
        if not path.exists():
            raise FileNotFoundError(path)
        if engine.name == "duckdb":
            raw = con.con
            columns = ", ".join(quote(c) for c in con.table(table).columns)
            raw.execute(f"DELETE FROM {quote(table)}")
            raw.execute(
                f"INSERT INTO {quote(table)} ({columns}) "
                f"SELECT {columns} FROM read_parquet({_text(str(path))})"
            )
        else:
            con.truncate_table(table)
            for batch in pq.ParquetFile(path).iter_batches(batch_size=500_000):
                import pyarrow as pa

                engine.append(con, table, pa.Table.from_batches([batch]))
        counts[table] = int(con.table(table).count().execute())
    return counts
