"""Reads behind the enterprise reporting pages and endpoints: one organisation's profile and
its contracts with their executions. Callers decide access (``waibao.permissions``) first;
``reporting_organisation`` resolves which organisation a user may look at."""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pycountry
from django.db.models import Prefetch

from waibao import permissions
from waibao.money import format_fen
from waibao.registry.models import Organisation, OrganisationYear
from waibao.reporting.models import Category, Contract, Execution


def reporting_organisation(user: Any, uscc: str | None) -> Organisation | None:
    """The organisation whose reports ``user`` may see: an enterprise's own (``uscc`` ignored
    unless it names the same firm), or for staff the one named by ``uscc`` within their
    scope. ``None`` when there is none or it is out of scope (shown as not found)."""
    if not permissions.can(user, permissions.VIEW_CONTRACT):
        return None
    scoped = permissions.scope_organisations(
        user, Organisation.objects.select_related("region", "park"), permissions.VIEW_CONTRACT
    )
    uscc = (uscc or "").strip().upper() or None
    if permissions.acts_for_one_organisation(user):
        own = scoped.first()
        if own is None or (uscc and uscc != own.uscc):
            return None
        return own
    if not uscc:
        return None
    return scoped.filter(uscc=uscc).first()


@dataclass(frozen=True)
class YearFigures:
    year: int
    employees: int | None
    employees_college: int | None
    revenue: str | None
    so_revenue: str | None
    offshore_so_revenue: str | None
    # issue 19: the facts of the remaining provisions, reported with the year's figures
    central_training_funds: str | None = None
    higher_level_grants: str | None = None
    expert_fees: str | None = None
    guaranteed_loans: str | None = None
    loan_interest: str | None = None
    ip_registrations: int | None = None
    talents_introduced: int | None = None
    office_lease_started: Any = None
    high_tech_enterprise: bool | None = None


@dataclass(frozen=True)
class Profile:
    organisation: Organisation
    years: list[YearFigures]
    certifications: list[Any]
    recognitions: list[Any]


def organisation_profile(organisation: Organisation) -> Profile:
    years = [
        YearFigures(
            year=row.year,
            employees=row.employees,
            employees_college=row.employees_college,
            revenue=format_fen(row.revenue_fen),
            so_revenue=format_fen(row.so_revenue_fen),
            offshore_so_revenue=format_fen(row.offshore_so_revenue_fen),
            central_training_funds=format_fen(row.central_training_funds_fen),
            higher_level_grants=format_fen(row.higher_level_grants_fen),
            expert_fees=format_fen(row.expert_fees_fen),
            guaranteed_loans=format_fen(row.guaranteed_loans_fen),
            loan_interest=format_fen(row.loan_interest_fen),
            ip_registrations=row.ip_registrations,
            talents_introduced=row.talents_introduced,
            office_lease_started=row.office_lease_started,
            high_tech_enterprise=row.high_tech_enterprise,
        )
        for row in OrganisationYear.objects.filter(organisation=organisation).order_by("-year")
    ]
    return Profile(
        organisation=organisation,
        years=years,
        certifications=list(organisation.certifications.order_by("-date")),
        recognitions=list(organisation.recognitions.order_by("-date")),
    )


@dataclass(frozen=True)
class ExecutionRow:
    execution_id: str
    execution_date: Any
    amount: str
    currency: str
    receipt_ref: str


@dataclass(frozen=True)
class ContractRow:
    contract_id: str
    client_name: str
    client_country: str
    offshore: bool
    category: str
    signed_date: Any
    amount: str
    currency: str
    executions: list[ExecutionRow] = field(default_factory=list)


def contracts_of(organisation: Organisation) -> list[ContractRow]:
    """The organisation's contracts, newest signature first, each with its executions."""
    contracts = Contract.objects.filter(organisation=organisation).order_by(
        "-signed_date", "contract_id"
    )
    contracts = contracts.prefetch_related(
        Prefetch("executions", queryset=Execution.objects.order_by("execution_date", "id"))
    )
    return [
        ContractRow(
            contract_id=c.contract_id,
            client_name=c.client_name,
            client_country=c.client_country,
            offshore=c.offshore,
            category=c.category_id,
            signed_date=c.signed_date,
            amount=format_fen(c.amount_minor) or "0.00",
            currency=c.currency,
            executions=[
                ExecutionRow(
                    execution_id=e.execution_id,
                    execution_date=e.execution_date,
                    amount=format_fen(e.amount_minor) or "0.00",
                    currency=e.currency,
                    receipt_ref=e.receipt_ref,
                )
                for e in c.executions.all()
            ],
        )
        for c in contracts
    ]


# ------------------------------------------------------------- choices for the forms


@lru_cache(maxsize=4)
def _iso_names(domain: str, language: str) -> gettext.NullTranslations:
    languages = {"zh-hans": ["zh_CN"], "en": []}.get(language, [])
    return gettext.translation(
        domain, pycountry.LOCALES_DIR, languages=languages or ["en"], fallback=True
    )


def country_choices(language: str) -> list[tuple[str, str]]:
    """ISO 3166-1 alpha-2 codes (pycountry) with their names in ``language``; the mainland
    (``CN``) first, then HK, MO, TW, then the rest by code."""
    names = _iso_names("iso3166-1", language)
    first = ("CN", "HK", "MO", "TW")
    countries = sorted(
        pycountry.countries,
        key=lambda c: (first.index(c.alpha_2) if c.alpha_2 in first else len(first), c.alpha_2),
    )
    return [(c.alpha_2, _labelled(c.alpha_2, c.name, names, language)) for c in countries]


COMMON_CURRENCIES = ("CNY", "USD", "EUR", "JPY", "HKD", "GBP")


def currency_choices(language: str) -> list[tuple[str, str]]:
    """ISO 4217 codes (pycountry): the common ones first, then the rest by code."""
    names = _iso_names("iso4217", language)
    currencies = sorted(
        pycountry.currencies,
        key=lambda c: (
            COMMON_CURRENCIES.index(c.alpha_3) if c.alpha_3 in COMMON_CURRENCIES else 99,
            c.alpha_3,
        ),
    )
    return [(c.alpha_3, _labelled(c.alpha_3, c.name, names, language)) for c in currencies]


def currency_name(code: str, language: str) -> str:
    """ISO 4217's name of ``code`` in ``language`` (美元, 欧元, 港元), or the code where the
    catalogue has no name in that language."""
    currency = pycountry.currencies.get(alpha_3=code)
    if currency is None:
        return code
    labelled = _labelled(code, currency.name, _iso_names("iso4217", language), language)
    return labelled.removeprefix(f"{code} ")  # "EUR 欧元" → 欧元; a bare code stays


def _labelled(code: str, english: str, names: gettext.NullTranslations, language: str) -> str:
    """``CODE name``; the code alone on a Chinese page where ISO's catalogue has no Chinese
    name yet (new currencies such as XCG, ZWG), rather than English on a Chinese page."""
    name = names.gettext(english)
    if name == english and language != "en":
        return code
    return f"{code} {name}"


def category_choices(language: str) -> list[tuple[str, str]]:
    english = language == "en"
    return [
        (c.code, f"{c.code} {c.name_en if english else c.name_zh}")
        for c in Category.objects.order_by("code")
    ]
