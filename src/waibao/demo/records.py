"""Plain records the generator yields and the loader writes: no Django here, so the data set
can be generated, hashed and tested without a database. Amounts are integers: fen for CNY
(``*_fen``), US cents for ``software_export_usd_cents``, hundredths of the contract currency
for ``amount_minor`` (as ``waibao.reporting.models``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class OrganisationRecord:
    uscc: str
    name: str
    kind: str
    region_code: str
    park_id: str | None
    ownership: str
    registered_capital_fen: int | None
    founded: dt.date | None
    is_headquarters: bool = False
    parent_is_multinational_or_large: bool = False


@dataclass
class YearRecord:
    year: int
    employees: int | None = None
    employees_college: int | None = None
    revenue_fen: int | None = None
    so_revenue_fen: int | None = None
    offshore_so_revenue_fen: int | None = None
    software_export_usd_cents: int | None = None
    tax_paid_fen: int | None = None
    rd_expense_fen: int | None = None
    tech_service_income_fen: int | None = None
    offshore_focused: bool | None = None
    statistics_reported: bool = True
    # issue 19: the facts of the remaining provisions (None: not reported)
    central_training_funds_fen: int | None = None
    higher_level_grants_fen: int | None = None
    expert_fees_fen: int | None = None
    guaranteed_loans_fen: int | None = None
    loan_interest_fen: int | None = None
    ip_registrations: int | None = None
    talents_introduced: int | None = None
    office_lease_started: dt.date | None = None
    high_tech_enterprise: bool | None = None


@dataclass
class CertificationRecord:
    scheme: str
    level: int | None
    event: str
    date: dt.date
    cost_fen: int | None


@dataclass
class RecognitionRecord:
    kind: str
    level: str
    date: dt.date
    operating_years: int | None = None
    has_public_it_platform: bool | None = None


@dataclass
class TrainingRecord:
    year: int
    trainee: str
    people: int
    cost_fen: int
    hired: int = 0


@dataclass
class ExpenseRecord:
    year: int
    kind: str
    amount_fen: int
    area_sqm: int | None = None


@dataclass
class AwardRecord:
    clause: str
    year: int
    amount_fen: int


@dataclass
class ViolationRecord:
    kind: str
    date: dt.date
    restored: dt.date | None = None


@dataclass
class ExecutionRecord:
    execution_id: str
    execution_date: dt.date
    amount_minor: int
    currency: str
    receipt_ref: str = ""


@dataclass
class ContractRecord:
    contract_id: str
    client_name: str
    client_country: str
    category: str
    signed_date: dt.date
    amount_minor: int
    currency: str
    executions: list[ExecutionRecord] = field(default_factory=list)


@dataclass
class Bundle:
    """One organisation and everything about it: the loader writes a bundle whole or not at all."""

    organisation: OrganisationRecord
    years: list[YearRecord] = field(default_factory=list)
    certifications: list[CertificationRecord] = field(default_factory=list)
    recognitions: list[RecognitionRecord] = field(default_factory=list)
    trainings: list[TrainingRecord] = field(default_factory=list)
    expenses: list[ExpenseRecord] = field(default_factory=list)
    awards: list[AwardRecord] = field(default_factory=list)
    violations: list[ViolationRecord] = field(default_factory=list)
    contracts: list[ContractRecord] = field(default_factory=list)
    scenario: str = ""  # for the hand-made organisations: which clause edge they exercise
