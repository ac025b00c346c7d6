"""The indicators of STATS.md: one Ibis expression each, over one relation of events.

An *event* is a contract signed (in the year of ``signed_date``) or an execution (in the year
of ``execution_date``), carrying the contract's and the enterprise's attributes, its amount
converted to US cents and fen (per row, half up: see :mod:`waibao.stats.exact`) and two flags:
``current`` (in the period asked) and ``previous`` (in the same period of the year before).
Each indicator is a reduction over those events; :func:`indicator_rows` runs all of them in
one grouped query on any engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from typing import Any

import ibis

from waibao.stats.exact import MILLION, direct_limit, quotient, to_cny_minor, to_usd_minor
from waibao.stats.fields import EU_MEMBERS, GROUPING_FIELDS, SINGLE_MARKETS
from waibao.stats.sources import MissingRates, Source

Reduction = Callable[[ibis.Table], ibis.Value]
_ = ibis._


def _executed(e: ibis.Table) -> ibis.BooleanValue:
    return ~e.is_contract & e.current


def _signed(e: ibis.Table) -> ibis.BooleanValue:
    return e.is_contract & e.current


def _total(column: ibis.IntegerColumn, where: ibis.BooleanValue) -> ibis.IntegerValue:
    return column.sum(where=where).fill_null(0).cast("int64")


# STATS.md, in its order. Amounts are integer minor units (US cents, fen).
INDICATORS: dict[str, Reduction] = {
    # over events, or over partial sums of them carrying their number in ``events``
    "contracts_signed": lambda e: _total(e.events, _signed(e)),
    "signed_usd": lambda e: _total(e.usd_minor, _signed(e)),
    "signed_cny": lambda e: _total(e.cny_minor, _signed(e)),
    "executed_usd": lambda e: _total(e.usd_minor, _executed(e)),
    "executed_cny": lambda e: _total(e.cny_minor, _executed(e)),
    "offshore_signed_usd": lambda e: _total(e.usd_minor, _signed(e) & e.offshore),
    "offshore_executed_usd": lambda e: _total(e.usd_minor, _executed(e) & e.offshore),
    "onshore_signed_usd": lambda e: _total(e.usd_minor, _signed(e) & ~e.offshore),
    "onshore_executed_usd": lambda e: _total(e.usd_minor, _executed(e) & ~e.offshore),
    "enterprises_reporting": lambda e: e.organisation_id.nunique(where=e.current).cast("int64"),
    # executed_usd_yoy's expression is its denominator, the same period of the year before;
    # the ratio is taken exactly (Fraction) when the row is written out.
    "executed_usd_yoy": lambda e: _total(e.usd_minor, ~e.is_contract & e.previous),
}
AMOUNTS = frozenset(name for name in INDICATORS if name.endswith("_usd") or name.endswith("_cny"))
COUNTS = frozenset({"contracts_signed", "enterprises_reporting"})
REPORTING = "enterprises_reporting"
# The rows carry the denominator under this name until the ratio is taken.
PREVIOUS_EXECUTED = "executed_usd_yoy"


def converted_amounts(
    source: Source, *, year: int | None, through_month: int = 12, first_year: int | None = None
) -> tuple[ibis.Table, ibis.Table]:
    """Contracts and executions of ``year - 1`` (or ``first_year``) to ``year`` (months
    1..through_month; every year when ``year`` is None), each row with its own amount
    converted (``usd_minor``, ``cny_minor``) and ``unrated`` (1 when its currency or USD has
    no rate for the year: the amount would otherwise drop out)."""
    rates = _rates_table(source)

    def convert(table: ibis.Table, date: str) -> ibis.Table:
        if year is not None:
            start = dt.date(year - 1 if first_year is None else first_year, 1, 1)
            end = dt.date(year + 1, 1, 1)
            table = table.filter(table[date] >= start, table[date] < end)
        table = table.select(
            "contract_pk",
            "amount_minor",
            "currency",
            year=table[date].year().cast("int64"),
            month=table[date].month().cast("int64"),
        )
        if through_month < 12:
            table = table.filter(table.month <= through_month)
        # one join: each rate row carries the year's USD rate beside its own
        c = table.left_join(rates, (table.currency == rates.currency) & (table.year == rates.year))
        return c.select(
            "contract_pk",
            "currency",
            "year",
            "month",
            # PostgreSQL cannot cast boolean to bigint: spell the flag as 1 or 0.
            unrated=ibis.ifelse(
                c.rate_micro.isnull() | c.usd_rate_micro.isnull(),
                ibis.literal(1, type="int64"),
                ibis.literal(0, type="int64"),
            ),
            usd_minor=to_usd_minor(c.amount_minor, c.rate_micro, c.usd_rate_micro, c.direct_max),
            cny_minor=to_cny_minor(c.amount_minor, c.rate_micro, c.direct_max),
        )

    return convert(source.contracts, "signed_date"), convert(source.executions, "execution_date")


def contract_attributes(source: Source) -> ibis.Table:
    """Each contract with its enterprise's and category's attributes (the grouping fields)."""
    org, cat, contracts = source.organisations, source.categories, source.contracts
    return (
        contracts.join(org, contracts.organisation_id == org.organisation_id)
        .join(cat, contracts.category == cat.category)
        .select("contract_pk", "signed_date", *_ATTRIBUTES)
    )


def attribute_fields(c: ibis.Table, derived: Iterable[str]) -> dict[str, Any]:
    """The grouping fields computed from a contract's attributes: ``offshore`` always,
    ``market`` and ``city`` when asked for."""
    columns: dict[str, Any] = {"offshore": c.client_country != "CN"}
    if "market" in derived:
        columns["market"] = ibis.cases(
            (c.client_country.isin(sorted(SINGLE_MARKETS)), c.client_country),
            (c.client_country.isin(sorted(EU_MEMBERS)), ibis.literal("EU")),
            else_=ibis.literal("OTHER"),
        )
    if "city" in derived:
        columns["city"] = c.region_code.substr(0, 4).concat("00")
    return columns


def joined_events(
    source: Source, *, year: int | None, through_month: int = 12, first_year: int | None = None
) -> ibis.Table:
    """One row per contract signed and per execution of ``year - 1`` and ``year`` (every year
    when ``year`` is None), each converted and rounded on its own (so per-amount rounding
    holds) and carrying its contract's attributes: ``_ATTRIBUTES`` and ``is_contract``,
    ``year``, ``month``, ``unrated``, ``usd_minor``, ``cny_minor``.

    Every execution is joined to its contract's attributes directly: a join probe per
    execution is several times cheaper than summing executions per contract first (a hash
    aggregate with a group per contract; docs/decisions/0006). This is also what a snapshot
    stores as ``events.parquet`` (docs/decisions/0007)."""
    attributes = contract_attributes(source).drop("signed_date")
    signed, executed = converted_amounts(
        source, year=year, through_month=through_month, first_year=first_year
    )
    columns = ("contract_pk", "year", "month", "unrated", "usd_minor", "cny_minor")
    both = signed.select(*columns, is_contract=ibis.literal(True)).union(
        executed.select(*columns, is_contract=ibis.literal(False)), distinct=False
    )
    c = both.join(attributes, "contract_pk")
    return c.select(*_ATTRIBUTES, *EVENT_COLUMNS)


EVENT_COLUMNS = ("is_contract", "year", "month", "unrated", "usd_minor", "cny_minor")


def events(
    source: Source,
    *,
    year: int,
    through_month: int = 12,
    derived: Iterable[str] = GROUPING_FIELDS,
) -> ibis.Table:
    """What the indicators reduce: the :func:`joined_events` of ``year - 1`` and ``year``
    (months 1..through_month) with the flags ``current`` and ``previous`` and the grouping
    fields ``derived`` names (``quarter``, ``market``, ``city`` and ``month`` are only
    computed when asked for).

    A snapshot that stores the joined events (``source.stored_events``) is read instead of
    joining and converting again: the same expression, evaluated once when the snapshot was
    written (docs/decisions/0007)."""
    derived = set(derived)
    by_month = bool(derived & {"month", "quarter"})
    if source.stored_events is not None:
        c = source.stored_events
        c = c.filter(c.year >= year - 1, c.year <= year)
        if through_month < 12:
            c = c.filter(c.month <= through_month)
    else:
        c = joined_events(source, year=year, through_month=through_month)
    columns: dict[str, Any] = {
        "is_contract": c.is_contract,
        "year": c.year,
        "current": c.year == year,
        "previous": c.year == year - 1,
        "unrated": c.unrated,
        "usd_minor": c.usd_minor,
        "cny_minor": c.cny_minor,
    }
    if by_month:
        columns["month"] = c.month
    if "quarter" in derived:
        columns["quarter"] = quotient(c.month + 2, 3)
    columns.update(attribute_fields(c, derived))
    return c.select(*_ATTRIBUTES, **columns)


_ATTRIBUTES = (
    "organisation_id",
    "client_country",
    "category",
    "group",
    "region_code",
    "park_id",
    "ownership",
)


def _rates_table(source: Source) -> ibis.Table:
    rows = dict(source.rates)
    years = {year for _currency, year in rows}
    for year in years:  # CNY is worth one CNY in every year
        rows.setdefault(("CNY", year), 1_000_000)
    items = sorted(rows.items())
    usd = {year: micro for (currency, year), micro in items if currency == "USD"}
    return ibis.memtable(
        {
            "currency": [currency for (currency, _year), _micro in items],
            "year": [year for (_currency, year), _micro in items],
            "rate_micro": [micro for _key, micro in items],
            # null where the year has no USD rate: the amount is then "unrated"
            "usd_rate_micro": [usd.get(year) for (_c, year), _micro in items],
            # Amounts up to this convert with one multiplication and one division (exact.py).
            "direct_max": [
                direct_limit(micro, usd.get(year, MILLION)) for (_c, year), micro in items
            ],
        },
        schema={
            "currency": "string",
            "year": "int64",
            "rate_micro": "int64",
            "usd_rate_micro": "int64",
            "direct_max": "int64",
        },
    )


def missing_rates(source: Source, *, year: int, through_month: int = 12) -> list[str]:
    """The currency-years of the period's amounts that have no yearly average rate."""
    found: set[tuple[str, int]] = set()
    for amounts in converted_amounts(source, year=year, through_month=through_month):
        unrated = amounts.filter(amounts.unrated > 0).select("currency", "year").distinct()
        found |= {
            (row["currency"], row["year"]) for row in source.con.to_pyarrow(unrated).to_pylist()
        }
    have = set(source.rates)
    missing = {(c, y) for c, y in found if (c, y) not in have and c != "CNY"}
    missing |= {("USD", y) for _c, y in found if ("USD", y) not in have}
    return [f"{currency} {y}" for currency, y in sorted(missing)]


