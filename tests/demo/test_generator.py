"""The demo generator: deterministic, complete, and shaped like MOFCOM's national totals."""

from __future__ import annotations

import collections
import datetime as dt
from pathlib import Path

import pytest
import stdnum.cn
from stdnum.cn import uscc as stdnum_uscc

from waibao import demo
from waibao.demo import geography
from waibao.demo.generator import CNY_PER_UNIT, EU, YEARS
from waibao.demo.uscc import uscc_build, uscc_is_valid


@pytest.fixture(scope="module")
def bundles():
    return list(demo.generate())


def _contracts(bundles):
    return [c for b in bundles for c in b.contracts]


def _cny(amount_minor: int, currency: str) -> float:
    return amount_minor / 100 * CNY_PER_UNIT[currency]


def test_the_same_seed_gives_the_same_data_and_another_seed_does_not():
    first = demo.data_hash(demo.generate(seed=7, enterprises=40))
    again = demo.data_hash(demo.generate(seed=7, enterprises=40))
    other = demo.data_hash(demo.generate(seed=8, enterprises=40))
    assert first == again
    assert first != other


def test_an_organisation_does_not_depend_on_how_many_come_after_it():
    small = demo.usccs(enterprises=10)
    large = demo.usccs(enterprises=50)
    assert large[: len(small)] == small


def test_the_cheap_list_of_codes_matches_the_generated_organisations(bundles):
    assert demo.usccs() == [b.organisation.uscc for b in bundles]


def test_every_jurisdiction_has_organisations_in_every_year_2019_to_2025(bundles):
    seen = collections.defaultdict(set)
    for bundle in bundles:
        jurisdiction = geography.jurisdiction_of(bundle.organisation.region_code)
        seen[jurisdiction].update(y.year for y in bundle.years)
    assert set(seen) == set(geography.JURISDICTIONS)
    for jurisdiction, years in seen.items():
        assert years == set(YEARS), jurisdiction


def test_every_jurisdiction_has_contracts_signed_in_every_year(bundles):
    seen = collections.defaultdict(set)
    for bundle in bundles:
        jurisdiction = geography.jurisdiction_of(bundle.organisation.region_code)
        seen[jurisdiction].update(c.signed_date.year for c in bundle.contracts)
    assert all(seen[j] == set(YEARS) for j in geography.JURISDICTIONS)


def test_every_code_is_a_valid_and_unique_unified_social_credit_code(bundles):
    codes = [b.organisation.uscc for b in bundles]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert uscc_is_valid(code)
        assert stdnum_uscc.is_valid(code), code
        assert code[2:8] == next(
            b.organisation.region_code for b in bundles if b.organisation.uscc == code
        )


def test_the_check_character_is_computed_as_gb_32100_says():
    # A published example (python-stdnum's doctest): 91110000600037341L.
    assert (
        uscc_build(authority="9", entity_type="1", region_code="110000", body8="60003734")
        == "91110000600037341L"
    )


def _gbt2260_current_names() -> dict[str, str]:
    """Codes still in use, from python-stdnum's copy of the GB/T 2260 table."""
    names: dict[str, str] = {}
    province = ""
    data = Path(stdnum.cn.__file__).with_name("loc.dat").read_text(encoding="utf-8")
    for line in data.splitlines():
        if not line or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province = line.split()[0]
            continue
        code, _, rest = line.strip().partition(" ")
        latest = rest.split("=", 1)[1].strip('"').split(",")[-1]
        if "-]" in latest or "[" not in latest:  # "[1983-]名称" or an undated name
            names[province + code] = latest.split("]")[-1]
    return names


def test_every_district_and_city_is_a_current_gbt_2260_code_with_its_name():
    current = _gbt2260_current_names()
    for code, name, _level, _parent in geography.region_rows():
        if code.endswith("0000"):
            continue  # provinces are listed differently in the table
        assert current.get(code) == name, code


