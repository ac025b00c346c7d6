"""Facts records (FACTS.md, JSON-shaped) built from Waibao's registry and reporting tables.

The only module of ``waibao.facts`` that touches Django; it imports it lazily, inside the
functions, so ``waibao.facts`` and ``waibao.rules`` stay importable without it. The records it
returns go through the same validation as a facts file.

Contract amounts are converted to USD at the yearly rate by ``waibao.reporting.rates``, the one
conversion: each amount on its own, rounded half up to the cent, then summed per organisation,
so a firm's facts add up to the figures of the statistics, the dashboard and the brief.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from waibao import jurisdictions
from waibao.money import format_fen


def jurisdiction_of(region_code: str) -> str | None:
    """The text an organisation registered in ``region_code`` is recorded under: its city's
    when the catalogue has one, else its province's (which the rules engine also applies to
    the cities' records), else None (no encoded text governs it)."""
    found = jurisdictions.of_region(region_code, "city") or jurisdictions.of_region(
        region_code, "province"
    )
    return found.slug if found is not None else None


Converter = Callable[[list[tuple[int, str]]], int | None]


def _usd_converter(year: int) -> Converter:
    """Sum of (amount_minor, currency) in USD cents, each amount converted on its own (the
    one rule of ``waibao.reporting.rates``); None when a rate is missing (the fact is then
    unknown)."""
    rates_module: Any = _django_models("waibao.reporting.rates")
    rates = rates_module.Rates.from_database()  # read once: not two queries per amount

    def convert(amounts: list[tuple[int, str]]) -> int | None:
        try:
            return int(sum(rates.usd_cents(a, currency, year) for a, currency in amounts))
        except rates_module.MissingRate:
            return None

    return convert


def _django_models(module: str) -> Any:
    """A Django module, imported only when facts are built from the database (and typed as
    ``Any`` so that ``waibao.facts`` stays checkable without Django's stubs)."""
    return importlib.import_module(module)


def _fen(value: int | None) -> str | None:
    return format_fen(value) if value is not None else None