def indicator_query(
    source: Source, *, year: int, by: Sequence[str] = (), through_month: int = 12
) -> ibis.Table:
    """Every indicator of ``year`` grouped by ``by``: the one query all engines run.

    The sums and counts are one grouped reduction over the events; the distinct count of
    enterprises reporting is computed on its own (:func:`_reporting`), because a distinct
    aggregate beside a dozen filtered sums made the engines hash every event by enterprise."""
    unknown = [name for name in by if name not in GROUPING_FIELDS]
    if unknown:
        raise ValueError(f"unknown grouping field(s): {unknown}")
    e = events(source, year=year, through_month=through_month, derived=by)
    # First plain sums by every flag an indicator filters on (a handful of groups per cell),
    # then the indicators' filtered sums over those few rows: a dozen FILTER clauses over
    # every event cost more than the whole join.
    flags = [name for name in ("is_contract", "current", "previous", "offshore") if name not in by]
    partial = e.group_by([*by, *flags]).aggregate(
        events=e.count().cast("int64"),
        usd_minor=e.usd_minor.sum().cast("int64"),
        cny_minor=e.cny_minor.sum().cast("int64"),
        unrated=e.unrated.sum().cast("int64"),
    )
    metrics = {name: reduce(partial) for name, reduce in INDICATORS.items() if name != REPORTING}
    # Groups with no event in the period are dropped after the unrated check (indicator_rows).
    metrics["_current_events"] = _total(partial.events, partial.current)
    metrics["_unrated"] = partial.unrated.sum().fill_null(0).cast("int64")
    totals = partial.group_by(list(by)).aggregate(**metrics) if by else partial.aggregate(**metrics)
    reporting = _reporting(source, e, year=year, by=by, through_month=through_month)
    if by:
        # grouping values may be null (an enterprise outside any park): match nulls too
        joined = totals.left_join(
            reporting, [totals[name].identical_to(reporting[name]) for name in by]
        )
    else:
        joined = totals.cross_join(reporting)
    return joined.select(
        *(totals[name] for name in by),
        **{
            name: (joined[name].fill_null(0).cast("int64") if name == REPORTING else joined[name])
            for name in INDICATORS
        },
        _current_events=joined["_current_events"],
        _unrated=joined["_unrated"],
    )


