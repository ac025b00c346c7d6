"""The random part of the demo data set: ordinary enterprises and their contracts.

Shapes follow MOFCOM's published national totals (2019-2024):

- firm size: lognormal (sigma 1.2) with mean 200 staff, drawn by stratified quantiles so that
  even a few hundred firms average close to 200 and 100,000 firms reach the heavy tail;
- graduates (大专以上) about 65% of staff;
- contracts signed about USD 21,700 per employee a year (2023: RMB 2.46 trillion signed for
  about 16 million staff), executions about 0.7 of contract value (2023: 1.68 / 2.46);
- offshore about 52-61% of execution value, steered year by year to MOFCOM's path (60% in
  2019 falling to 55%): each contract's chance of being offshore is nudged by the gap between
  the running share and the target, so the share holds for small and large data sets alike;
- offshore mix ITO/BPO/KPO about 40/17/43; US, Hong Kong and the EU about half of offshore;
- currencies mostly USD and CNY, some EUR, JPY, HKD.

Random draws are floats; every stored amount is an integer fixed once at generation.
Each organisation draws from its own ``random.Random`` seeded by (seed, index), so organisation
``i`` does not depend on how many come after it.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator
from statistics import NormalDist

from waibao.demo import geography
from waibao.demo.records import (
    Bundle,
    CertificationRecord,
    ContractRecord,
    ExecutionRecord,
    ExpenseRecord,
    OrganisationRecord,
    RecognitionRecord,
    TrainingRecord,
    ViolationRecord,
    YearRecord,
)
from waibao.demo.uscc import uscc_build

FIRST_YEAR, LAST_YEAR = 2019, 2025
YEARS = tuple(range(FIRST_YEAR, LAST_YEAR + 1))
END_DATE = dt.date(LAST_YEAR, 12, 31)

MEAN_STAFF = 200
STAFF_SIGMA = 1.2
GRADUATE_SHARE = 0.65
SIGNED_USD_PER_EMPLOYEE = 21_700
EXECUTED_SHARE = 0.70
CONTRACTS_PER_FIRM_YEAR = 8.0  # before the size factor; about 7 on average, 2 executions each
OFFSHORE_TARGET = {
    2019: 0.60,
    2020: 0.59,
    2021: 0.58,
    2022: 0.57,
    2023: 0.56,
    2024: 0.55,
    2025: 0.55,
}

# Approximate CNY per unit, only to spread a USD value over contract currencies.
CNY_PER_UNIT = {"USD": 7.0, "CNY": 1.0, "EUR": 7.7, "JPY": 0.052, "HKD": 0.90}

# Offshore markets by share of offshore contracts: US + HK + EU = 0.50.
MARKETS: tuple[tuple[str, float], ...] = (
    ("US", 0.22),
    ("HK", 0.15),
    ("DE", 0.04),
    ("FR", 0.025),
    ("NL", 0.025),
    ("IE", 0.02),
    ("IT", 0.01),
    ("ES", 0.01),
    ("SE", 0.01),
    ("JP", 0.10),
    ("KR", 0.05),
    ("SG", 0.06),
    ("TW", 0.03),
    ("MO", 0.01),
    ("GB", 0.05),
    ("AU", 0.04),
    ("CA", 0.03),
    ("IN", 0.02),
    ("AE", 0.02),
    ("MY", 0.02),
)
EU = frozenset({"DE", "FR", "NL", "IE", "IT", "ES", "SE"})

CATEGORIES: dict[str, tuple[str, ...]] = {
    "ITO": ("ITO.01", "ITO.02", "ITO.03", "ITO.04", "ITO.05", "ITO.06"),
    "BPO": ("BPO.01", "BPO.02", "BPO.03", "BPO.04", "BPO.05", "BPO.06"),
    "KPO": ("KPO.01", "KPO.02", "KPO.03", "KPO.04", "KPO.05", "KPO.06", "KPO.07"),
}
OFFSHORE_GROUPS = (("ITO", 0.40), ("BPO", 0.17), ("KPO", 0.43))
ONSHORE_GROUPS = (("ITO", 0.50), ("BPO", 0.25), ("KPO", 0.25))

_BRANDS = "华宇信达中科天创云智博远汇通凯瑞恒泰新航数海星辰金桥诚易思维卓越联创明德"
_TRADES = (
    "信息技术",
    "软件",
    "数据服务",
    "网络科技",
    "信息科技",
    "数字科技",
    "咨询",
    "设计",
    "医药研发",
    "检测技术",
    "动漫科技",
    "供应链管理",
)
_CITY_SHORT = {
    "440100": "广州",
    "440300": "深圳",
    "440600": "佛山",
    "440400": "珠海",
    "330100": "杭州",
    "330300": "温州",
    "140200": "大同",
}
_CLIENT_STEMS = (
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Litware",
    "Adventure",
    "Woodgrove",
    "Proseware",
    "Lucerne",
    "Wingtip",
    "Alpine",
    "Coho",
    "Margie",
    "Trey",
    "Humongous",
    "Blue Yonder",
    "Fourth Coffee",
    "Wide World",
)
_CLIENT_SUFFIX = {
    "US": "Inc.",
    "DE": "GmbH",
    "FR": "S.A.S.",
    "NL": "B.V.",
    "IE": "Ltd.",
    "IT": "S.p.A.",
    "ES": "S.L.",
    "SE": "AB",
    "JP": "株式会社",
    "KR": "Co., Ltd.",
    "SG": "Pte. Ltd.",
    "HK": "Limited",
    "TW": "股份有限公司",
    "MO": "Limitada",
    "GB": "plc",
    "AU": "Pty Ltd",
    "CA": "Corp.",
    "IN": "Pvt. Ltd.",
    "AE": "LLC",
    "MY": "Sdn. Bhd.",
}


def _choose(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    point = rng.random() * sum(w for _, w in weighted)
    for value, weight in weighted:
        point -= weight
        if point < 0:
            return value
    return weighted[-1][0]


def company_name(rng: random.Random, city_code: str, trade: str | None = None) -> str:
    brand = rng.choice(_BRANDS) + rng.choice(_BRANDS)
    return f"{_CITY_SHORT[city_code]}{brand}{trade or rng.choice(_TRADES)}有限公司"


def date_in(rng: random.Random, year: int) -> dt.date:
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))


class OffshoreSteering:
    """Keeps the offshore share of contract value on ``OFFSHORE_TARGET`` year by year."""

    def __init__(self) -> None:
        self.offshore = dict.fromkeys(YEARS, 0.0)
        self.total = dict.fromkeys(YEARS, 0.0)

    def probability(self, year: int, tendency: float) -> float:
        target = OFFSHORE_TARGET[year]
        share = self.offshore[year] / self.total[year] if self.total[year] else target
        return min(0.97, max(0.03, tendency + 3.0 * (target - share)))

    def record(self, year: int, usd: float, offshore: bool) -> None:
        self.total[year] += usd
        if offshore:
            self.offshore[year] += usd


class ContractMaker:
    """Contracts and executions of one organisation-year, and the year figures they imply."""

    def __init__(self, steering: OffshoreSteering) -> None:
        self.steering = steering

    def contracts_for_year(
        self,
        rng: random.Random,
        *,
        year: int,
        employees: int,
        tendency: float,
        start: dt.date | None = None,
    ) -> tuple[list[ContractRecord], dict[str, float]]:
        size = employees / MEAN_STAFF
        count = max(1, round(CONTRACTS_PER_FIRM_YEAR * size**0.6 * rng.uniform(0.6, 1.4)))
        total_usd = employees * SIGNED_USD_PER_EMPLOYEE * rng.lognormvariate(-0.045, 0.3)
        weights = [rng.expovariate(1.0) for _ in range(count)]
        scale = total_usd / sum(weights)
        first = max(dt.date(year, 1, 1), start or dt.date(year, 1, 1))
        span = (dt.date(year, 12, 31) - first).days + 1
        figures = {"executed_cny": 0.0, "offshore_executed_cny": 0.0, "software_usd": 0.0}
        contracts = []
        for n, weight in enumerate(weights, start=1):
            usd = weight * scale
            offshore = rng.random() < self.steering.probability(year, tendency)
            self.steering.record(year, usd, offshore)
            if offshore:
                country = _choose(rng, MARKETS)
                group = _choose(rng, OFFSHORE_GROUPS)
                currency = self._offshore_currency(rng, country)
                client = f"{rng.choice(_CLIENT_STEMS)} {_CLIENT_SUFFIX[country]}"
            else:
                country, group = "CN", _choose(rng, ONSHORE_GROUPS)
                currency = "CNY" if rng.random() < 0.9 else "USD"
                client = company_name(rng, rng.choice(tuple(_CITY_SHORT)))
            amount = max(100, round(usd * CNY_PER_UNIT["USD"] / CNY_PER_UNIT[currency] * 100))
            signed = first + dt.timedelta(days=rng.randrange(span))
            contract = ContractRecord(
                contract_id=f"C{year}-{n:05d}",
                client_name=client,
                client_country=country,
                category=rng.choice(CATEGORIES[group]),
                signed_date=signed,
                amount_minor=amount,
                currency=currency,
            )
            executed = round(amount * min(1.0, max(0.3, rng.gauss(EXECUTED_SHARE, 0.12))))
            contract.executions = self._executions(rng, contract, executed, offshore)
            contracts.append(contract)
            cny = executed / 100 * CNY_PER_UNIT[currency]
            figures["executed_cny"] += cny
            if offshore:
                figures["offshore_executed_cny"] += cny
                if group == "ITO":
                    figures["software_usd"] += cny / CNY_PER_UNIT["USD"]
        return contracts, figures

    @staticmethod
    def _offshore_currency(rng: random.Random, country: str) -> str:
        draw = rng.random()
        if country in EU:
            return "EUR" if draw < 0.6 else "USD"
        if country == "JP":
            return "JPY" if draw < 0.5 else "USD"
        if country == "HK":
            return "HKD" if draw < 0.4 else "USD"
        return "USD"

    @staticmethod
    def _executions(
        rng: random.Random, contract: ContractRecord, executed: int, offshore: bool
    ) -> list[ExecutionRecord]:
        parts = rng.choice((1, 2, 2, 3))
        cuts = sorted(rng.randrange(1, max(2, executed)) for _ in range(parts - 1))
        amounts = [b - a for a, b in zip([0, *cuts], [*cuts, executed], strict=True)]
        days = sorted(rng.randrange(15, 330) for _ in range(parts))
        executions = []
        for k, (amount, delay) in enumerate(zip(amounts, days, strict=True), start=1):
            if amount <= 0:
                continue
            when = min(END_DATE, contract.signed_date + dt.timedelta(days=delay))
            receipt = f"BR{when:%Y%m%d}{contract.contract_id[-5:]}{k}" if offshore else ""
            executions.append(ExecutionRecord(f"E{k}", when, amount, contract.currency, receipt))
        return executions


def year_figures(
    rng: random.Random,
    *,
    year: int,
    employees: int,
    figures: dict[str, float],
    previous: YearRecord | None,
    jurisdiction: str,
) -> YearRecord:
    """The year's reported figures, consistent with the contracts executed that year."""
    college_share = min(0.95, max(0.30, rng.gauss(GRADUATE_SHARE, 0.08)))
    so_revenue = figures["executed_cny"]
    revenue = so_revenue / rng.uniform(0.55, 0.98)
    if previous is not None and previous.rd_expense_fen:
        rd = previous.rd_expense_fen / 100 * (1 + rng.gauss(0.10, 0.08))
    else:
        rd = revenue * rng.uniform(0.04, 0.15)
    reported = rng.random() < 0.8 if jurisdiction == "datong" else rng.random() < 0.98
    return YearRecord(
        year=year,
        employees=employees,
        employees_college=round(employees * college_share),
        revenue_fen=round(revenue * 100),
        so_revenue_fen=round(so_revenue * 100),
        offshore_so_revenue_fen=round(figures["offshore_executed_cny"] * 100),
        software_export_usd_cents=round(figures["software_usd"] * 100),
        tax_paid_fen=round(revenue * rng.uniform(0.03, 0.08) * 100),
        rd_expense_fen=max(0, round(rd * 100)),
        tech_service_income_fen=round(so_revenue * rng.uniform(0.1, 0.6) * 100),
        offshore_focused=figures["offshore_executed_cny"] > 0.5 * so_revenue,
        statistics_reported=reported,
    )


