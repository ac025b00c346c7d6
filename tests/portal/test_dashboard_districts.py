"""The leader's district chart (``portal.selectors.dashboard_for``): the latest year's
executions per district in USD, converted one by one at the year's rates, largest first; and
never a sum across currencies when a rate is missing. Currencies are named, not coded."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import translation

from waibao.portal import selectors
from waibao.readmodel import cache as figures_cache


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def _execute(org, execution_id, amount_minor, currency, when=dt.date(2024, 9, 1)):
    from waibao.reporting.models import Execution

    contract = org.contracts.get()
    Execution.objects.create(
        contract=contract,
        execution_id=execution_id,
        execution_date=when,
        amount_minor=amount_minor,
        currency=currency,
    )


def _rate(currency, cny_per_unit, year=2024):
    from waibao.reporting.models import ExchangeRate

    ExchangeRate.objects.update_or_create(
        currency=currency,
        year=year,
        defaults={"cny_per_unit": Decimal(cny_per_unit), "source": "test"},
    )


@pytest.mark.django_db
def test_districts_are_ranked_by_their_value_in_usd(world):
    _rate("USD", "7.000000")
    _rate("EUR", "7.700000")
    # 越秀区: 70,000.00 USD and 200,000.01 EUR = 220,000.011 USD, rounded half up once
    _execute(world.orgs.city, "E-EUR", 200_000_01, "EUR")
    dashboard = selectors.dashboard_for(world.users["leader"])
    assert dashboard.districts == ["越秀区", "天河区", "西湖区"]
    assert dashboard.executed_usd_by_district == ["290000.01", "140000.00", "70000.00"]
    # the districts add up to the year's figure: the same conversion, amount by amount
    total = sum(Decimal(v) for v in dashboard.executed_usd_by_district)
    assert dashboard.executed_usd_by_year == [str(total)]
    assert dashboard.executed_by_district == {
        "EUR": ["200000.01", "0.00", "0.00"],
        "USD": ["70000.00", "140000.00", "70000.00"],
    }


@pytest.mark.django_db
def test_without_a_rate_no_district_figure_adds_up_currencies(world):
    from waibao.reporting.models import ExchangeRate

    ExchangeRate.objects.filter(currency="JPY").delete()
    _execute(world.orgs.elsewhere, "E-JPY", 5_000_000_00, "JPY")
    dashboard = selectors.dashboard_for(world.users["leader"])
    assert dashboard.executed_usd_by_district is None
    assert dashboard.executed_usd_by_year is None
    assert dashboard.chart_data()["executedUsdByDistrict"] is None
    assert dashboard.executed_by_district["JPY"][dashboard.districts.index("西湖区")] == (
        "5000000.00"
    )


@pytest.mark.django_db
def test_currencies_are_named_in_the_reader_s_language(world):
    _execute(world.orgs.elsewhere, "E-EUR", 1_00, "EUR")
    with translation.override("zh-hans"):
        dashboard = selectors.dashboard_for(world.users["leader"])
        labels = dashboard.chart_data()["labels"]
        assert labels["currencyLabels"] == {"EUR": "欧元", "USD": "美元"}
        assert labels["currencyNames"]["EUR"] == "欧元"  # the axis: 万欧元
        assert dashboard.currency_labels() == [("EUR", "欧元"), ("USD", "美元")]
        assert selectors.currency_label("CNY") == "人民币"
        assert selectors.currency_name("CNY") == "元"  # the axis: 亿元
        assert selectors.currency_label("HKD") == "港元"
    with translation.override("en"):
        assert selectors.currency_label("EUR") == "EUR"
        assert selectors.currency_label("CNY") == "CNY"


def test_a_figure_key_changes_with_the_code(monkeypatch):
    """An upgraded Waibao never reads a figure its previous version pickled."""
    monkeypatch.setattr(figures_cache, "code_version", lambda: "before")
    before = figures_cache.figure_key("dashboard", ["scope"], "v1")
    monkeypatch.setattr(figures_cache, "code_version", lambda: "after")
    assert figures_cache.figure_key("dashboard", ["scope"], "v1") != before


def test_the_code_digest_follows_the_files_names_sizes_and_times(tmp_path):
    import os

    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "policy.yaml").write_text("rate: 1\n")
    (tmp_path / "notes.txt").write_text("not code\n")
    first = figures_cache.files_digest(tmp_path)
    assert figures_cache.files_digest(tmp_path) == first
    (tmp_path / "notes.txt").write_text("still not code, longer\n")
    assert figures_cache.files_digest(tmp_path) == first
    stat = (tmp_path / "a.py").stat()
    os.utime(tmp_path / "a.py", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    touched = figures_cache.files_digest(tmp_path)
    assert touched != first
    (tmp_path / "policy.yaml").write_text("rate: 22\n")
    assert figures_cache.files_digest(tmp_path) != touched
