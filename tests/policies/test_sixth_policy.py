"""A sixth policy text is one folder (issue 18): the made-up Jinhua text of
``tests/fixtures/policies/jinhua/``, added at run time through ``WAIBAO_POLICY_PATH``
(``jurisdictions.extra_policy_path``), is seen by the catalogue, the rules engine and the
calculator, the funds and the development targets, without a change to the core.
docs/adding-a-policy.md walks a bureau's developer through the same folder."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from waibao import jurisdictions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "policies"
FOLDER = FIXTURES / "jinhua"
CLAUSE = "jinhua.3.certification"
USCC = "91330700MA27AAAA0F"


def _forget_the_formulas() -> None:
    """The folder's clauses.py registered its formula in the engine's table when imported:
    take it out again, so that the built-in texts' tests see only their own formulas."""
    from waibao.rules.formula import FORMULAS

    for clause_id in [c for c in FORMULAS if c.startswith("jinhua.")]:
        del FORMULAS[clause_id]
    sys.modules.pop("waibao_policy_jinhua.clauses", None)


@pytest.fixture
def sixth() -> Iterator[jurisdictions.Jurisdiction]:
    with jurisdictions.extra_policy_path(FIXTURES):
        try:
            yield jurisdictions.jurisdiction("jinhua")
        finally:
            _forget_the_formulas()


def _certified(year: int = 2026) -> dict:
    """A Jinhua firm's year with a new CMMI certification costing 100,000 yuan."""
    return {
        "uscc": USCC,
        "year": year,
        "jurisdiction": "jinhua",
        "kind": "enterprise",
        "certifications": [
            {"scheme": "CMMI", "level": 3, "event": "new", "date": f"{year}-03-01",
             "cost_cny": "100000"}
        ],
    }  # fmt: skip


# ---------------------------------------------------------------- the catalogue


def test_the_folder_is_a_jurisdiction_only_while_its_directory_is_searched(sixth):
    assert jurisdictions.slugs()[-1] == "jinhua"
    assert (sixth.level, sixth.region, sixth.name("zh-hans"), sixth.name("en")) == (
        "city", "3307", "金华市", "Jinhua",
    )  # fmt: skip
    assert jurisdictions.of_region("330702", "city") == sixth
    assert sixth.file("targets.yaml") == FOLDER / "targets.yaml"
    assert sixth.file("plan.yaml") is None  # the text decides no work plan


def test_without_the_path_the_five_texts_are_all_there_is():
    assert "jinhua" not in jurisdictions.slugs()
    assert len(jurisdictions.slugs()) == 5


# ---------------------------------------------------------------- the rules engine


def test_the_registry_reads_its_clauses_titles_and_cited_parameter(sixth):
    from waibao.rules import clause, parameters

    found = clause(CLAUSE)
    assert found.jurisdiction == "jinhua" and found.applies_to == ("jinhua",)
    assert found.title("zh-hans") == "国际认证奖励 · 金华服务外包意见 三"
    assert found.source_phrase in (FOLDER / "text.txt").read_text(encoding="utf-8")
    assert "jinhua.3.certification.rate" in parameters()


def test_the_engine_pays_half_the_certification_cost_to_a_jinhua_firm(sixth):
    """The engine over a facts frame built directly (no FACTS.md validation involved)."""
    from waibao.facts.frame import to_frame
    from waibao.rules import evaluate_frame
    from waibao.rules.engine import rows_from_frame

    record = _certified()
    record["certifications"] = [
        {**record["certifications"][0], "date": dt.date(2026, 3, 1), "cost_cny": 10_000_000}
    ]
    rows = rows_from_frame(evaluate_frame(to_frame([record]), include_all=True), include_all=True)
    assert [row["clause"] for row in rows] == [CLAUSE]  # only the sixth text's clauses
    assert rows[0]["applies"] and rows[0]["amount_cny"] == "50000.00"


def test_a_jinhua_record_is_a_valid_facts_record_and_gets_its_entitlement(sixth):
    """Through the public API of the rules engine: the FACTS.md validator accepts the new
    jurisdiction because it asks the catalogue (facts/schema.py)."""
    from waibao.rules import entitlements

    [row] = entitlements([_certified()])
    assert (row["clause"], row["amount_cny"]) == (CLAUSE, "50000.00")
    [before] = entitlements([_certified(2025)], include_all=True)
    assert not before["applies"] and "2025" in before["reason"]  # the text starts in 2026


