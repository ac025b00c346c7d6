"""The public policy library lists every clause of the registry; the dashboard runs without
inline script and draws from a json_script block."""

from __future__ import annotations

import json
import re

import pytest

from waibao.simplified import simplified


@pytest.mark.django_db
def test_the_policy_library_lists_every_clause_with_its_citation_and_source_phrase(client):
    from django.utils.html import escape

    from waibao.rules import registry

    html = client.get("/policies/").content.decode()
    for found in registry():
        assert f'href="/policies/{found.id}/"' in html, found.id
        assert escape(simplified(found.source_phrase)) in html, found.id  # decision 0033
        assert escape(found.citation) in html, found.id
    assert 'href="/funds/publications/"' in html


@pytest.mark.django_db
def test_a_clause_page_shows_its_text_and_its_dated_parameters(client):
    from django.utils.html import escape

    from waibao.rules import clause, parameters

    found = clause("hangzhou.12.software_export")
    html = client.get("/policies/hangzhou.12.software_export/").content.decode()
    assert escape(simplified(found.text)) in html  # shown in Simplified (decision 0033)
    assert escape(found.rule_zh) in html  # the rule in the page's language (issue 21)
    english = client.get("/en/policies/hangzhou.12.software_export/").content.decode()
    assert escape(found.rule) in english
    for name in found.params:
        assert name in html
        for since, _raw in parameters()[name].raw_values:
            assert since.isoformat() in html


def _scripts(html: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>", html, re.I)


@pytest.mark.django_db
def test_the_dashboard_has_no_inline_script_and_its_data_is_json(client, world):
    client.force_login(world.users["leader"])
    response = client.get("/dashboard/")
    html = response.content.decode()
    scripts = _scripts(html)
    assert scripts
    for tag in scripts:
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert '<script src="/static/vendor/echarts.min.js">' in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    match = re.search(
        r'<script id="dashboard-data" type="application/json">(.*?)</script>', html, re.S
    )
    data = json.loads(match.group(1))
    # The world: four organisations, each with one USD 70,000.00 execution in 2024.
    assert data["years"] == [2024]
    assert data["executedByYear"] == {"USD": ["280000.00"]}
    assert data["contractsByYear"] == [4] and data["executionsByYear"] == [4]
    assert sorted(data["districts"]) == ["天河区", "西湖区", "越秀区"]


@pytest.mark.django_db
def test_a_district_reviewers_dashboard_counts_only_its_district(client, world):
    client.force_login(world.users["district_reviewer"])  # Tianhe: two organisations
    html = client.get("/dashboard/").content.decode()
    match = re.search(
        r'<script id="dashboard-data" type="application/json">(.*?)</script>', html, re.S
    )
    data = json.loads(match.group(1))
    assert data["executedByYear"] == {"USD": ["140000.00"]}
    assert data["districts"] == ["天河区"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("district_reviewer", {"guangzhou.2.targets", "guangdong.1.targets"}),  # Tianhe
        ("analyst", {"hangzhou.2.targets"}),  # Zhejiang: Hangzhou (Wenzhou sets none)
        (
            "leader",
            {"guangzhou.2.targets", "guangdong.1.targets", "hangzhou.2.targets", "datong.targets"},
        ),
    ],
)
def test_the_dashboard_shows_the_targets_of_the_users_jurisdictions(client, world, who, expected):
    client.force_login(world.users[who])
    html = client.get("/dashboard/").content.decode()
    shown = set(re.findall(r'href="/policies/([a-z0-9_.]+\.targets)/"', html))
    assert shown == expected


@pytest.mark.django_db
def test_usd_executions_need_no_rate_on_the_dashboard(client, world):
    from waibao.reporting.models import ExchangeRate

    ExchangeRate.objects.filter(currency="USD", year=2024).delete()
    client.force_login(world.users["leader"])
    data = _data(client.get("/dashboard/").content.decode())
    assert data["executedUsdByYear"] == ["280000.00"]
    assert data["executedByYear"] == {"USD": ["280000.00"]}


