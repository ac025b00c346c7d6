"""Key-enterprise monitoring: top N per city, fall alerts at the threshold's both sides,
silence by calendar month across month boundaries (Jan 31, Feb 29, Mar 1, Mar 31)."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from .builders import (
    ensure_categories,
    ensure_rates,
    ensure_regions,
    make_contract,
    make_execution,
    make_organisation,
)


@pytest.fixture
def monitored(db):
    """Guangzhou 天河 (440106), all in USD (rate 7.1 in 2024, 7.0 in 2023):

    M1: 2024-01-31 USD 100, 2024-03-01 USD 100; 2023-02-15 USD 1000 -> Jan-Mar fell 80%.
    M2: 2024-02-29 USD 500; 2023-02-01 USD 500 -> no fall; silent in January and March.
    M3: signed 2024-03-31, executed 2024-01-01 USD 50; nothing in 2023.
    M4: 2024-02-10 USD 700; 2023-01-10 USD 1000 -> fell exactly 30%.
    """
    regions = ensure_regions()
    ensure_categories()
    ensure_rates()
    tianhe = regions["440106"]
    m1, m2, m3, m4 = (make_organisation(f"M{i}", tianhe) for i in range(1, 5))
    c1 = make_contract(m1, "K1", "US", "ITO.01", "2022-12-01", 100, "USD")
    make_execution(c1, "a", "2024-01-31", 10_000, "USD")
    make_execution(c1, "b", "2024-03-01", 10_000, "USD")
    make_execution(c1, "c", "2023-02-15", 100_000, "USD")
    c2 = make_contract(m2, "K2", "US", "ITO.01", "2022-12-01", 100, "USD")
    make_execution(c2, "a", "2024-02-29", 50_000, "USD")
    make_execution(c2, "b", "2023-02-01", 50_000, "USD")
    c3 = make_contract(m3, "K3", "US", "ITO.01", "2024-03-31", 100, "USD")
    make_execution(c3, "a", "2024-01-01", 5_000, "USD")
    c4 = make_contract(m4, "K4", "US", "ITO.01", "2022-12-01", 100, "USD")
    make_execution(c4, "a", "2024-02-10", 70_000, "USD")
    make_execution(c4, "b", "2023-01-10", 100_000, "USD")
    return {"M1": m1.uscc, "M2": m2.uscc, "M3": m3.uscc, "M4": m4.uscc}


def _run(**kwargs):
    from django.db import connection

    from waibao.stats.monitor import monitor_run
    from waibao.stats.sources import operational_source

    source = operational_source("postgres" if connection.vendor == "postgresql" else "sqlite")
    return monitor_run(source, year=2024, **kwargs)


def _by_uscc(result):
    return {item["uscc"]: item for city in result["cities"] for item in city["enterprises"]}


def test_the_top_enterprises_of_a_city_are_ranked_by_usd_executed(monitored):
    result = _run(month=3, top=3)
    (city,) = result["cities"]
    assert city["city"] == "440100"
    ranked = [(item["rank"], item["uscc"], item["executed_usd"]) for item in city["enterprises"]]
    assert ranked == [
        (1, monitored["M4"], "700.00"),
        (2, monitored["M2"], "500.00"),
        (3, monitored["M1"], "200.00"),
    ]  # M3 (USD 50) is fourth and left out


def test_a_fall_beyond_the_threshold_alerts_and_exactly_at_it_does_not(monitored):
    items = _by_uscc(_run(month=3, top=4, fall_threshold=Fraction(30, 100)))
    assert "fall" in items[monitored["M1"]]["alerts"]  # 200 against 1000: -80%
    assert items[monitored["M1"]]["executed_usd_yoy"] == "-0.8000"
    assert "fall" not in items[monitored["M4"]]["alerts"]  # 700 against 1000: exactly -30%
    assert "fall" not in items[monitored["M2"]]["alerts"]  # unchanged
    assert "fall" not in items[monitored["M3"]]["alerts"]  # nothing the year before
    stricter = _by_uscc(_run(month=3, top=4, fall_threshold=Fraction(29, 100)))
    assert "fall" in stricter[monitored["M4"]]["alerts"]


def test_an_execution_on_march_1_makes_march_not_silent_and_one_on_january_31_does_not(
    monitored,
):
    items = _by_uscc(_run(month=3, top=4))
    assert items[monitored["M1"]]["silent_months"] == [2]  # Jan 31 and Mar 1 count
    assert "silent" not in items[monitored["M1"]]["alerts"]
    february = _by_uscc(_run(month=2, top=4))
    assert "silent" in february[monitored["M1"]]["alerts"]  # nothing Feb 1..Feb 29


def test_february_29_counts_for_february_and_a_contract_signed_march_31_for_march(monitored):
    items = _by_uscc(_run(month=3, top=4))
    assert items[monitored["M2"]]["silent_months"] == [1, 3]
    assert "silent" in items[monitored["M2"]]["alerts"]
    assert items[monitored["M3"]]["silent_months"] == [2]  # Jan 1 execution, Mar 31 contract
    assert "silent" not in items[monitored["M3"]]["alerts"]


def test_the_cli_prints_the_monitoring_with_its_alerts(monitored, capsys):
    from waibao.cli import main

    args = ["stats", "monitor", "--year", "2024", "--month", "3", "--top", "2"]
    assert main(args) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["fall_threshold"] == "0.3000"
    # Top 2 are M4 (only February) and M2 (only February 29): both silent in March.
    assert {(a["uscc"], a["alert"]) for a in result["alerts"]} == {
        (monitored["M4"], "silent"),
        (monitored["M2"], "silent"),
    }
    assert main([*args, "--fall-threshold", "lots"]) == 1
