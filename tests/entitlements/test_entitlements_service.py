"""``waibao.entitlements``: the one place entitlements are computed from the database with the
bureau's parameter settings. The calculator (page and API), the funds' import and
``waibao entitlements --from-db`` all go through it, so with a bureau decision in force they
agree on every amount of an organisation-year (docs/decisions/0024-one-entitlements-service.md)."""

from __future__ import annotations

import ast
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

import waibao.entitlements as service

RATE = "guangzhou.5.certification.configured_rate"
CLAUSE = "guangzhou.5.certification"  # discretionary ("给予一定补助") until the bureau sets a rate
YEAR = 2024


@pytest.fixture
def certified(world):
    """The world's Tianhe firm paid 200,000 yuan for a CMMI certification in 2024."""
    from waibao.registry.models import Certification

    Certification.objects.create(
        organisation=world.orgs.own,
        scheme="CMMI",
        level=3,
        event="new",
        date=dt.date(YEAR, 5, 1),
        cost_fen=200_000_00,
    )
    return world


def _decide(world, value: str, effective_from: str = "2024-01-01") -> None:
    from waibao.policy.services import parameter_set

    parameter_set(
        actor=world.users["city_admin"],
        parameter=RATE,
        value=value,
        effective_from=effective_from,
        reason="市局会议纪要",
    )


def _fen(amount_cny: str | None) -> int | None:
    return None if amount_cny is None else int(Decimal(amount_cny) * 100)


def _amount(rows, clause: str = CLAUSE) -> str | None:
    [row] = [r for r in rows if r["clause"] == clause]
    return row.get("amount_cny")


@pytest.mark.django_db
def test_calculator_funds_cli_and_api_agree_under_a_bureau_decision(client, certified, capsys):
    from waibao.cli import main
    from waibao.funds.entitlements import entitlement_import_for_year
    from waibao.funds.models import FundEntitlement
    from waibao.readmodel.calculator import calculator_rows

    _decide(certified, "30%")
    own = certified.orgs.own

    found = {
        (r["clause"], _fen(r.get("amount_cny")))
        for r in service.entitlements_for_year(YEAR, uscc=own.uscc)
    }
    assert (CLAUSE, 60_000_00) in found  # 200,000 × 30%, not "金额待核定"

    calculator = {(r.clause, _fen(r.amount)) for r in calculator_rows(own, YEAR) if r.applies}

    entitlement_import_for_year(year=YEAR)
    funds = set(
        FundEntitlement.objects.filter(uscc=own.uscc, year=YEAR).values_list("clause", "amount_fen")
    )

    capsys.readouterr()
    assert main(["entitlements", "--from-db", "--year", str(YEAR)]) == 0
    cli = {
        (r["clause"], _fen(r["amount_cny"]))
        for r in json.loads(capsys.readouterr().out)
        if r["uscc"] == own.uscc
    }

    client.force_login(certified.users["enterprise"])
    response = client.get(f"/api/calculator/{YEAR}")
    assert response.status_code == 200
    api = {(r["clause"], _fen(r["amount_cny"])) for r in response.json()["rows"] if r["applies"]}

    assert calculator == found
    assert funds == found
    assert cli == found
    assert api == found


@pytest.mark.django_db
def test_the_bureau_overlay_is_applied_from_its_effective_date(certified):
    own = certified.orgs.own.uscc
    assert service.bureau_overlay() is None  # nothing configured: the law alone
    assert _amount(service.entitlements_for_year(YEAR, uscc=own)) is None

    _decide(certified, "30%")
    assert service.bureau_overlay() == {RATE: {"2024-01-01": "30%"}}
    assert _amount(service.entitlements_for_year(YEAR, uscc=own)) == "60000.00"

    _decide(certified, "50%")  # a later decision for the same date wins
    assert _amount(service.entitlements_for_year(YEAR, uscc=own)) == "100000.00"

    _decide(certified, "10%", effective_from="2025-01-01")  # after the year: not in force
    assert _amount(service.entitlements_for_year(YEAR, uscc=own)) == "100000.00"


@pytest.mark.django_db
def test_one_organisations_rows_are_its_share_of_the_whole_year(certified):
    _decide(certified, "30%")
    own = certified.orgs.own.uscc
    whole = service.entitlements_for_year(YEAR, include_all=True)
    mine = service.entitlements_for_year(YEAR, uscc=own, include_all=True)
    assert mine and mine == [r for r in whole if r["uscc"] == own]
    assert {r["uscc"] for r in whole} > {own}  # the others are there too
    assert service.entitlements_for_year(YEAR, uscc="91440106999999999X") == []


@pytest.mark.django_db
def test_rows_that_do_not_apply_come_only_when_asked_for(certified):
    own = certified.orgs.own.uscc
    applying = service.entitlements_for_year(YEAR, uscc=own)
    every = service.entitlements_for_year(YEAR, uscc=own, include_all=True)
    assert applying and all(r.get("applies", True) for r in applying)
    assert any(r["applies"] is False for r in every)
    assert [r["clause"] for r in applying] == [r["clause"] for r in every if r["applies"]]


@pytest.mark.django_db
def test_facts_given_directly_get_the_same_overlay_as_the_databases(certified):
    """The public calculator's path (facts sent, nothing stored) and the CLI's frame."""
    from waibao.facts.from_db import facts_for_year
    from waibao.rules import evaluate_frame
    from waibao.rules.engine import rows_from_frame

    _decide(certified, "30%")
    own = certified.orgs.own.uscc
    from_db = service.entitlements_for_year(YEAR, uscc=own)
    assert service.entitlements_for_facts(facts_for_year(YEAR, uscc=own)) == from_db
    frame = service.facts_frame_for_year(YEAR, uscc=own)
    result = evaluate_frame(frame, reform=service.bureau_overlay())
    evaluated = rows_from_frame(result, include_all=False)
    assert [(r["clause"], r["amount_cny"]) for r in evaluated] == [
        (r["clause"], r["amount_cny"]) for r in from_db
    ]


def test_the_service_imports_no_app_above_it_and_no_importlib():
    """Above facts, rules, registry and policy; below funds, portal, api and cli."""
    package = Path(service.__file__).parent
    above = ("waibao.funds", "waibao.portal", "waibao.api", "waibao.cli")
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert name != "importlib", path
                assert not name.startswith(above), (path, name)


@pytest.mark.django_db
def test_the_funds_snapshot_keeps_the_engines_chinese_and_english_explanations(certified):
    """The same rows the engine gives in each language, the explanations of one computation:
    Chinese stored as the explanation, the English beside it (docs/decisions/0036)."""
    from english_words import english_runs
    from waibao.funds.entitlements import entitlement_import_for_year
    from waibao.funds.models import FundEntitlement

    entitlement_import_for_year(year=YEAR)
    english = {
        (r["uscc"], r["clause"]): r["explanation"]
        for r in service.entitlements_for_year(YEAR, language="en")
    }
    rows = list(FundEntitlement.objects.filter(year=YEAR))
    assert rows and len(rows) == len(english)
    for row in rows:
        assert row.explanation_en == english[(row.uscc, row.clause)]
        assert row.explanation != row.explanation_en
        assert not english_runs(row.explanation), row.explanation
        assert english_runs(row.explanation_en), row.explanation_en