class EnterpriseGenerator:
    """``count`` ordinary enterprises, sizes stratified over the lognormal's quantiles."""

    def __init__(self, *, seed: int, count: int, steering: OffshoreSteering) -> None:
        self.seed = seed
        self.count = count
        self.contracts = ContractMaker(steering)
        strata = list(range(count))
        random.Random(f"{seed}/strata").shuffle(strata)  # noqa: S311  # nosec B311  # demo data, not secrets
        self.strata = strata
        self.mu = math.log(MEAN_STAFF) - STAFF_SIGMA**2 / 2
        self.cities = tuple((c.code, c.weight) for c in geography.CITIES)
        self.parks_by_city: dict[str, list[geography.DemoPark]] = {}
        for park in geography.PARKS:
            self.parks_by_city.setdefault(park.region_code[:4] + "00", []).append(park)

    def rng(self, index: int) -> random.Random:
        return random.Random(f"{self.seed}/enterprise/{index}")  # noqa: S311  # nosec B311  # demo data, not secrets

    def identity(self, index: int, rng: random.Random | None = None) -> tuple[str, str, str]:
        """(uscc, city code, region code): the first draws of the organisation's stream."""
        rng = rng or self.rng(index)
        city = geography.CITY_BY_CODE[_choose(rng, self.cities)]
        region = rng.choice(city.districts)[0]
        uscc = uscc_build(
            authority="9", entity_type="1", region_code=region, body8=f"{10_000_000 + index:08d}"
        )
        return uscc, city.code, region

    def __iter__(self) -> Iterator[Bundle]:
        for index in range(self.count):
            yield self.bundle(index)

    def bundle(self, index: int) -> Bundle:
        rng = self.rng(index)
        uscc, city_code, region = self.identity(index, rng)
        jurisdiction = geography.CITY_BY_CODE[city_code].jurisdiction
        quantile = (self.strata[index] + rng.random()) / self.count
        base_staff = math.exp(self.mu + STAFF_SIGMA * NormalDist().inv_cdf(quantile))
        parks = [p for p in self.parks_by_city.get(city_code, []) if p.region_code == region]
        founded = dt.date(rng.randint(2003, 2024), rng.randint(1, 12), rng.randint(1, 28))
        ownership = _choose(
            rng, (("private", 0.70), ("state", 0.08), ("foreign", 0.14), ("hmt", 0.08))
        )
        capital = round(math.exp(rng.gauss(math.log(5_000_000), 1.3)) / 10_000) * 10_000
        organisation = OrganisationRecord(
            uscc=uscc,
            name=company_name(rng, city_code),
            kind="enterprise",
            region_code=region,
            park_id=parks[0].park_id if parks and rng.random() < 0.6 else None,
            ownership=ownership,
            registered_capital_fen=capital * 100,
            founded=founded,
            is_headquarters=ownership == "foreign" and rng.random() < 0.15,
        )
        bundle = Bundle(organisation)
        tendency = min(0.95, max(0.05, rng.gauss(0.565, 0.15)))
        growth = rng.gauss(0.05, 0.04)
        previous: YearRecord | None = None
        # A stream of its own, so the draws above (and every data set before issue 19) stay.
        policy_rng = random.Random(f"{self.seed}/enterprise/{index}/policy")  # noqa: S311  # nosec B311  # demo data, not secrets
        high_tech = policy_rng.random() < 0.15
        for year in YEARS:
            if year < founded.year:
                continue
            staff = max(3, round(base_staff * (1 + growth) ** (year - 2022)))
            start = founded if year == founded.year else None
            contracts, figures = self.contracts.contracts_for_year(
                rng, year=year, employees=staff, tendency=tendency, start=start
            )
            bundle.contracts.extend(contracts)
            previous = year_figures(
                rng,
                year=year,
                employees=staff,
                figures=figures,
                previous=previous,
                jurisdiction=jurisdiction,
            )
            bundle.years.append(previous)
            sprinkle_events(rng, bundle, year, jurisdiction)
            policy_figures(policy_rng, bundle, previous, high_tech=high_tech)
        return bundle