def facts_for_year(year: int, *, uscc: str | None = None) -> list[dict[str, Any]]:
    """One FACTS.md record per organisation (in an encoded jurisdiction) for ``year``; with
    ``uscc``, only that organisation's record (the portal's calculator), read with the same
    code so that one firm's figures never differ from the whole year's."""
    registry = _django_models("waibao.registry.models")
    reporting = _django_models("waibao.reporting.models")
    AwardReceived, Certification, Expense = (
        registry.AwardReceived,
        registry.Certification,
        registry.Expense,
    )
    Organisation, OrganisationYear, Recognition = (
        registry.Organisation,
        registry.OrganisationYear,
        registry.Recognition,
    )
    Training, Violation = registry.Training, registry.Violation
    Q = _django_models("django.db.models").Q
    Contract, Execution = reporting.Contract, reporting.Execution

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)

    def mine(queryset: Any, path: str = "organisation__") -> Any:
        return queryset.filter(**{f"{path}uscc": uscc}) if uscc is not None else queryset

    years = {row.organisation_id: row for row in mine(OrganisationYear.objects.filter(year=year))}
    previous = {
        row.organisation_id: row.rd_expense_fen
        for row in mine(OrganisationYear.objects.filter(year=year - 1))
    }
    grouped: dict[str, dict[int, list[dict[str, Any]]]] = {
        name: defaultdict(list)
        for name in (
            "certifications",
            "recognitions",
            "trainings",
            "expenses",
            "awards",
            "violations",
        )
    }
    for cert in mine(Certification.objects.filter(date__lte=end)):
        grouped["certifications"][cert.organisation_id].append(
            {
                "scheme": cert.scheme,
                "level": cert.level,
                "event": cert.event,
                "date": cert.date.isoformat(),
                "cost_cny": _fen(cert.cost_fen),
            }
        )
    demonstration_parks: set[str] = set()
    recognitions = Recognition.objects.filter(date__lte=end)
    if uscc is not None:
        # The firm's own titles, and the demonstration-park titles of its park (which make
        # it ``in_demonstration_park``): not every title of every organisation.
        its_park = Organisation.objects.filter(uscc=uscc, park_id__isnull=False).values("park_id")
        recognitions = recognitions.filter(
            Q(organisation__uscc=uscc)
            | Q(kind="demonstration_park", organisation__park_id__in=its_park)
        )
    for rec in recognitions.select_related("organisation"):
        # Revoked on or before the year's end: not held at the end of the year, and a title
        # revoked in the year it was given earns nothing for it.
        if rec.revoked is not None and rec.revoked <= end:
            continue
        if rec.valid_until is not None and rec.valid_until < start:
            continue
        if rec.kind == "demonstration_park" and rec.organisation.park_id:
            demonstration_parks.add(rec.organisation.park_id)
        grouped["recognitions"][rec.organisation_id].append(
            {
                "kind": rec.kind,
                "level": rec.level,
                "date": rec.date.isoformat(),
                "operating_years": rec.operating_years,
                "has_public_it_platform": rec.has_public_it_platform,
            }
        )
    for training in mine(Training.objects.filter(year=year)):
        grouped["trainings"][training.organisation_id].append(
            {
                "trainee": training.trainee,
                "people": training.people,
                "cost_cny": _fen(training.cost_fen),
                "hired": training.hired,
            }
        )
    for expense in mine(Expense.objects.filter(year=year)):
        grouped["expenses"][expense.organisation_id].append(
            {
                "kind": expense.kind,
                "amount_cny": _fen(expense.amount_fen),
                "area_sqm": expense.area_sqm,
            }
        )
    for award in mine(AwardReceived.objects.filter(year__lte=year)):
        grouped["awards"][award.organisation_id].append(
            {"clause": award.clause, "year": award.year, "amount_cny": _fen(award.amount_fen)}
        )
    for violation in mine(Violation.objects.filter(date__lte=end)):
        grouped["violations"][violation.organisation_id].append(
            {
                "kind": violation.kind,
                "date": violation.date.isoformat(),
                "restored": violation.restored.isoformat() if violation.restored else None,
            }
        )
    signed: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for contract in mine(Contract.objects.filter(signed_date__range=(start, end))):
        signed[contract.organisation_id].append((contract.amount_minor, contract.currency))
    executed: dict[int, list[tuple[int, str]]] = defaultdict(list)
    offshore: dict[int, list[tuple[int, str]]] = defaultdict(list)
    executions = mine(
        Execution.objects.filter(execution_date__range=(start, end)), "contract__organisation__"
    ).select_related("contract")
    for execution in executions:
        organisation_id = execution.contract.organisation_id
        executed[organisation_id].append((execution.amount_minor, execution.currency))
        if execution.contract.offshore:
            offshore[organisation_id].append((execution.amount_minor, execution.currency))
    convert = _usd_converter(year)

    records: list[dict[str, Any]] = []
    for org in mine(Organisation.objects.select_related("region"), "").order_by("uscc"):
        jurisdiction = jurisdiction_of(org.region_id)
        if jurisdiction is None:
            continue
        row = years.get(org.pk)
        record: dict[str, Any] = {
            "uscc": org.uscc,
            "name": org.name,
            "year": year,
            "jurisdiction": jurisdiction,
            "region_code": org.region_id,
            "kind": org.kind,
            "registered_capital_cny": _fen(org.registered_capital_fen),
            "is_headquarters": org.is_headquarters,
            "founded": org.founded.isoformat() if org.founded else None,
            "foreign_invested": (org.ownership in ("foreign", "hmt")) if org.ownership else None,
            "parent_multinational_or_large": org.parent_is_multinational_or_large,
            "in_demonstration_park": org.park_id in demonstration_parks if org.park_id else False,
            "certifications": grouped["certifications"][org.pk],
            "recognitions": grouped["recognitions"][org.pk],
            "trainings": grouped["trainings"][org.pk],
            "expenses": grouped["expenses"][org.pk],
            "awards_received": grouped["awards"][org.pk],
            "violations": grouped["violations"][org.pk],
            "contract_signed_usd": _fen(convert(signed[org.pk])),
            "contract_executed_usd": _fen(convert(executed[org.pk])),
            "offshore_executed_usd": _fen(convert(offshore[org.pk])),
        }
        if row is not None:
            record.update(
                {
                    "employees": row.employees,
                    "employees_college": row.employees_college,
                    "revenue_cny": _fen(row.revenue_fen),
                    "so_revenue_cny": _fen(row.so_revenue_fen),
                    "offshore_so_revenue_cny": _fen(row.offshore_so_revenue_fen),
                    "software_export_usd": _fen(row.software_export_usd_cents),
                    "tax_paid_cny": _fen(row.tax_paid_fen),
                    "rd_expense_cny": _fen(row.rd_expense_fen),
                    "rd_expense_prev_cny": _fen(previous.get(org.pk)),
                    "tech_service_income_cny": _fen(row.tech_service_income_fen),
                    "offshore_focused": row.offshore_focused,
                    "statistics_reported": row.statistics_reported,
                    # issue 19 extensions: reported with the year's figures
                    "central_training_funds_cny": _fen(row.central_training_funds_fen),
                    "higher_level_grants_cny": _fen(row.higher_level_grants_fen),
                    "expert_fees_cny": _fen(row.expert_fees_fen),
                    "guaranteed_loans_cny": _fen(row.guaranteed_loans_fen),
                    "loan_interest_cny": _fen(row.loan_interest_fen),
                    "ip_registrations": row.ip_registrations,
                    "talents_introduced": row.talents_introduced,
                    "office_lease_started": (
                        row.office_lease_started.isoformat() if row.office_lease_started else None
                    ),
                    "high_tech_enterprise": row.high_tech_enterprise,
                }
            )
        records.append({key: value for key, value in record.items() if value is not None})
    return records