def _reporting(
    source: Source, e: ibis.Table, *, year: int, by: Sequence[str], through_month: int
) -> ibis.Table:
    """``enterprises_reporting`` per group: enterprises with a contract signed or an
    execution dated in the period.

    When every grouping field is an attribute of the contract (no month or quarter), the
    question is asked of the contracts (:func:`_active_enterprises`), which needs no rate
    and no conversion. With a month or quarter, or over a snapshot's stored events (sorted
    by year and enterprise, so the distinct pass is cheap), the events themselves are made
    distinct."""
    count = {REPORTING: ibis._.count().cast("int64")}
    if set(by) & {"month", "quarter"} or source.stored_events is not None:
        active = e.filter(e.current).select(*by, "organisation_id").distinct()
    else:
        end = (
            dt.date(year + 1, 1, 1) if through_month == 12 else dt.date(year, through_month + 1, 1)
        )
        active = _active_enterprises(source, by, dt.date(year, 1, 1), end, year=False)
    if by:
        return active.group_by(list(by)).aggregate(**count)
    return active.aggregate(**count)


def _active_enterprises(
    source: Source, by: Sequence[str], start: dt.date, end: dt.date, *, year: bool
) -> ibis.Table:
    """The distinct (``year`` when asked, ``by``, enterprise) with a contract signed or an
    execution dated from ``start`` to before ``end``: the contracts signed, and the
    executions joined to their contract's attributes (an inner join: every engine plans it
    as a hash or index join; the semi join it replaces ran as a correlated subquery
    scanning the executions once per contract on SQLite, docs/decisions/0009)."""
    c = contract_attributes(source)
    derived = attribute_fields(c, by)
    c = c.select(
        "contract_pk",
        "signed_date",
        *(name for name in dict.fromkeys(["organisation_id", *by]) if name not in derived),
        **derived,
    )
    x = source.executions
    executed = x.filter(x.execution_date >= start, x.execution_date < end)
    signed = c.filter(c.signed_date >= start, c.signed_date < end)
    keys = [*by, "organisation_id"]
    if year:
        signed = signed.mutate(year=signed.signed_date.year().cast("int64"))
        executed = executed.mutate(year=executed.execution_date.year().cast("int64"))
        keys = ["year", *keys]
    both = signed.select(*keys).union(
        executed.select("contract_pk", *(["year"] if year else []))
        .join(c, "contract_pk")
        .select(*keys)
    )
    return both.distinct()


