"""On the demo data, every page that shows a USD or CNY figure shows the same one, to the fen:
the dashboard, the statistics (page and indicators), open data, the monthly brief and the
facts the calculator and the evaluations use (one conversion: docs/decisions/0010).

The demo is built once for the module (a small one: the hand-made scenario organisations
and a few generated enterprises, every currency and every year 2019-2025) inside a
transaction rolled back at the end. The statistics are read as the statistics page reads them
(the operational database) for the latest year, and for every year from a DuckDB snapshot of
the same data (``waibao stats indicators --engine duckdb``; the statistics tests prove the
engines identical), which keeps this test fast while indicators on SQLite are slow.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.db import transaction

from waibao import demo
from waibao.demo.loader import demo_load
from waibao.demo.logins import demo_logins_ensure
from waibao.money import format_fen, parse_fen

pytest.importorskip("waibao.stats.indicators")

ENTERPRISES = 6
GUANGZHOU = "440100"


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The loaded demo: the demo logins by username, the years with data and a DuckDB
    source of a snapshot of it."""
    from cryptography.fernet import Fernet
    from django.core.cache import caches

    from waibao.reporting.models import Execution
    from waibao.stats.snapshot import snapshot_write
    from waibao.stats.sources import configured_engine, snapshot_source

    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        for name in ("WAIBAO_FIELD_KEY", "WAIBAO_BLIND_INDEX_KEY"):  # as tests/conftest.py
            patch.setenv(name, Fernet.generate_key().decode())
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            caches["default"].clear()
            demo_load(demo.generate(enterprises=ENTERPRISES))
            logins = {login.username: login for login in demo_logins_ensure()}
            from django.contrib.auth import get_user_model

            users = {u.username: u for u in get_user_model().objects.filter(username__in=logins)}
            years = sorted(
                {d.year for d in Execution.objects.values_list("execution_date", flat=True)}
            )
            snapshot = tmp_path_factory.mktemp("snapshot")
            snapshot_write(snapshot, engine=configured_engine())
            yield users, years, snapshot_source("duckdb", snapshot)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            caches["default"].clear()


def _page(user, year, name):
    """``name`` of ``year`` as the statistics page shows it to ``user``."""
    from waibao.readmodel.statistics import StatisticsQuery, indicators_for

    items = indicators_for(user, StatisticsQuery(year=year, through_month=12, by=()))
    return items[0][name] if items else "0.00"


def _indicators(source, years, name, city=None):
    """``name`` per year as ``waibao stats indicators`` prints it (of one city's region)."""
    from waibao.stats.indicators import indicator_rows
    from waibao.stats.output import present
    from waibao.stats.sources import within_region

    if city is not None:
        source = within_region(source, city[:4])
    shown = {}
    for year in years:
        items = present(indicator_rows(source, year=year), [])
        shown[year] = items[0][name] if items else "0.00"
    return shown


def _open_data(years, measure, city=None):
    from waibao.publishing import opendata
    from waibao.publishing.models import DataRelease

    shown = {}
    for year in years:
        release = DataRelease(slug="t", year=year, dimensions=["city"], measure=measure)
        records = opendata.release_records(release)
        shown[year] = format_fen(sum(a for row, _c, _e, a in records if city in (None, row)))
    return shown


def _brief(years, field, city=None):
    from waibao.publishing import brief

    return {y: format_fen(getattr(brief.year_figures(y, 12, city), field)) for y in years}


def _facts(years, fact, city=None):
    from waibao.facts.from_db import facts_for_year

    shown = {}
    for year in years:
        total = 0
        for record in facts_for_year(year):
            if city is None or record["region_code"][:4] == city[:4]:
                total += parse_fen(record.get(fact, "0.00"))
        shown[year] = format_fen(total)
    return shown


@pytest.mark.django_db
def test_executed_usd_per_year_is_the_same_on_every_page(demo_world):
    from waibao.portal.selectors import dashboard_for

    users, years, duckdb = demo_world
    dashboard = dashboard_for(users["lingdao"])  # the leader: every jurisdiction
    assert dashboard.years == years and dashboard.executed_usd_by_year is not None
    shown = dict(zip(dashboard.years, dashboard.executed_usd_by_year, strict=True))
    assert len(set(shown.values())) == len(years)  # a figure per year, not one repeated

    assert _page(users["lingdao"], years[-1], "executed_usd") == shown[years[-1]]
    assert _indicators(duckdb, years, "executed_usd") == shown
    assert _open_data(years, "executed_usd") == shown
    assert _brief(years, "executed_usd") == shown
    assert _facts(years, "contract_executed_usd") == shown


@pytest.mark.django_db
def test_executed_usd_of_one_city_is_the_same_on_every_page(demo_world):
    from waibao.portal.selectors import dashboard_for

    users, _years, duckdb = demo_world
    dashboard = dashboard_for(users["shiji"])  # Guangzhou's city administrator
    assert dashboard.executed_usd_by_year is not None
    years = dashboard.years
    shown = dict(zip(years, dashboard.executed_usd_by_year, strict=True))

    assert _page(users["shiji"], years[-1], "executed_usd") == shown[years[-1]]
    assert _indicators(duckdb, years, "executed_usd", city=GUANGZHOU) == shown
    assert _open_data(years, "executed_usd", city=GUANGZHOU) == shown
    assert _brief(years, "executed_usd", city=GUANGZHOU) == shown
    assert _facts(years, "contract_executed_usd", city=GUANGZHOU) == shown


@pytest.mark.django_db
def test_signed_usd_and_executed_cny_per_year_agree_with_the_statistics(demo_world):
    users, years, duckdb = demo_world
    signed = _indicators(duckdb, years, "signed_usd")
    assert _page(users["lingdao"], years[-1], "signed_usd") == signed[years[-1]]
    assert _brief(years, "signed_usd") == signed
    assert _facts(years, "contract_signed_usd") == signed
    executed_cny = _indicators(duckdb, years, "executed_cny")
    assert _page(users["lingdao"], years[-1], "executed_cny") == executed_cny[years[-1]]
    assert _open_data(years, "executed_cny") == executed_cny


@pytest.mark.django_db
def test_the_demo_converts_every_currency(demo_world):
    """The agreement above means something only if the demo holds amounts that need
    converting, in several currencies, with amounts that round (not whole units)."""
    from waibao.reporting.models import Execution

    by_currency = defaultdict(int)
    rounding = 0
    for currency, amount in Execution.objects.values_list("currency", "amount_minor"):
        by_currency[currency] += 1
        rounding += currency not in ("USD", "CNY") and amount % 100 != 0
    assert {"USD", "CNY", "EUR", "JPY", "HKD"} <= set(by_currency)
    assert min(by_currency.values()) >= 20 and rounding >= 100
