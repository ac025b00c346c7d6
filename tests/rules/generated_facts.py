"""Generated FACTS.md records (seeded): every jurisdiction and year, every list field, amounts
as strings (and as JSON integers on request), unknown facts, and the example files of
``docs/examples/``, so that every entitlement clause fires somewhere and most are refused
somewhere else."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
JURISDICTIONS = ("guangzhou", "guangdong", "hangzhou", "wenzhou", "datong")
SCHEMES = ("CMM", "CMMI", "PCMM", "ISO9000", "ISO20000", "ISO27001", "BS7799", "SAS70")
RECOGNITIONS = (
    "rd_center",
    "demonstration_park",
    "training_institution",
    "public_platform",
    "key_enterprise",
    "demonstration_enterprise",
    "export_brand",
)
LEVELS = ("national", "provincial", "municipal")
EXPENSES = (
    "platform_usage",
    "leased_line",
    "trade_fair",
    "office_rent",
    "office_purchase",
    "investment_promotion",
    "public_platform_investment",
    "venue_rent",
    "travel",
)


def _amount(rng: random.Random, high: int, integers: bool = False) -> str | int:
    fen = rng.randrange(0, high * 100)
    if integers and rng.random() < 0.1:
        return fen // 100  # a JSON integer literal: exact yuan (read record by record)
    return f"{fen // 100}.{fen % 100:02d}" if rng.random() < 0.7 else str(fen // 100)


def _date(rng: random.Random, year: int) -> str:
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _record(rng: random.Random, number: int, integers: bool) -> dict[str, Any]:
    year = rng.randint(2006, 2025)
    record: dict[str, Any] = {
        "uscc": f"91{number:016d}",
        "year": year,
        "jurisdiction": rng.choice(JURISDICTIONS),
        "kind": rng.choice(("enterprise", "enterprise", "park", "training_institution")),
    }
    maybe = lambda: rng.random() < 0.85  # noqa: E731  (else the fact stays unknown)
    if maybe():
        record["name"] = rng.choice(("示例企业", 'Quote "Ltd", Co.', "back\\slash", "新\n行"))
    if maybe():
        record["region_code"] = rng.choice(("330108", "440106", "140213", "330302"))
    for name, high in (
        ("registered_capital_cny", 300_000_000),
        ("tax_paid_cny", 5_000_000),
        ("revenue_cny", 200_000_000),
        ("software_export_usd", 8_000_000),
        ("rd_expense_cny", 5_000_000),
        ("rd_expense_prev_cny", 5_000_000),
        ("tech_service_income_cny", 10_000_000),
    ):
        if maybe():
            record[name] = _amount(rng, high, integers)
    if "revenue_cny" in record and maybe():
        revenue = int(str(record["revenue_cny"]).split(".")[0])
        record["so_revenue_cny"] = str(revenue * rng.randint(3, 10) // 10)
        record["offshore_so_revenue_cny"] = str(revenue * rng.randint(1, 5) // 10)
    if maybe():
        record["employees"] = rng.randint(1, 3000)
        record["employees_college"] = record["employees"] * rng.randint(3, 10) // 10
    for name, high in (  # the facts issue 19 added
        ("central_training_funds_cny", 500_000),
        ("higher_level_grants_cny", 2_000_000),
        ("expert_fees_cny", 300_000),
        ("guaranteed_loans_cny", 5_000_000),
        ("loan_interest_cny", 400_000),
    ):
        if rng.random() < 0.5:
            record[name] = _amount(rng, high, integers)
    for name in ("ip_registrations", "talents_introduced"):
        if rng.random() < 0.5:
            record[name] = rng.randint(0, 5)
    if rng.random() < 0.5:
        record["office_lease_started"] = _date(rng, year - rng.randint(0, 3))
    if rng.random() < 0.5:
        record["high_tech_enterprise"] = rng.random() < 0.5
    for name in (
        "is_headquarters",
        "offshore_focused",
        "statistics_reported",
        "foreign_invested",
        "parent_multinational_or_large",
        "in_demonstration_park",
    ):
        if maybe():
            record[name] = rng.random() < 0.5
    if maybe():
        record["founded"] = _date(rng, year - rng.randint(0, 4))
    if maybe():
        record["certifications"] = [
            {
                "scheme": rng.choice(SCHEMES),
                "level": rng.choice((None, 2, 3, 4, 5)),
                "event": rng.choice(("new", "upgrade", "maintenance")),
                "date": _date(rng, year),
                "cost_cny": _amount(rng, 2_000_000),
            }
            for _ in range(rng.randint(0, 2))
        ]
    if maybe():
        record["recognitions"] = [
            {
                "kind": rng.choice(RECOGNITIONS),
                "level": rng.choice(LEVELS),
                "date": _date(rng, year - rng.randint(0, 3)),
                "operating_years": rng.randint(0, 5),
                "has_public_it_platform": rng.random() < 0.5,
            }
            for _ in range(rng.randint(0, 2))
        ]
    if maybe():
        trainings = []
        for _ in range(rng.randint(0, 2)):
            people = rng.randint(1, 200)
            trainings.append(
                {
                    "trainee": rng.choice(("graduate", "new_staff", "custom")),
                    "people": people,
                    "cost_cny": _amount(rng, 500_000),
                    "hired": rng.randint(0, people),
                }
            )
        record["trainings"] = trainings
    if maybe():
        record["expenses"] = [
            {
                "kind": rng.choice(EXPENSES),
                "amount_cny": _amount(rng, 3_000_000),
                "area_sqm": rng.randint(10, 3000),
            }
            for _ in range(rng.randint(0, 3))
        ]
    if maybe():
        record["awards_received"] = [
            {
                "clause": "hangzhou.13.certification",
                "year": year - rng.randint(1, 2),
                "amount_cny": "500000.00",
            }
            for _ in range(rng.randint(0, 1))
        ]
    if maybe():
        record["violations"] = [
            {
                "kind": rng.choice(("ip_infringement", "late_reporting")),
                "date": _date(rng, year - 1),
            }
            for _ in range(rng.randint(0, 1))
        ]
    return record


def generated_records(
    count: int, seed: int = 20, *, integers: bool = False
) -> list[dict[str, Any]]:
    """``count`` random records, then every record of the example files; ``integers``: some
    amounts written as JSON integers."""
    rng = random.Random(seed)
    records = [_record(rng, number, integers) for number in range(count)]
    for example in sorted(EXAMPLES.glob("*.jsonl")):
        for line in example.read_text(encoding="utf-8").splitlines():
            records.append(json.loads(line))
    return records


def write_jsonl(records: list[dict[str, Any]], path: Path) -> Path:
    path.write_text(
        "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records),
        encoding="utf-8",
    )
    return path
