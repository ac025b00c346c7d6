"""Hand-made organisations that make the clauses of ``clauses.yaml`` fire, both sides of
their thresholds. Each one's ``scenario`` says which clause edge it exercises. They exist at
every data-set size, so every jurisdiction and every FACTS.md fact kind is always present.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from waibao.demo import geography
from waibao.demo.generator import YEARS, ContractMaker, OffshoreSteering, year_figures
from waibao.demo.records import (
    AwardRecord,
    Bundle,
    CertificationRecord,
    ExpenseRecord,
    OrganisationRecord,
    RecognitionRecord,
    TrainingRecord,
    ViolationRecord,
    YearRecord,
)
from waibao.demo.uscc import uscc_build

D = dt.date
WAN = 10_000 * 100  # 1万元 in fen
USD = 100  # one US dollar in cents
DEFAULT_FOUNDED = dt.date(2012, 5, 18)


@dataclass
class Scenario:
    scenario: str
    name: str
    region: str
    kind: str = "enterprise"
    staff: int = 300
    tendency: float = 0.6
    park_id: str | None = None
    ownership: str = "private"
    capital_fen: int = 1_000 * WAN
    founded: dt.date = DEFAULT_FOUNDED
    is_headquarters: bool = False
    parent_large: bool = False
    year_overrides: dict[int, dict[str, Any]] = field(default_factory=dict)
    certifications: list[CertificationRecord] = field(default_factory=list)
    recognitions: list[RecognitionRecord] = field(default_factory=list)
    trainings: list[TrainingRecord] = field(default_factory=list)
    expenses: list[ExpenseRecord] = field(default_factory=list)
    awards: list[AwardRecord] = field(default_factory=list)
    violations: list[ViolationRecord] = field(default_factory=list)


def _cert(scheme: str, level: int | None, event: str, date: dt.date, cost_yuan: int) -> Any:
    return CertificationRecord(scheme, level, event, date, cost_yuan * 100)


SCENARIOS: tuple[Scenario, ...] = (
    # ---- Guangzhou (guangzhou.* and, by layering, guangdong.*) ----
    Scenario(
        "demo enterprise login: CMMI 3 then 5, ISO27001, trade fairs, new-staff training",
        "广州天河云联信息技术有限公司",
        "440106",
        park_id="GZ-TH-01",
        staff=420,
        certifications=[
            _cert("CMMI", 3, "new", D(2020, 6, 30), 400_000),
            _cert("CMMI", 5, "upgrade", D(2023, 9, 15), 1_200_000),
            _cert("ISO27001", None, "new", D(2021, 3, 1), 150_000),
        ],
        expenses=[
            ExpenseRecord(2022, "trade_fair", 180_000 * 100),
            ExpenseRecord(2024, "trade_fair", 260_000 * 100),
        ],
        trainings=[TrainingRecord(2021, "new_staff", 40, 160_000 * 100, 40)],
        # guangdong.13: central training funds received for that training (issue 19)
        year_overrides={2021: {"central_training_funds_fen": 80_000 * 100}},
    ),
    Scenario(
        "guangzhou.6.headquarters: foreign-invested regional headquarters",
        "埃森迪亚(广州)信息服务有限公司",
        "440112",
        park_id="GZ-HP-01",
        staff=1_500,
        ownership="foreign",
        is_headquarters=True,
        capital_fen=20_000 * WAN,
        tendency=0.85,
    ),
    Scenario(
        "guangzhou.5.premises: founded 2024, rents then buys offices",
        "广州南沙启明数据服务有限公司",
        "440115",
        park_id="GZ-NS-01",
        staff=35,
        founded=D(2024, 3, 1),
        expenses=[
            ExpenseRecord(2024, "office_rent", 360_000 * 100, 800),
            ExpenseRecord(2025, "office_purchase", 9_000_000 * 100, 1_500),
        ],
    ),
    Scenario(
        "guangdong.19.disqualification: IP infringement in 2022, restored 2024; a false "
        "statement in 2025",
        "广州越秀博远软件有限公司",
        "440104",
        staff=180,
        violations=[
            ViolationRecord("ip_infringement", D(2022, 6, 15), D(2024, 1, 10)),
            ViolationRecord("false_statement", D(2025, 4, 2)),
        ],
        certifications=[_cert("CMMI", 3, "new", D(2022, 11, 20), 350_000)],
    ),
    Scenario(
        "guangdong.19.disqualification: information-security violation, never restored",
        "广州海珠数海科技有限公司",
        "440105",
        staff=90,
        violations=[ViolationRecord("information_security", D(2024, 9, 1))],
        expenses=[ExpenseRecord(2024, "trade_fair", 50_000 * 100)],
    ),
    Scenario(
        "guangzhou.9 / guangdong.5: park operator, provincial and municipal demonstration park",
        "广州天河软件园建设发展有限公司",
        "440106",
        kind="park",
        park_id="GZ-TH-01",
        staff=60,
        recognitions=[
            RecognitionRecord(
                "demonstration_park", "provincial", D(2019, 12, 1), has_public_it_platform=True
            ),
            RecognitionRecord(
                "demonstration_park", "municipal", D(2019, 5, 1), has_public_it_platform=True
            ),
        ],
    ),
    Scenario(
        "guangzhou.5.training: training institution with graduate and custom trainings",
        "广州南方服务外包人才培训学校",
        "440111",
        kind="training_institution",
        staff=40,
        trainings=[
            TrainingRecord(2022, "graduate", 120, 720_000 * 100, 85),
            TrainingRecord(2023, "custom", 30, 240_000 * 100, 28),
        ],
        recognitions=[RecognitionRecord("training_institution", "municipal", D(2021, 4, 1))],
    ),
    Scenario(
        "guangzhou.5.public_platform: public technical platform investment",
        "广州服务外包公共技术服务平台有限公司",
        "440112",
        kind="platform",
        staff=25,
        expenses=[
            ExpenseRecord(2021, "public_platform_investment", 3_000_000 * 100),
            ExpenseRecord(2023, "public_platform_investment", 1_200_000 * 100),
        ],
        recognitions=[
            RecognitionRecord("public_platform", "provincial", D(2020, 8, 1), operating_years=4)
        ],
    ),
    # ---- other Guangdong cities (guangdong.*) ----
    Scenario(
        "guangdong.11.new_entity: set up 2023 by a multinational, buys offices, CMMI 3, then "
        "CMMI 5 in 2024 (guangdong.9: the demo enterprise login's entitlement left to claim)",
        "深圳南山智汇软件服务有限公司",
        "440305",
        park_id="SZ-NS-01",
        staff=150,
        founded=D(2023, 2, 10),
        parent_large=True,
        ownership="foreign",
        capital_fen=5_000 * WAN,
        expenses=[ExpenseRecord(2023, "office_purchase", 12_000_000 * 100, 2_000)],
        certifications=[
            _cert("CMMI", 3, "new", D(2023, 10, 8), 420_000),
            _cert("CMMI", 5, "upgrade", D(2024, 6, 20), 900_000),
        ],
    ),
    Scenario(
        "guangdong.8 key enterprise (provincial), ISO20000, trade fairs; IP infringement 2023",
        "深圳福田恒泰数据科技有限公司",
        "440304",
        staff=2_600,
        tendency=0.7,
        recognitions=[RecognitionRecord("key_enterprise", "provincial", D(2022, 3, 1))],
        certifications=[_cert("ISO20000", None, "new", D(2021, 7, 1), 200_000)],
        expenses=[ExpenseRecord(2023, "trade_fair", 300_000 * 100)],
        violations=[ViolationRecord("ip_infringement", D(2023, 8, 8))],
    ),
    Scenario(
        "guangdong.5.provincial_demonstration: Foshan park, provincial demonstration park",
        "佛山南海软件科技园运营有限公司",
        "440605",
        kind="park",
        park_id="FS-NH-01",
        staff=30,
        recognitions=[
            RecognitionRecord(
                "demonstration_park", "provincial", D(2021, 10, 1), has_public_it_platform=False
            )
        ],
    ),
    # ---- Hangzhou ----
    Scenario(
        "hangzhou.12.software_export: USD 500,000.00 in 2020 (awarded 200,000), 4,999,999.99 "
        "in 2021, 5,000,000.00 in 2022 (difference 300,000 due)",
        "杭州滨江星辰软件有限公司",
        "330108",
        park_id="HZ-BJ-01",
        staff=380,
        tendency=0.9,
        year_overrides={
            2020: {"software_export_usd_cents": 500_000 * USD},
            2021: {"software_export_usd_cents": 4_999_999 * USD + 99},
            2022: {"software_export_usd_cents": 5_000_000 * USD},
        },
        awards=[AwardRecord("hangzhou.12.software_export", 2020, 200_000 * 100)],
    ),
    Scenario(
        "hangzhou.12.software_export: USD 499,999.99 in 2021, one cent short",
        "杭州西湖联创信息技术有限公司",
        "330106",
        staff=160,
        tendency=0.8,
        year_overrides={2021: {"software_export_usd_cents": 499_999 * USD + 99}},
    ),
    Scenario(
        "hangzhou.9.large_offshore_entrant: registered capital exactly 1亿, offshore, taxes paid",
        "杭州萧山汇通服务外包有限公司",
        "330109",
        staff=900,
        capital_fen=10_000 * WAN,
        founded=D(2021, 6, 1),
        tendency=0.9,
        ownership="foreign",
        year_overrides={y: {"offshore_focused": True} for y in YEARS if y >= 2021},
    ),
    Scenario(
        "hangzhou.9.large_offshore_entrant: registered capital 99,999,999.99, one fen short",
        "杭州余杭凯瑞数据服务有限公司",
        "330110",
        staff=700,
        capital_fen=10_000 * WAN - 1,
        founded=D(2021, 9, 1),
        tendency=0.9,
        year_overrides={y: {"offshore_focused": True} for y in YEARS if y >= 2021},
    ),
    Scenario(
        "hangzhou.9.large_offshore_entrant already paid in 2022 (one-time: not again)",
        "杭州拱墅中科信达信息服务有限公司",
        "330105",
        staff=1_100,
        capital_fen=15_000 * WAN,
        tendency=0.9,
        year_overrides={y: {"offshore_focused": True} for y in YEARS},
        awards=[AwardRecord("hangzhou.9.large_offshore_entrant", 2022, 1_000_000 * 100)],
    ),
    Scenario(
        "hangzhou.9.headquarters_office: headquarters buying 3,000 m² (2022), renting 1,200 m²",
        "杭州上城博远集团服务外包总部有限公司",
        "330102",
        staff=2_000,
        is_headquarters=True,
        capital_fen=30_000 * WAN,
        expenses=[
            ExpenseRecord(2022, "office_purchase", 60_000_000 * 100, 3_000),
            ExpenseRecord(2023, "office_rent", 2_400_000 * 100, 1_200),
        ],
    ),
    Scenario(
        "hangzhou.10.rd_super_deduction: R&D 10,000,000 → 11,000,000 (exactly +10%) in 2023",
        "杭州滨江思维科技有限公司",
        "330108",
        park_id="HZ-BJ-01",
        staff=500,
        year_overrides={
            2022: {"rd_expense_fen": 10_000_000 * 100},
            2023: {"rd_expense_fen": 11_000_000 * 100},
        },
    ),
    Scenario(
        "hangzhou.10.rd_super_deduction: R&D +10% less one fen in 2023",
        "杭州西湖明德软件有限公司",
        "330106",
        staff=260,
        year_overrides={
            2022: {"rd_expense_fen": 10_000_000 * 100},
            2023: {"rd_expense_fen": 11_000_000 * 100 - 1},
        },
    ),
    Scenario(
        "hangzhou.12.rd_center national (2021); CMMI 3 new 2020 (50% of 600,000), CMMI 5 upgrade "
        "2022 (capped at 500,000), maintenance 2023-2024 (upkeep); the demo enterprise login's "
        "2024: two IP registrations (hangzhou.14) and a guaranteed loan (hangzhou.21)",
        "杭州滨江天创研发中心有限公司",
        "330108",
        park_id="HZ-BJ-01",
        staff=1_200,
        year_overrides={2024: {"ip_registrations": 2, "guaranteed_loans_fen": 8_000_000 * 100}},
        recognitions=[RecognitionRecord("rd_center", "national", D(2021, 5, 20))],
        certifications=[
            _cert("CMMI", 3, "new", D(2020, 4, 1), 600_000),
            _cert("CMMI", 5, "upgrade", D(2022, 8, 1), 1_400_000),
            _cert("CMMI", 5, "maintenance", D(2023, 8, 1), 300_000),
            _cert("CMMI", 5, "maintenance", D(2024, 8, 1), 320_000),
        ],
    ),
    Scenario(
        "hangzhou.12.rd_center provincial (2022); PCMM, ISO20000, BS7799, SAS70, CMM 4",
        "杭州西湖卓越数据技术有限公司",
        "330106",
        park_id="HZ-XH-01",
        staff=450,
        recognitions=[RecognitionRecord("rd_center", "provincial", D(2022, 6, 1))],
        certifications=[
            _cert("PCMM", 3, "new", D(2022, 3, 1), 250_000),
            _cert("ISO20000", None, "new", D(2023, 2, 1), 180_000),
            _cert("BS7799", None, "new", D(2020, 2, 1), 90_000),
            _cert("SAS70", None, "new", D(2021, 9, 1), 700_000),
            _cert("CMM", 4, "new", D(2019, 6, 1), 500_000),
        ],
    ),
    Scenario(
        "hangzhou.12.rd_center municipal (2023); CMMI level 2 (below level 3: no award); "
        "export brand provincial 2021 and national 2024",
        "杭州拱墅金桥软件有限公司",
        "330105",
        staff=330,
        recognitions=[
            RecognitionRecord("rd_center", "municipal", D(2023, 7, 1)),
            RecognitionRecord("export_brand", "provincial", D(2021, 11, 1)),
            RecognitionRecord("export_brand", "national", D(2024, 11, 1)),
        ],
        certifications=[_cert("CMMI", 2, "new", D(2023, 5, 1), 200_000)],
    ),
    Scenario(
        "hangzhou.15.public_platform: platform investment 2,000,000 in 2022",
        "杭州服务外包公共科技服务平台有限公司",
        "330108",
        kind="platform",
        staff=30,
        expenses=[ExpenseRecord(2022, "public_platform_investment", 2_000_000 * 100)],
        recognitions=[
            RecognitionRecord("public_platform", "municipal", D(2021, 1, 1), operating_years=3)
        ],
    ),
    Scenario(
        "hangzhou.17: approved training institution; graduates trained (100, 60 hired), "
        "custom training",
        "杭州服务外包人才实训基地",
        "330106",
        kind="training_institution",
        staff=45,
        recognitions=[RecognitionRecord("training_institution", "municipal", D(2020, 3, 1))],
        trainings=[
            TrainingRecord(2022, "graduate", 100, 500_000 * 100, 60),
            TrainingRecord(2023, "custom", 40, 320_000 * 100, 36),
        ],
    ),
    Scenario(
        "hangzhou.17.new_staff_training: skills training of 80 new staff",
        "杭州滨江新航信息服务有限公司",
        "330108",
        staff=600,
        trainings=[TrainingRecord(2023, "new_staff", 80, 400_000 * 100, 80)],
    ),
    # ---- Wenzhou ----
    Scenario(
        "wenzhou.4.demonstration_park: provincial park with a public IT platform (2021), "
        "already awarded 500,000 in 2021",
        "温州鹿城服务外包示范园管理有限公司",
        "330302",
        kind="park",
        park_id="WZ-LC-01",
        staff=40,
        recognitions=[
            RecognitionRecord(
                "demonstration_park", "provincial", D(2021, 6, 1), has_public_it_platform=True
            )
        ],
        awards=[AwardRecord("wenzhou.4.demonstration_park", 2021, 500_000 * 100)],
        expenses=[ExpenseRecord(2023, "investment_promotion", 150_000 * 100)],
    ),
    Scenario(
        "wenzhou.4.demonstration_park: municipal park without a public IT platform (no award)",
        "浙南科技城服务外包园运营有限公司",
        "330303",
        kind="park",
        park_id="WZ-LW-01",
        staff=25,
        recognitions=[
            RecognitionRecord(
                "demonstration_park", "municipal", D(2022, 9, 1), has_public_it_platform=False
            )
        ],
    ),
    Scenario(
        "wenzhou.5.training_institution: provincial (2020)",
        "温州服务外包职业培训学院",
        "330304",
        kind="training_institution",
        staff=35,
        recognitions=[RecognitionRecord("training_institution", "provincial", D(2020, 10, 1))],
        trainings=[TrainingRecord(2021, "new_staff", 60, 180_000 * 100, 60)],
    ),
    Scenario(
        "wenzhou.5.training_institution: municipal (2022)",
        "瑞安市服务外包人才培训中心",
        "330381",
        kind="training_institution",
        staff=20,
        recognitions=[RecognitionRecord("training_institution", "municipal", D(2022, 4, 1))],
    ),
    Scenario(
        "wenzhou.7.public_platform: national platform running 3 years",
        "温州服务外包公共服务平台有限公司",
        "330302",
        kind="platform",
        staff=30,
        recognitions=[
            RecognitionRecord("public_platform", "national", D(2022, 5, 1), operating_years=3)
        ],
    ),
    Scenario(
        "wenzhou.7.public_platform: provincial platform running exactly 2 years",
        "温州龙湾数据公共服务平台有限公司",
        "330303",
        kind="platform",
        staff=18,
        recognitions=[
            RecognitionRecord("public_platform", "provincial", D(2023, 5, 1), operating_years=2)
        ],
    ),
    Scenario(
        "wenzhou.7.public_platform: provincial platform running 1 year (below 2: no subsidy)",
        "乐清市服务外包公共服务平台有限公司",
        "330382",
        kind="platform",
        staff=12,
        recognitions=[
            RecognitionRecord("public_platform", "provincial", D(2024, 5, 1), operating_years=1)
        ],
    ),
    Scenario(
        "wenzhou.6/9/10/11/12/13/20: platform usage, leased line, a new office lease (2023) in a "
        "demonstration park, national grants matched, trade fair and an organised event's venue "
        "and travel, investment promotion, technology service income; key enterprise",
        "温州鹿城诚易信息技术有限公司",
        "330302",
        park_id="WZ-LC-01",
        staff=240,
        expenses=[
            ExpenseRecord(2022, "platform_usage", 80_000 * 100),
            ExpenseRecord(2023, "leased_line", 120_000 * 100),
            ExpenseRecord(2023, "office_rent", 300_000 * 100, 500),
            ExpenseRecord(2024, "trade_fair", 90_000 * 100),
            ExpenseRecord(2024, "investment_promotion", 60_000 * 100),
            ExpenseRecord(2024, "venue_rent", 45_000 * 100),
            ExpenseRecord(2024, "travel", 38_000 * 100),
        ],
        recognitions=[RecognitionRecord("key_enterprise", "municipal", D(2023, 12, 1))],
        year_overrides={
            2023: {
                "tech_service_income_fen": 4_000_000 * 100,
                "office_lease_started": D(2023, 2, 1),
            },
            2024: {"higher_level_grants_fen": 500_000 * 100},
        },
    ),
    # ---- Datong (every subsidy needs statistics_reported) ----
    Scenario(
        "datong.6.certification: ISO9000 and CMMI 3 in 2023 with statistics reported",
        "大同平城云智信息技术有限公司",
        "140213",
        park_id="DT-PC-01",
        staff=220,
        certifications=[
            _cert("ISO9000", None, "new", D(2023, 4, 1), 60_000),
            _cert("CMMI", 3, "new", D(2023, 10, 1), 380_000),
        ],
        # datong.9: interest paid on an SO loan in 2023 (issue 19)
        year_overrides={2023: {"statistics_reported": True, "loan_interest_fen": 120_000 * 100}},
    ),
    Scenario(
        "datong.statistics_link: CMMI 3 in 2023 but statistics NOT reported (blocked)",
        "大同云冈数据服务有限公司",
        "140214",
        park_id="DT-YG-01",
        staff=150,
        certifications=[_cert("CMMI", 3, "new", D(2023, 6, 1), 350_000)],
        year_overrides={2023: {"statistics_reported": False}},
        violations=[ViolationRecord("late_reporting", D(2024, 2, 1))],
    ),
    Scenario(
        "datong.5.demonstration_enterprise (2024), ISO27001 upgrade; loan interest 2024 "
        "(datong.9: the demo enterprise login's entitlement left to claim)",
        "大同云州汇智服务外包有限公司",
        "140215",
        staff=310,
        recognitions=[RecognitionRecord("demonstration_enterprise", "municipal", D(2024, 6, 1))],
        certifications=[_cert("ISO27001", None, "upgrade", D(2024, 3, 1), 120_000)],
        year_overrides={2024: {"statistics_reported": True, "loan_interest_fen": 180_000 * 100}},
    ),
    Scenario(
        "datong.17.demonstration_park: municipal demonstration park (2024)",
        "大同数字经济产业园运营管理有限公司",
        "140213",
        kind="park",
        park_id="DT-PC-01",
        staff=30,
        recognitions=[
            RecognitionRecord(
                "demonstration_park", "municipal", D(2024, 1, 15), has_public_it_platform=True
            )
        ],
    ),
    Scenario(
        "datong.18.public_platform: municipal public service platform (2023)",
        "大同服务外包公共服务平台有限公司",
        "140212",
        kind="platform",
        staff=20,
        recognitions=[
            RecognitionRecord("public_platform", "municipal", D(2023, 3, 1), operating_years=2)
        ],
        expenses=[ExpenseRecord(2023, "public_platform_investment", 800_000 * 100)],
        year_overrides={y: {"statistics_reported": True} for y in YEARS},
    ),
    Scenario(
        "datong training institution: graduates trained and hired",
        "大同服务外包人才培训学校",
        "140213",
        kind="training_institution",
        staff=25,
        trainings=[TrainingRecord(2024, "graduate", 50, 150_000 * 100, 32)],
        year_overrides={y: {"statistics_reported": True} for y in YEARS},
    ),
)

# The demo logins' organisation (the enterprise role) is the first scenario.
DEMO_ENTERPRISE_INDEX = 0


def scenario_uscc(index: int) -> str:
    scenario = SCENARIOS[index]
    authority, entity = ("5", "2") if scenario.kind == "training_institution" else ("9", "1")
    return uscc_build(
        authority=authority, entity_type=entity, region_code=scenario.region, body8=f"8{index:07d}"
    )


def scenario_bundles(seed: int, steering: OffshoreSteering) -> Iterator[Bundle]:
    maker = ContractMaker(steering)
    for index, scenario in enumerate(SCENARIOS):
        yield _bundle(index, scenario, random.Random(f"{seed}/scenario/{index}"), maker)  # noqa: S311  # nosec B311  # demo data, not secrets


def _bundle(index: int, s: Scenario, rng: random.Random, maker: ContractMaker) -> Bundle:
    jurisdiction = geography.jurisdiction_of(s.region)
    organisation = OrganisationRecord(
        uscc=scenario_uscc(index),
        name=s.name,
        kind=s.kind,
        region_code=s.region,
        park_id=s.park_id,
        ownership=s.ownership,
        registered_capital_fen=s.capital_fen,
        founded=s.founded,
        is_headquarters=s.is_headquarters,
        parent_is_multinational_or_large=s.parent_large,
    )
    bundle = Bundle(
        organisation,
        certifications=list(s.certifications),
        recognitions=list(s.recognitions),
        trainings=list(s.trainings),
        expenses=list(s.expenses),
        awards=list(s.awards),
        violations=list(s.violations),
        scenario=s.scenario,
    )
    previous: YearRecord | None = None
    for year in YEARS:
        if year < s.founded.year:
            continue
        staff = round(s.staff * 1.04 ** (year - 2022))
        figures = {"executed_cny": 0.0, "offshore_executed_cny": 0.0, "software_usd": 0.0}
        if s.kind == "enterprise":
            start = s.founded if year == s.founded.year else None
            contracts, figures = maker.contracts_for_year(
                rng, year=year, employees=staff, tendency=s.tendency, start=start
            )
            bundle.contracts.extend(contracts)
        else:  # parks, institutions and platforms earn fees, not outsourcing contracts
            figures["executed_cny"] = staff * rng.uniform(150_000, 300_000)
        previous = year_figures(
            rng,
            year=year,
            employees=staff,
            figures=figures,
            previous=previous,
            jurisdiction=jurisdiction,
        )
        for name, value in s.year_overrides.get(year, {}).items():
            setattr(previous, name, value)
        bundle.years.append(previous)
    return bundle
