"""The administrator's parameter page: the bureau's overlay is dated, audited, scoped to its
own policy texts, and changes what the calculator and the funds compute."""

from __future__ import annotations

import datetime as dt
import re

import pytest

RATE = "guangzhou.5.certification.configured_rate"
CLAUSE = "guangzhou.5.certification"


@pytest.fixture
def certified(world):
    """The world's Tianhe firm paid 200,000 yuan for a CMMI certification in 2024."""
    from waibao.registry.models import Certification

    Certification.objects.create(
        organisation=world.orgs.own,
        scheme="CMMI",
        level=3,
        event="new",
        date=dt.date(2024, 5, 1),
        cost_fen=200_000_00,
    )
    return world


def _calculator_row(client, clause):
    html = client.get("/calculator/?year=2024").content.decode()
    match = re.search(rf'<tr data-clause="{re.escape(clause)}">.*?</tr>', html, re.S)
    assert match, f"{clause} does not apply"
    return match.group(0)


def _set(client, value, *, parameter=RATE, effective_from="2024-01-01", reason="市局会议纪要"):
    return client.post(
        "/parameters/",
        {
            "parameter": parameter,
            "value": value,
            "effective_from": effective_from,
            "reason": reason,
        },
    )


@pytest.mark.django_db
def test_a_configured_rate_turns_a_discretionary_clause_into_an_amount_everywhere(
    client, certified
):
    from waibao.audit.models import AuditRecord
    from waibao.entitlements import entitlements_for_year
    from waibao.policy.models import ParameterOverride

    world = certified
    client.force_login(world.users["enterprise"])
    before = _calculator_row(client, CLAUSE)
    assert "金额待核定" in before
    own = world.orgs.own.uscc

    def funds_amount():
        [row] = [
            r for r in entitlements_for_year(2024) if r["uscc"] == own and r["clause"] == CLAUSE
        ]
        return row.get("amount_cny")

    assert funds_amount() is None

    admin = world.users["city_admin"]
    client.force_login(admin)
    response = _set(client, "30%")
    assert response.status_code == 302
    [row] = ParameterOverride.objects.all()
    assert (row.value, row.effective_from, row.set_by, row.reason) == (
        "30%",
        dt.date(2024, 1, 1),
        admin,
        "市局会议纪要",
    )
    [record] = AuditRecord.objects.filter(action="policy_parameter.set")
    assert record.actor_username == "shiji" and record.reason == "市局会议纪要"
    assert record.payload == {
        "parameter": RATE,
        "value": "30%",
        "effective_from": "2024-01-01",
        "previous": "law",
    }
    page = client.get("/parameters/").content.decode()
    assert re.search(rf'id="current-{re.escape(RATE)}"><strong>30%</strong>', page)

    client.force_login(world.users["enterprise"])
    assert "60000.00" in _calculator_row(client, CLAUSE)  # 200,000 × 30%
    assert funds_amount() == "60000.00"
    api = client.get("/api/calculator/2024").json()
    [api_row] = [r for r in api["rows"] if r["clause"] == CLAUSE]
    assert api_row["amount_cny"] == "60000.00"

    client.force_login(admin)
    _set(client, "50%", reason="调整")  # a later decision for the same date wins
    client.force_login(world.users["enterprise"])
    assert "100000.00" in _calculator_row(client, CLAUSE)
    assert ParameterOverride.objects.count() == 2  # never updated: a new row


@pytest.mark.django_db
def test_a_decision_effective_after_the_year_does_not_change_it(client, certified):
    client.force_login(certified.users["city_admin"])
    assert _set(client, "30%", effective_from="2025-01-01").status_code == 302
    client.force_login(certified.users["enterprise"])
    assert "金额待核定" in _calculator_row(client, CLAUSE)


@pytest.mark.django_db
def test_bad_values_dates_and_missing_reasons_are_refused_and_nothing_written(client, world):
    from waibao.audit.models import AuditRecord
    from waibao.policy.models import ParameterOverride

    client.force_login(world.users["city_admin"])
    for value, date, reason, field in (
        ("30 percent", "2024-01-01", "x", "value"),
        ("150%", "2024-01-01", "x", "value"),
        ("-5%", "2024-01-01", "x", "value"),
        ("30%", "2024-13-01", "x", "effective_from"),
        ("30%", "2024-01-01", "  ", "reason"),
    ):
        response = _set(client, value, effective_from=date, reason=reason)
        assert response.status_code == 400, (value, date, reason)
        assert 'role="alert"' in response.content.decode()
        assert field in response.context["problems"], (value, field)
    amount = "guangzhou.6.headquarters.configured_amount"
    assert _set(client, "1,00", parameter=amount).status_code == 400  # not grouped by three
    assert _set(client, "1" * 65, parameter=amount).status_code == 400  # longer than stored
    assert _set(client, "1000.5", parameter=amount).status_code == 302
    assert ParameterOverride.objects.count() == 1
    assert AuditRecord.objects.filter(action="policy_parameter.set").count() == 1


