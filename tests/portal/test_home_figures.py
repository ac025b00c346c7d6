"""The home page's headline figures, from the demo data set, in Chinese."""

from __future__ import annotations

import datetime as dt

import pytest

from waibao import demo
from waibao.demo.loader import demo_load
from waibao.portal.selectors import home_figures


@pytest.fixture
def loaded(db):
    bundles = list(demo.generate(enterprises=10))
    demo_load(bundles)
    return bundles


def test_the_home_figures_count_organisations_per_city_and_the_latest_years_contracts(loaded):
    figures = home_figures()
    expected_cities = {b.organisation.region_code[:4] + "00" for b in loaded}
    assert {c.city_code for c in figures.cities} == expected_cities
    per_city = {c.city_code: c.organisations for c in figures.cities}
    assert per_city["140200"] == sum(b.organisation.region_code.startswith("1402") for b in loaded)
    assert figures.organisations == len(loaded)
    assert figures.latest_year == 2025
    contracts = [c for b in loaded for c in b.contracts if c.signed_date.year == 2025]
    assert figures.contracts_signed == len(contracts)
    assert figures.executions == sum(
        e.execution_date.year == 2025 for b in loaded for c in b.contracts for e in c.executions
    )


def test_the_home_page_shows_the_figures_and_the_links(client, loaded):
    page = client.get("/").content.decode()
    figures = home_figures()
    assert "大同市" in page and "温州市" in page and "广州市" in page
    assert f"签订接包合同 {figures.contracts_signed} 份" in page
    assert f"合同执行 {figures.executions} 笔" in page
    assert 'href="/admin/"' in page and 'href="/api/docs"' in page


def test_an_empty_database_shows_no_figures_but_says_how_to_load_some(client, db):
    page = client.get("/").content.decode()
    assert "waibao demo" in page
    assert home_figures().latest_year is None


def test_a_year_with_contracts_but_no_executions_counts_zero_executions(loaded):
    from waibao.registry.models import Organisation
    from waibao.reporting.models import Category, Contract

    Contract.objects.create(
        organisation=Organisation.objects.first(),
        contract_id="LATE-1",
        client_name="x",
        client_country="CN",
        category=Category.objects.first(),
        signed_date=dt.date(2026, 1, 5),
        amount_minor=100,
        currency="CNY",
    )
    figures = home_figures()
    assert (figures.latest_year, figures.contracts_signed, figures.executions) == (2026, 1, 0)
