"""A small data set built with the ORM, with every converted amount computed by hand.

Rates (CNY per unit): USD 2023 7.000000, USD 2024 7.100000, EUR 2024 7.810000,
JPY 2024 0.050000, HKD 2023 0.890000, HKD 2024 0.910000.

US cents of an amount = minor units × rate / USD rate; fen = minor units × rate; each rounded
once, half up, per amount:

| id | org | kind | date | amount | client | fen | US cents |
|---|---|---|---|---|---|---|---|
| C0 | A | contract | 2023-05-05 | USD 50000.00 | US | 35000000 | 5000000 |
| E0 | A | execution of C0 | 2023-06-30 | USD 20000.00 | | 14000000 | 2000000 |
| E0b | A | execution of C0 | 2023-04-15 | USD 5000.00 | | 3500000 | 500000 |
| C1 | A | contract | 2024-01-15 | USD 100000.00 | US | 71000000 | 10000000 |
| E1 | A | execution of C1 | 2024-03-31 | USD 40000.00 | | 28400000 | 4000000 |
| E2 | A | execution of C1 | 2024-04-01 | USD 10000.00 | | 7100000 | 1000000 |
| C2 | A | contract | 2024-02-10 | EUR 10000.00 | DE | 7810000 | 1100000 |
| E3 | A | execution of C2 | 2024-02-29 | EUR 3333.33 | | 2603331 (2603330.73) | 366666 (366666.3) |
| C3 | B | contract | 2024-03-20 | CNY 71000.00 | CN | 7100000 | 1000000 |
| E4 | B | execution of C3 | 2024-06-30 | CNY 35500.50 | | 3550050 | 500007 (500007.04) |
| C4 | B | contract | 2024-12-31 | JPY 2000000.00 | JP | 10000000 | 1408451 (1408450.70) |
| E5 | B | execution of C4 | 2024-12-31 | JPY 0.30 | | 2 (1.5) | 0 (0.21) |
| E6 | B | execution of C4 | 2024-12-31 | JPY 0.30 | | 2 (1.5) | 0 (0.21) |
| E7 | B | execution of C4 | 2025-01-01 | JPY 1000.00 | | (2025: no rate) | |
| C5 | C | contract | 2023-11-11 | HKD 100000.00 | HK | 8900000 | 1271429 (1271428.57) |
| E8 | C | execution of C5 | 2024-01-31 | HKD 50000.00 | | 4550000 | 640845 (640845.07) |
| E9 | C | execution of C5 | 2023-12-31 | HKD 10000.00 | | 890000 | 127143 (127142.86) |
| C6 | D | contract | 2023-07-01 | USD 1000.00 | SG | 700000 | 100000 |

Organisations: A 440106 (天河区, park GZ-TH, private), B 440112 (黄埔区, no park, foreign),
C 140213 (平城区 of 大同, state), D 440106 (no park, no ownership given).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from .builders import (
    ensure_categories,
    ensure_rates,
    ensure_regions,
    make_contract,
    make_execution,
    make_organisation,
)


@dataclass
class StatsData:
    organisations: dict


@pytest.fixture
def stats_data(db):
    from waibao.registry.models import Park

    regions = ensure_regions()
    ensure_categories()
    ensure_rates()
    park, _ = Park.objects.get_or_create(
        park_id="GZ-TH", defaults={"name": "天河软件园", "region": regions["440106"]}
    )
    a = make_organisation("A", regions["440106"], park=park, ownership="private")
    b = make_organisation("B", regions["440112"], ownership="foreign")
    c = make_organisation("C", regions["140213"], ownership="state")
    d = make_organisation("D", regions["440106"])

    c0 = make_contract(a, "C0", "US", "ITO.01", "2023-05-05", 5_000_000, "USD")
    make_execution(c0, "E0", "2023-06-30", 2_000_000, "USD")
    make_execution(c0, "E0b", "2023-04-15", 500_000, "USD")
    c1 = make_contract(a, "C1", "US", "ITO.01", "2024-01-15", 10_000_000, "USD")
    make_execution(c1, "E1", "2024-03-31", 4_000_000, "USD")
    make_execution(c1, "E2", "2024-04-01", 1_000_000, "USD")
    c2 = make_contract(a, "C2", "DE", "ITO.01", "2024-02-10", 1_000_000, "EUR")
    make_execution(c2, "E3", "2024-02-29", 333_333, "EUR")
    c3 = make_contract(b, "C3", "CN", "BPO.01", "2024-03-20", 7_100_000, "CNY")
    make_execution(c3, "E4", "2024-06-30", 3_550_050, "CNY")
    c4 = make_contract(b, "C4", "JP", "KPO.01", "2024-12-31", 200_000_000, "JPY")
    make_execution(c4, "E5", "2024-12-31", 30, "JPY")
    make_execution(c4, "E6", "2024-12-31", 30, "JPY")
    make_execution(c4, "E7", "2025-01-01", 100_000, "JPY")
    c5 = make_contract(c, "C5", "HK", "BPO.01", "2023-11-11", 10_000_000, "HKD")
    make_execution(c5, "E8", "2024-01-31", 5_000_000, "HKD")
    make_execution(c5, "E9", "2023-12-31", 1_000_000, "HKD")
    make_contract(d, "C6", "SG", "ITO.01", "2023-07-01", 100_000, "USD")
    return StatsData(organisations={"A": a, "B": b, "C": c, "D": d})


@pytest.fixture(scope="session")
def spark():
    """One small local Spark session for the whole run (starting Spark takes seconds)."""
    pytest.importorskip("pyspark")
    from waibao.stats.spark import spark_session

    return spark_session()