@pytest.mark.django_db
def test_a_city_admin_sets_only_its_own_citys_parameters(client, world):
    from waibao.policy.models import ParameterOverride

    client.force_login(world.users["city_admin"])
    page = client.get("/parameters/").content.decode()
    assert f'id="{RATE}"' in page
    assert "hangzhou.17.custom_training.configured_rate" not in page
    assert "guangdong.9.certification.configured_rate" not in page  # the province's text
    hangzhou = "hangzhou.17.custom_training.configured_rate"
    assert _set(client, "10%", parameter=hangzhou).status_code == 404
    assert (
        _set(client, "10%", parameter="guangdong.9.certification.configured_rate").status_code
        == 404
    )
    # a law parameter that is not the bureau's to configure
    assert _set(client, "1", parameter="guangzhou.5.special_fund.city").status_code == 404
    assert not ParameterOverride.objects.exists()
    client.force_login(world.users["system_admin"])
    assert _set(client, "10%", parameter=hangzhou).status_code == 302


@pytest.mark.django_db
def test_the_page_shows_the_clause_text_and_the_value_next_to_each_field(client, world):
    client.force_login(world.users["city_admin"])
    html = client.get("/parameters/").content.decode()
    article = re.search(
        rf'<article class="parameter" id="{re.escape(RATE)}">.*?</article>', html, re.S
    )
    assert article
    text = article.group(0)
    assert "专业国际认证" in text  # the clause's sentence
    assert f'id="value-{RATE}" name="value"' in text
    assert f'id="effective_from-{RATE}"' in text and f'id="reason-{RATE}"' in text
    assert "未设定" in text  # the law leaves it to the bureau


@pytest.mark.django_db
def test_automatic_is_switched_by_the_funds_city_admin_and_audited(client, world):
    from waibao.audit.models import AuditRecord
    from waibao.funds.models import FundClause
    from waibao.funds.services import funds_preload

    funds_preload()
    client.force_login(world.users["city_admin"])
    html = client.get("/parameters/").content.decode()
    assert 'data-fund="guangzhou-so-fund" data-clause="guangzhou.5.certification"' in html
    assert 'data-fund="hangzhou-so-fund"' not in html
    assert "guangzhou.6.headquarters" not in html.split('id="automatic"')[1]  # not payable
    response = client.post(
        "/parameters/automatic/",
        {"fund": "guangzhou-so-fund", "clause": CLAUSE, "automatic": "1"},
    )
    assert response.status_code == 302
    assert FundClause.objects.get(fund__code="guangzhou-so-fund", clause=CLAUSE).automatic
    assert AuditRecord.objects.filter(action="fund_clause.configure").count() == 1
    refused = client.post(
        "/parameters/automatic/",
        {"fund": "hangzhou-so-fund", "clause": "hangzhou.12.software_export", "automatic": "1"},
    )
    assert refused.status_code == 403
    client.force_login(world.users["system_admin"])
    html = client.get("/parameters/").content.decode()
    assert 'data-fund="hangzhou-so-fund"' in html  # every fund, read-only
    assert 'id="automatic-guangzhou-so-fund-' not in html


@pytest.mark.django_db
def test_the_cli_from_the_database_applies_the_overlay(certified, capsys):
    import json

    from waibao.cli import main
    from waibao.policy.services import parameter_set

    parameter_set(
        actor=certified.users["system_admin"],
        parameter=RATE,
        value="25%",
        effective_from="2008-01-01",
        reason="test",
    )
    assert main(["entitlements", "--from-db", "--year", "2024"]) == 0
    rows = json.loads(capsys.readouterr().out)
    [row] = [r for r in rows if r["clause"] == CLAUSE and r["uscc"] == certified.orgs.own.uscc]
    assert row["amount_cny"] == "50000.00"


@pytest.mark.django_db
def test_a_rate_typed_with_a_full_width_percent_sign_is_stored_plain(client, certified):
    from waibao.policy.models import ParameterOverride

    client.force_login(certified.users["city_admin"])
    assert _set(client, " ３０％ ").status_code == 302  # an IME's full-width digits and ％
    amount = "guangzhou.6.headquarters.configured_amount"
    assert _set(client, "1,000,000", parameter=amount).status_code == 302  # as typed
    assert dict(ParameterOverride.objects.values_list("parameter", "value")) == {
        RATE: "30%",
        amount: "1000000",
    }