def policy_figures(rng: random.Random, bundle: Bundle, row: YearRecord, *, high_tech: bool) -> None:
    """The facts issue 19's clauses read, as a firm would report them with the year's figures:
    mostly none (zero), now and then funds received, loans, IP, talents, a new office lease,
    and the events' venue rent and travel."""
    year, revenue = row.year, row.revenue_fen or 0
    row.high_tech_enterprise = high_tech
    row.ip_registrations = rng.randint(1, 12) if rng.random() < 0.2 else 0
    row.talents_introduced = rng.randint(1, 3) if rng.random() < 0.05 else 0
    row.loan_interest_fen = round(revenue * rng.uniform(0.002, 0.01)) if rng.random() < 0.1 else 0
    row.guaranteed_loans_fen = round(revenue * rng.uniform(0.05, 0.2)) if rng.random() < 0.03 else 0
    row.expert_fees_fen = rng.randrange(20_000, 300_000) * 100 if rng.random() < 0.03 else 0
    row.higher_level_grants_fen = (
        rng.randrange(100_000, 2_000_000) * 100 if rng.random() < 0.02 else 0
    )
    trained = sum(t.cost_fen for t in bundle.trainings if t.year == year)
    row.central_training_funds_fen = trained // 2 if trained and rng.random() < 0.3 else 0
    if any(e.kind == "office_rent" and e.year == year for e in bundle.expenses):
        started = year if rng.random() < 0.5 else year - rng.randint(1, 5)
        row.office_lease_started = date_in(rng, started)
    for kind in ("venue_rent", "travel"):
        if rng.random() < 0.015:
            bundle.expenses.append(ExpenseRecord(year, kind, rng.randrange(10_000, 200_000) * 100))