@pytest.mark.django_db
def test_the_public_calculator_api_shows_the_sixth_texts_clause(sixth, client):
    from django.core.cache import cache

    cache.clear()
    response = client.post(
        "/api/calculator", {"records": [_certified()]}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    [result] = response.json()["results"]
    assert result["jurisdiction"] == "jinhua"
    rows = {row["clause"]: row for row in result["rows"]}
    assert rows[CLAUSE]["amount_cny"] == "50000.00"


@pytest.mark.django_db
def test_the_public_calculator_page_offers_a_text_added_to_a_running_server(client):
    """The page's jurisdiction list is read when the form is made, not when the server
    started: a folder added while the server runs is offered at once, by its Chinese name."""
    assert client.get("/calculator/try/").status_code == 200  # the page's module is loaded
    assert 'value="jinhua"' not in client.get("/calculator/try/").content.decode()
    with jurisdictions.extra_policy_path(FIXTURES):
        try:
            page = client.get("/calculator/try/").content.decode()
        finally:
            _forget_the_formulas()
    assert 'value="jinhua"' in page
    assert "金华市" in page


# ---------------------------------------------------------------- funds


@pytest.mark.django_db
def test_funds_preload_creates_the_sixth_texts_fund_and_its_budget_line(sixth):
    from waibao.funds.models import BudgetLine, Fund, LedgerEntry
    from waibao.funds.services import funds_preload

    funds = funds_preload(years=[2026])
    assert [fund.code for fund in funds][-1] == "jinhua-so-fund"
    fund = Fund.objects.get(code="jinhua-so-fund")
    assert (fund.jurisdiction, fund.city_code, fund.clause) == (
        "jinhua", "330700", "jinhua.2.special_fund",
    )  # fmt: skip
    [line] = BudgetLine.objects.filter(fund=fund, year=2026)
    assert (line.source, line.planned_fen) == ("city", 1_000_000_000)  # 10,000,000 yuan
    [entry] = LedgerEntry.objects.filter(line=line)
    assert (entry.kind, entry.amount_fen) == ("appropriation", 1_000_000_000)
    assert not BudgetLine.objects.filter(fund=fund, year=2025).exists()  # before first_year


# ---------------------------------------------------------------- targets


def test_the_targets_of_the_sixth_text_are_read_with_its_region_and_reading(sixth):
    from waibao.stats.targets import load_targets, target_jurisdictions

    assert target_jurisdictions()[-1] == "jinhua"
    executed, enterprises = load_targets(jurisdiction="jinhua")
    assert (executed.area, executed.multiple, executed.reading) == ("3307", 3, "strict")
    assert executed.document == "金华市关于促进服务外包产业发展的若干意见"
    assert enterprises.target_value == 100
    [loose] = [t for t in load_targets(jinhua_reading="loose") if t.id == executed.id]
    assert loose.multiple == 2


@pytest.mark.django_db
def test_waibao_stats_targets_lists_them_and_takes_a_jinhua_reading_flag(sixth, capsys):
    from waibao.cli import main

    with pytest.raises(SystemExit):
        main(["stats", "targets", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--jinhua-reading {strict,loose}" in help_text and "--guangdong-reading" in help_text
    assert "datong or jinhua" in help_text  # --jurisdiction's help, from the folders
    assert main(
        ["stats", "targets", "--jurisdiction", "jinhua", "--jinhua-reading", "loose",
         "--format", "json"]
    ) == 0  # fmt: skip
    items = json.loads(capsys.readouterr().out)
    assert [item["id"] for item in items] == [
        "jinhua.1.targets.executed",
        "jinhua.1.targets.enterprises",
    ]
    assert items[0]["reading"] == "loose"
    assert items[0]["target_value"] == "200000000.00"  # the entered 2025 base × 2


# ---------------------------------------------------------------- the core is untouched


def test_the_sixth_text_leaves_the_five_built_in_texts_as_they_were(sixth):
    from waibao.funds.budgets import fund_specs
    from waibao.stats.targets import target_jurisdictions

    assert [spec.jurisdiction for spec in fund_specs()] == [
        "guangzhou", "guangdong", "hangzhou", "wenzhou", "datong", "jinhua",
    ]  # fmt: skip
    assert target_jurisdictions() == ("guangzhou", "guangdong", "hangzhou", "datong", "jinhua")