def test_offshore_is_52_to_61_percent_of_execution_value_every_year(bundles):
    total, offshore = collections.Counter(), collections.Counter()
    for contract in _contracts(bundles):
        for execution in contract.executions:
            value = _cny(execution.amount_minor, execution.currency)
            total[execution.execution_date.year] += value
            if contract.client_country != "CN":
                offshore[execution.execution_date.year] += value
    for year in YEARS:
        assert 0.52 <= offshore[year] / total[year] <= 0.61, year


def test_executions_are_about_seven_tenths_of_contract_value(bundles):
    contracts = _contracts(bundles)
    signed = sum(_cny(c.amount_minor, c.currency) for c in contracts)
    executed = sum(_cny(e.amount_minor, e.currency) for c in contracts for e in c.executions)
    assert 0.66 <= executed / signed <= 0.74


def test_offshore_work_is_about_40_17_43_ito_bpo_kpo(bundles):
    by_group = collections.Counter()
    for contract in _contracts(bundles):
        if contract.client_country != "CN":
            by_group[contract.category[:3]] += _cny(contract.amount_minor, contract.currency)
    total = sum(by_group.values())
    assert by_group["ITO"] / total == pytest.approx(0.40, abs=0.04)
    assert by_group["BPO"] / total == pytest.approx(0.17, abs=0.03)
    assert by_group["KPO"] / total == pytest.approx(0.43, abs=0.04)


def test_the_us_hong_kong_and_the_eu_are_about_half_of_offshore(bundles):
    big_three = offshore = 0.0
    for contract in _contracts(bundles):
        if contract.client_country == "CN":
            continue
        value = _cny(contract.amount_minor, contract.currency)
        offshore += value
        if contract.client_country in EU | {"US", "HK"}:
            big_three += value
    assert big_three / offshore == pytest.approx(0.50, abs=0.05)


def test_currencies_are_mostly_usd_and_cny_with_some_eur_jpy_hkd(bundles):
    counts = collections.Counter(c.currency for c in _contracts(bundles))
    assert set(counts) == {"USD", "CNY", "EUR", "JPY", "HKD"}
    assert (counts["USD"] + counts["CNY"]) / sum(counts.values()) > 0.8


def test_graduates_are_about_65_percent_of_staff(bundles):
    years = [y for b in bundles for y in b.years]
    share = sum(y.employees_college for y in years) / sum(y.employees for y in years)
    assert share == pytest.approx(0.65, abs=0.02)