def indicator_rows(
    source: Source, *, year: int, by: Sequence[str] = (), through_month: int = 12
) -> list[dict[str, Any]]:
    """The indicators as plain Python rows (ints, bools, strings), sorted by group."""
    query = indicator_query(source, year=year, by=by, through_month=through_month)
    raw = source.con.to_pyarrow(query).to_pylist()
    if any(row["_unrated"] for row in raw):
        raise MissingRates(missing_rates(source, year=year, through_month=through_month))
    rows = [_plain(row, by, year) for row in raw if row["_current_events"]]
    rows.sort(key=lambda row: tuple(_sort_key(row[name]) for name in by))
    return rows


def yearly_indicator_rows(
    source: Source, *, years: Iterable[int], by: Sequence[str] = ()
) -> dict[int, list[dict[str, Any]]]:
    """:func:`indicator_rows` of several whole years in one grouped query: ``{year: rows}``,
    each row as :func:`indicator_rows` gives it but without ``executed_usd_yoy`` (the year
    before of each year is another group of the same query).

    Why: a query's fixed cost (building and compiling the Ibis expression, planning, a pass
    over the tables) is most of its time on the demo data, and the development targets ask
    for the indicators of five or more years at once (docs/decisions/0009). Missing rates
    are refused as :func:`indicator_rows` refuses them: in the years asked and the year
    before each."""
    asked = sorted(set(years))
    if not asked:
        return {}
    unknown = [name for name in by if name not in GROUPING_FIELDS or name in ("month", "quarter")]
    if unknown:
        raise ValueError(f"not a yearly grouping field: {unknown}")
    span = sorted(set(asked) | {year - 1 for year in asked})
    if source.stored_events is not None:
        c = source.stored_events
    else:
        c = joined_events(source, year=span[-1], first_year=span[0])
    c = c.filter(c.year.isin(span))
    e = c.select(
        *_ATTRIBUTES,
        "is_contract",
        "year",
        "unrated",
        "usd_minor",
        "cny_minor",
        current=c.year.isin(asked),
        **attribute_fields(c, by),
    )
    keys = ["year", *by]
    flags = [name for name in ("is_contract", "current", "offshore") if name not in by]
    partial = e.group_by([*keys, *flags]).aggregate(
        events=e.count().cast("int64"),
        usd_minor=e.usd_minor.sum().cast("int64"),
        cny_minor=e.cny_minor.sum().cast("int64"),
        unrated=e.unrated.sum().cast("int64"),
    )
    metrics = {
        name: reduce(partial)
        for name, reduce in INDICATORS.items()
        if name not in (REPORTING, PREVIOUS_EXECUTED)
    }
    metrics["_current_events"] = _total(partial.events, partial.current)
    metrics["_unrated"] = partial.unrated.sum().fill_null(0).cast("int64")
    totals = partial.group_by(keys).aggregate(**metrics)
    # enterprises reporting in a year: the distinct enterprises of its events
    if source.stored_events is not None:
        active = e.filter(e.current).select(*keys, "organisation_id").distinct()
    else:
        active = _active_enterprises(
            source, by, dt.date(asked[0], 1, 1), dt.date(asked[-1] + 1, 1, 1), year=True
        )
        active = active.filter(active.year.isin(asked))
    reporting = active.group_by(keys).aggregate(**{REPORTING: ibis._.count().cast("int64")})
    joined = totals.left_join(
        reporting, [totals[name].identical_to(reporting[name]) for name in keys]
    )
    query = joined.select(
        *(totals[name] for name in keys),
        **{name: joined[name] for name in metrics},
        **{REPORTING: joined[REPORTING].fill_null(0).cast("int64")},
    )
    raw = source.con.to_pyarrow(query).to_pylist()
    unrated_years = sorted({int(row["year"]) for row in raw if row["_unrated"]})
    if unrated_years:
        missing: list[str] = []
        for year in unrated_years:
            for name in missing_rates(source, year=year):
                if name not in missing:
                    missing.append(name)
        raise MissingRates(missing)
    out: dict[int, list[dict[str, Any]]] = {year: [] for year in asked}
    for row in raw:
        year = int(row["year"])
        if year in out and row["_current_events"]:
            plain = _plain(row, by, year)
            out[year].append(plain)
    for rows in out.values():
        rows.sort(key=lambda row: tuple(_sort_key(row[name]) for name in by))
    return out


def _plain(row: dict[str, Any], by: Sequence[str], year: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in by:
        value = row[name]
        if name == "offshore":
            value = bool(value)
        elif name in ("month", "quarter"):
            value = int(value)
        out[name] = value
    out["year"] = year
    for name in INDICATORS:
        if name in row:
            out[name] = int(row[name])
    return out


def _sort_key(value: Any) -> tuple[int, Any]:
    return (0, "") if value is None else (1, value)


def yoy(current: int, previous: int) -> Fraction | None:
    """``current / previous - 1`` exactly; ``None`` when the year before is zero (STATS.md)."""
    if previous == 0:
        return None
    return Fraction(current, previous) - 1