@pytest.mark.django_db
def test_with_yearly_rates_the_dashboard_adds_every_amount_converted_on_its_own(client, world):
    """USD 7.00, EUR 7.70 and JPY 0.05 CNY per unit in 2024: EUR 1,000.00 is USD 1,100.00;
    CNY 700.01 is USD 100.00 (100.0014...); each JPY 0.70 is 0.5 cent, so two of them are
    1 + 1 cents (each amount rounded on its own, half up), not the 1 cent of their sum."""
    from waibao.reporting.models import Contract, ExchangeRate, Execution

    for currency, rate in (("USD", "7.000000"), ("EUR", "7.700000"), ("JPY", "0.050000")):
        ExchangeRate.objects.update_or_create(
            currency=currency, year=2024, defaults={"cny_per_unit": rate, "source": "test"}
        )
    contract = Contract.objects.get(organisation=world.orgs.own)
    for execution_id, date, amount, currency in (
        ("E2", "2024-07-01", 1_000_00, "EUR"),
        ("E3", "2024-08-01", 700_01, "CNY"),
        ("E4", "2024-09-01", 70, "JPY"),
        ("E5", "2024-09-02", 70, "JPY"),
    ):
        Execution.objects.create(
            contract=contract,
            execution_id=execution_id,
            execution_date=date,
            amount_minor=amount,
            currency=currency,
        )
    client.force_login(world.users["leader"])
    data = _data(client.get("/dashboard/").content.decode())
    assert data["executedUsdByYear"] == ["281200.02"]  # 280,000 + 1,100 + 100 + 0.01 + 0.01
    assert data["executedByYear"] == {
        "CNY": ["700.01"],
        "EUR": ["1000.00"],
        "JPY": ["1.40"],
        "USD": ["280000.00"],
    }

    ExchangeRate.objects.filter(currency="JPY", year=2024).delete()
    data = _data(client.get("/dashboard/").content.decode())
    assert data["executedUsdByYear"] is None  # no JPY rate: no guess


def _data(html):
    match = re.search(
        r'<script id="dashboard-data" type="application/json">(.*?)</script>', html, re.S
    )
    return json.loads(match.group(1))


@pytest.mark.django_db
def test_target_progress_without_a_rate_names_the_missing_rate_instead_of_guessing(client, world):
    pytest.importorskip("waibao.stats.targets")
    from waibao.reporting.models import ExchangeRate

    ExchangeRate.objects.filter(currency="USD", year=2024).delete()  # preloaded with imports
    client.force_login(world.users["leader"])
    html = client.get("/dashboard/targets/").content.decode()
    assert 'role="alert"' in html and "USD 2024" in html
    assert "data-target=" not in html


@pytest.mark.django_db
def test_target_progress_lists_each_numeric_target_of_the_users_jurisdictions(client, world):
    targets = pytest.importorskip("waibao.stats.targets")
    from waibao.reporting.models import ExchangeRate

    ExchangeRate.objects.update_or_create(
        currency="USD", year=2024, defaults={"cny_per_unit": "7.100000", "source": "test"}
    )
    client.force_login(world.users["city_admin"])  # Guangzhou: not Guangdong's figures
    html = client.get("/dashboard/targets/").content.decode()
    assert 'role="alert"' not in html
    expected = [t.id for t in targets.load_targets() if t.jurisdiction == "guangzhou"]
    assert expected
    assert re.findall(r'data-target="([^"]+)"', html) == expected


@pytest.mark.django_db
def test_a_district_sees_no_target_figures_since_the_texts_set_city_targets(client, world):
    pytest.importorskip("waibao.stats.targets")
    client.force_login(world.users["district_reviewer"])
    html = client.get("/dashboard/targets/").content.decode()
    assert "data-target=" not in html
    assert "辖区内没有政策文件设定的发展目标" in html
