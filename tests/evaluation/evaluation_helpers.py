"""Builders for the evaluation tests (a uniquely named module: several test folders have a
``conftest`` and only one of them can be imported under that name)."""

from __future__ import annotations

import datetime as dt


def region(code, name, level, parent=None):
    from waibao.registry.models import Region

    return Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent}
    )[0]


def organisation(uscc, where, **fields):
    from waibao.registry.models import Organisation

    return Organisation.objects.create(
        uscc=uscc, name=fields.pop("name", uscc[-4:]), region=where, **fields
    )


def contract(org, category, contract_id, signed, amount_minor, currency="USD", country="US"):
    from waibao.reporting.models import Contract

    return Contract.objects.create(
        organisation=org,
        contract_id=contract_id,
        client_name="Client",
        client_country=country,
        category=category,
        signed_date=signed,
        amount_minor=amount_minor,
        currency=currency,
    )


def execution(c, execution_id, when, amount_minor, currency="USD"):
    from waibao.reporting.models import Execution

    return Execution.objects.create(
        contract=c,
        execution_id=execution_id,
        execution_date=when,
        amount_minor=amount_minor,
        currency=currency,
    )


def year_row(org, year, **fields):
    from waibao.registry.models import OrganisationYear

    return OrganisationYear.objects.create(organisation=org, year=year, **fields)


D = dt.date