def test_ordinary_enterprises_average_about_200_staff_with_a_heavy_tail(bundles):
    ordinary = [b for b in bundles if not b.scenario]
    years = [y.employees for b in ordinary for y in b.years]
    assert sum(years) / len(years) == pytest.approx(200, rel=0.1)
    latest = sorted((b.years[-1].employees for b in ordinary), reverse=True)
    top_tenth = latest[: len(latest) // 10]
    assert sum(top_tenth) / sum(latest) > 0.35  # a lognormal's tail, not a bell
    assert max(latest) > 10 * sorted(latest)[len(latest) // 2]


def test_every_facts_kind_appears(bundles):
    def values(attribute, collection):
        return {getattr(r, attribute) for b in bundles for r in getattr(b, collection)}

    assert {b.organisation.kind for b in bundles} == {
        "enterprise",
        "park",
        "training_institution",
        "platform",
    }
    assert values("scheme", "certifications") == {
        "CMM",
        "CMMI",
        "PCMM",
        "ISO9000",
        "ISO20000",
        "ISO27001",
        "BS7799",
        "SAS70",
    }
    assert values("event", "certifications") == {"new", "upgrade", "maintenance"}
    assert values("kind", "recognitions") == {
        "rd_center",
        "demonstration_park",
        "training_institution",
        "public_platform",
        "key_enterprise",
        "demonstration_enterprise",
        "export_brand",
    }
    assert values("level", "recognitions") == {"national", "provincial", "municipal"}
    assert values("trainee", "trainings") == {"graduate", "new_staff", "custom"}
    assert values("kind", "expenses") == {
        "platform_usage",
        "leased_line",
        "trade_fair",
        "office_rent",
        "office_purchase",
        "investment_promotion",
        "public_platform_investment",
        "venue_rent",
        "travel",
    }
    assert values("kind", "violations") == {
        "ip_infringement",
        "information_security",
        "false_statement",
        "late_reporting",
    }
    assert values("clause", "awards") >= {
        "hangzhou.12.software_export",
        "wenzhou.4.demonstration_park",
    }
    year_fields = [f for f in vars(bundles[0].years[0]) if f != "year"]
    for name in year_fields:
        assert any(getattr(y, name) for b in bundles for y in b.years), name
    assert any(b.organisation.is_headquarters for b in bundles)
    assert any(b.organisation.parent_is_multinational_or_large for b in bundles)
    assert {b.organisation.ownership for b in bundles} == {"private", "state", "foreign", "hmt"}


def _years_of(bundles, region_prefix):
    return [
        (b, y)
        for b in bundles
        if b.organisation.region_code.startswith(region_prefix)
        for y in b.years
    ]


def test_hangzhou_software_exports_sit_on_both_sides_of_usd_500000_and_5000000(bundles):
    exports = {y.software_export_usd_cents for _, y in _years_of(bundles, "3301")}
    assert {50_000_000, 49_999_999, 500_000_000, 499_999_999} <= exports


def test_registered_capital_sits_on_both_sides_of_one_yi_for_offshore_hangzhou_firms(bundles):
    capitals = {
        b.organisation.registered_capital_fen
        for b, y in _years_of(bundles, "3301")
        if y.offshore_focused
    }
    assert {10_000_000_000, 9_999_999_999} <= capitals


def test_rd_expense_growth_sits_on_both_sides_of_ten_percent(bundles):
    growths = set()
    for bundle in bundles:
        for before, after in zip(bundle.years, bundle.years[1:], strict=False):
            if before.rd_expense_fen:
                growths.add((after.rd_expense_fen * 10) >= before.rd_expense_fen * 11)
            if before.rd_expense_fen == 1_000_000_000 and after.rd_expense_fen in (
                1_100_000_000,
                1_099_999_999,
            ):
                growths.add(after.rd_expense_fen)
    assert {True, False, 1_100_000_000, 1_099_999_999} <= growths


def test_cmmi_levels_three_to_five_are_obtained_new_and_by_upgrade_with_costs(bundles):
    cmmi = [c for b in bundles for c in b.certifications if c.scheme == "CMMI"]
    assert {(c.level, c.event) for c in cmmi} >= {(3, "new"), (5, "upgrade"), (2, "new")}
    assert all(c.cost_fen and c.cost_fen > 0 for c in cmmi)


def test_demonstration_parks_with_and_without_a_public_it_platform(bundles):
    parks = [r for b in bundles for r in b.recognitions if r.kind == "demonstration_park"]
    assert {r.has_public_it_platform for r in parks} == {True, False}
    platforms = {
        r.operating_years for b in bundles for r in b.recognitions if r.kind == "public_platform"
    }
    assert {1, 2, 3} <= platforms


def test_datong_has_organisation_years_with_and_without_statistics_reported(bundles):
    assert {y.statistics_reported for _, y in _years_of(bundles, "1402")} == {True, False}


def test_violations_happen_in_guangdong_only(bundles):
    regions = {
        b.organisation.region_code[:2]
        for b in bundles
        if b.violations and any(v.kind == "ip_infringement" for v in b.violations)
    }
    assert regions == {"44"}


def test_graduate_trainings_record_how_many_were_hired(bundles):
    graduate = [t for b in bundles for t in b.trainings if t.trainee == "graduate"]
    assert any(0 < t.hired < t.people for t in graduate)


def test_no_execution_is_dated_before_its_contract_or_after_2025(bundles):
    for contract in _contracts(bundles):
        for execution in contract.executions:
            assert contract.signed_date <= execution.execution_date <= dt.date(2025, 12, 31)
            assert execution.currency == contract.currency
        assert sum(e.amount_minor for e in contract.executions) <= contract.amount_minor
