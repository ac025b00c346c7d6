"""Development targets: citations, comparisons (以上/达到 inclusive, 超过 strict), the
Guangdong 增长4倍 reading, growth achieved against growth needed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from waibao import jurisdictions
from waibao.stats.targets import (
    TARGETS_FILE_NAME,
    TargetError,
    growth_at_least,
    load_targets,
    meets,
    minimum_needed,
    target_jurisdictions,
    target_progress,
)

from .builders import (
    ensure_categories,
    ensure_rates,
    ensure_regions,
    make_contract,
    make_execution,
    make_organisation,
)

SEEDS = Path("/work/shared/seeds")
SEED_FILES = {
    "guangzhou": "000_11f867619a56dbe1.txt",
    "guangdong": "001_86fe99dad1905b53.txt",
    "hangzhou": "002_2a2c5a6eceb07b69.clean.txt",
    "datong": "004_8fc9245e4c94aa29.txt",
}
SPEC = Path("/work/shared/spec/clauses.yaml")


@pytest.mark.skipif(not SEEDS.exists(), reason="the seed texts are not on this machine")
def test_every_targets_source_phrase_is_verbatim_in_its_seed_text():
    for target in load_targets():
        text = (SEEDS / SEED_FILES[target.jurisdiction]).read_text(encoding="utf-8")
        assert target.source_phrase in text, target.id


@pytest.mark.skipif(not SPEC.exists(), reason="the clause list is not on this machine")
def test_every_target_clause_of_clauses_yaml_is_split_into_numeric_targets():
    clauses = yaml.safe_load(SPEC.read_text(encoding="utf-8"))["clauses"]
    wanted = {c["id"] for c in clauses if c["kind"] == "target"}
    counts: dict[str, int] = {}
    for target in load_targets():
        counts[target.clause] = counts.get(target.clause, 0) + 1
    assert set(counts) == wanted
    # Guangzhou: clusters, multinationals, certified, 2 x revenue, 2 x staff, talent, exports.
    assert counts == {
        "guangzhou.2.targets": 7,
        "guangdong.1.targets": 8,
        "hangzhou.2.targets": 1,
        "datong.targets": 3,
    }


def test_every_target_names_its_year_comparison_and_a_value_or_a_way_to_get_one():
    for target in load_targets():
        assert target.comparison in (">=", ">")
        assert target.target_value is not None or target.multiple is not None, target.id
        assert target.ref and target.document


def test_more_than_200_enterprises_needs_201_and_reaching_1e9_includes_it():
    assert not meets(200, 200, ">")
    assert meets(201, 200, ">")
    assert minimum_needed(200, ">", "count") == 201
    assert meets(100_000_000_000, 100_000_000_000, ">=")  # USD 1e9 in cents, 达到
    assert not meets(99_999_999_999, 100_000_000_000, ">=")
    assert minimum_needed(100_000_000_000, ">=", "usd") == 100_000_000_000


def test_growth_is_compared_exactly_even_when_the_rates_are_equal():
    # 100 -> 121 in 2 years is 10% a year; 121 -> 133.1 in 1 year is 10%: exactly on track.
    assert growth_at_least((1000, 1210, 2), (1210, 1331, 1)) is True
    assert growth_at_least((1000, 1210, 2), (1210, 1332, 1)) is False


def test_the_guangdong_reading_is_strict_x5_by_default_and_loose_x4_on_request():
    (strict,) = [t for t in load_targets() if t.id == "guangdong.1.targets.offshore_executed"]
    (loose,) = [
        t
        for t in load_targets(guangdong_reading="loose")
        if t.id == "guangdong.1.targets.offshore_executed"
    ]
    assert (strict.multiple, strict.reading) == (5, "strict")
    assert (loose.multiple, loose.reading) == (4, "loose")
    assert strict.base_entered == 160_000_000_000  # USD 1.6e9 implied by 80亿 / 5


def test_an_unknown_jurisdiction_is_refused():
    with pytest.raises(TargetError, match="wenzhou"):
        load_targets(jurisdiction="wenzhou")


def _source():
    from django.db import connection

    from waibao.stats.sources import operational_source

    return operational_source("postgres" if connection.vendor == "postgresql" else "sqlite")


@pytest.fixture
def guangdong_offshore(db):
    """Example 9 of POLICY-READING.md: offshore execution USD 1.6e9 in 2010, 7.0e9 in 2015."""
    regions = ensure_regions()
    ensure_categories()
    ensure_rates({("USD", 2010): "6.770000", ("USD", 2015): "6.230000"})
    org = make_organisation("GD", regions["440106"])
    contract = make_contract(org, "GD1", "US", "ITO.01", "2010-01-05", 100, "USD")
    make_execution(contract, "X2010", "2010-06-30", 160_000_000_000, "USD")
    make_execution(contract, "X2015", "2015-06-30", 700_000_000_000, "USD")


def _offshore(reading):
    targets = [
        t
        for t in load_targets(jurisdiction="guangdong", guangdong_reading=reading)
        if t.id == "guangdong.1.targets.offshore_executed"
    ]
    (item,) = target_progress(targets, source=_source(), as_of=2015)
    return item


def test_guangdong_offshore_4_375_times_2010_fails_the_strict_reading(guangdong_offshore):
    item = _offshore("strict")
    assert item["base_value"] == "1600000000.00" and item["base_basis"] == "computed"
    assert item["target_value"] == "8000000000.00"  # base x 5
    assert item["actual_value"] == "7000000000.00"
    assert item["met"] is False and item["on_track"] is False
    assert item["progress"] == "0.8750"
    # (7.0 / 1.6) ** (1/5) - 1 = 0.34337...
    assert item["growth_achieved"] == "0.3434"


def test_guangdong_offshore_4_375_times_2010_meets_the_loose_reading(guangdong_offshore):
    item = _offshore("loose")
    assert item["target_value"] == "6400000000.00"  # base x 4
    assert item["met"] is True and item["on_track"] is True


@pytest.fixture
def datong(db):
    regions = ensure_regions()
    ensure_categories()
    ensure_rates(
        {
            ("USD", 2023): "7.000000",
            ("USD", 2025): "7.100000",
            ("USD", 2026): "7.100000",
        }
    )
    orgs = [make_organisation(f"DT{i}", regions["140213"]) for i in range(3)]
    c = make_contract(orgs[0], "DT-C", "US", "ITO.01", "2023-01-10", 100, "USD")
    make_execution(c, "DT-2023", "2023-12-31", 10_000_000_000, "USD")  # USD 1e8
    make_execution(c, "DT-2025", "2025-12-31", 40_000_000_000, "USD")  # USD 4e8
    return orgs


def _datong(as_of):
    return {
        item["id"]: item
        for item in target_progress(
            load_targets(jurisdiction="datong"), source=_source(), as_of=as_of
        )
    }


def test_datong_at_usd_4e8_in_2025_is_behind_the_growth_it_needs(datong):
    item = _datong(2025)["datong.targets.executed"]
    assert item["actual_value"] == "400000000.00"
    assert item["base_value"] == "100000000.00"
    assert item["growth_needed"] == "1.5000"  # 1e9 / 4e8 - 1 in the one year left
    assert item["growth_achieved"] == "1.0000"  # (4e8 / 1e8) ** (1/2) - 1
    assert item["met"] is False and item["on_track"] is False
    enterprises = _datong(2025)["datong.targets.enterprises"]
    assert enterprises["minimum_needed"] == 201
    assert enterprises["actual_value"] == 1


def test_datong_executing_exactly_usd_1e9_in_2026_meets_达到(datong):
    c = make_contract(datong[1], "DT-D", "CN", "ITO.01", "2026-01-10", 100, "USD")
    make_execution(c, "DT-2026", "2026-12-31", 100_000_000_000, "USD")
    item = _datong(2026)["datong.targets.executed"]
    assert item["actual_value"] == "1000000000.00"
    assert item["met"] is True and item["on_track"] is True
    offshore = _datong(2026)["datong.targets.offshore_executed"]
    assert offshore["actual_value"] == "0.00" and offshore["met"] is False  # client is CN


def test_the_cli_lists_datongs_three_targets_as_json(datong, capsys):
    from waibao.cli import main

    assert main(["stats", "targets", "--jurisdiction", "datong", "--format", "json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [i["id"] for i in items] == [
        "datong.targets.executed",
        "datong.targets.offshore_executed",
        "datong.targets.enterprises",
    ]
    assert items[0]["actual_year"] == 2025


def test_the_cli_refuses_an_unknown_jurisdiction(db, capsys):
    from waibao.cli import main

    assert main(["stats", "targets", "--jurisdiction", "atlantis"]) == 1
    assert "choose from guangzhou" in capsys.readouterr().err


def test_the_targets_files_are_the_packaged_policy_folders_ones():
    # issue 18: each text's targets.yaml is in its folder under waibao/policies/
    assert target_jurisdictions() == ("guangzhou", "guangdong", "hangzhou", "datong")
    for slug in target_jurisdictions():
        path = jurisdictions.jurisdiction(slug).file(TARGETS_FILE_NAME)
        assert path is not None and path.parent.parent == jurisdictions.BUILT_IN