def sprinkle_events(rng: random.Random, bundle: Bundle, year: int, jurisdiction: str) -> None:
    """Occasional certifications, trainings, expenses and (in Guangdong) violations."""
    if rng.random() < 0.06:
        scheme = _choose(
            rng,
            (
                ("CMMI", 0.5),
                ("ISO27001", 0.2),
                ("ISO20000", 0.1),
                ("PCMM", 0.05),
                ("ISO9000", 0.15),
            ),
        )
        level = rng.choice((2, 3, 3, 4, 5)) if scheme == "CMMI" else None
        event = _choose(rng, (("new", 0.6), ("upgrade", 0.2), ("maintenance", 0.2)))
        cost = rng.randrange(80_000, 1_500_000) * 100
        bundle.certifications.append(
            CertificationRecord(scheme, level, event, date_in(rng, year), cost)
        )
    if rng.random() < 0.08:
        trainee = rng.choice(("graduate", "new_staff", "custom"))
        people = rng.randint(5, 120)
        hired = rng.randint(0, people) if trainee != "new_staff" else people
        bundle.trainings.append(
            TrainingRecord(year, trainee, people, people * rng.randrange(2_000, 9_000) * 100, hired)
        )
    if rng.random() < 0.08:
        kind = rng.choice(("trade_fair", "office_rent", "platform_usage", "leased_line"))
        area = rng.randrange(200, 3_000) if kind == "office_rent" else None
        bundle.expenses.append(
            ExpenseRecord(year, kind, rng.randrange(20_000, 800_000) * 100, area)
        )
    if jurisdiction in ("guangzhou", "guangdong") and rng.random() < 0.002:
        when = date_in(rng, year)
        restored = when + dt.timedelta(days=rng.randrange(180, 720))
        bundle.violations.append(
            ViolationRecord("ip_infringement", when, restored if restored <= END_DATE else None)
        )
    if rng.random() < 0.004:
        level = rng.choice(("provincial", "municipal"))
        bundle.recognitions.append(RecognitionRecord("key_enterprise", level, date_in(rng, year)))
