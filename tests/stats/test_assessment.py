"""District assessment against the targets a bureau sets in a CSV: scores, ranks, ties."""

from __future__ import annotations

import json

import pytest

from waibao.stats.assessment import AssessmentError, read_district_targets

from .builders import (
    ensure_categories,
    ensure_rates,
    ensure_regions,
    make_contract,
    make_execution,
    make_organisation,
)


@pytest.fixture
def districts(db):
    """Datong 2024 (USD rate 7.1): 平城 140213 executes USD 800, 云冈 140214 USD 400,
    新荣 140215 USD 200, each by one enterprise."""
    regions = ensure_regions()
    ensure_categories()
    ensure_rates()
    for code, cents in (("140213", 80_000), ("140214", 40_000), ("140215", 20_000)):
        org = make_organisation(f"D{code[-3:]}", regions[code])
        contract = make_contract(org, f"K{code}", "US", "ITO.01", "2024-01-02", 100, "USD")
        make_execution(contract, "x", "2024-05-05", cents, "USD")


def _write(tmp_path, text):
    path = tmp_path / "targets.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _score(tmp_path, text):
    from django.db import connection

    from waibao.stats.assessment import district_scores
    from waibao.stats.sources import operational_source

    source = operational_source("postgres" if connection.vendor == "postgresql" else "sqlite")
    return district_scores(source, year=2024, targets=read_district_targets(_write(tmp_path, text)))


def test_districts_are_ranked_by_completion_and_equal_scores_share_a_rank(districts, tmp_path):
    rows = _score(
        tmp_path,
        "region_code,indicator,target\n"
        "140213,executed_usd,1000.00\n"  # 800 / 1000 = 0.8
        "140214,executed_usd,500.00\n"  # 400 / 500 = 0.8: tied with 平城
        "140215,executed_usd,200.00\n",  # 200 / 200 = 1.0
    )
    assert [(r["rank"], r["region_code"], r["score"]) for r in rows] == [
        (1, "140215", "1.0000"),
        (2, "140213", "0.8000"),
        (2, "140214", "0.8000"),
    ]
    assert rows[0]["indicators"][0]["met"] is True  # exactly the target meets it
    assert rows[1]["indicators"][0]["actual"] == "800.00"


def test_weights_make_the_score_a_weighted_mean_of_completions(districts, tmp_path):
    rows = _score(
        tmp_path,
        "region_code,indicator,target,weight\n"
        "140213,executed_usd,1600.00,3\n"  # 0.5 x 3
        "140213,enterprises_reporting,1,1\n",  # 1.0 x 1 -> (1.5 + 1) / 4 = 0.625
    )
    assert rows[0]["score"] == "0.6250"


def test_a_district_without_activity_scores_zero(districts, tmp_path):
    rows = _score(tmp_path, "region_code,indicator,target\n140211,contracts_signed,5\n")
    assert rows[0]["score"] == "0.0000" and rows[0]["indicators"][0]["actual"] == 0


def test_bad_rows_are_reported_with_file_row_and_column(tmp_path):
    path = _write(
        tmp_path,
        "region_code,indicator,target\n14021,executed_usd,1.00\n140213,colour,1\n"
        "140213,executed_usd,1.005\n",
    )
    with pytest.raises(AssessmentError) as error:
        read_district_targets(path)
    message = str(error.value)
    assert f"{path}:2:region_code:" in message
    assert f"{path}:3:indicator: 'colour'" in message
    assert f"{path}:4:target: '1.005'" in message


def test_the_cli_assesses_districts_from_the_bureaus_csv(districts, tmp_path, capsys):
    from waibao.cli import main

    path = _write(tmp_path, "region_code,indicator,target\n140213,executed_usd,400.00\n")
    assert main(["stats", "assess", "--year", "2024", "--targets", str(path)]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["rank"], row["score"]) == (1, "2.0000")
