from __future__ import annotations

import datetime as dt

import pytest

from access_world import world  # noqa: F401  (the shared fixture, for test_api_access)


def region(code, name, level, parent=None):
    from waibao.registry.models import Region

    return Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent}
    )[0]


@pytest.fixture
def places(db):
    guangdong = region("440000", "广东省", "province")
    guangzhou = region("440100", "广州市", "city", guangdong)
    zhejiang = region("330000", "浙江省", "province")
    hangzhou = region("330100", "杭州市", "city", zhejiang)
    wenzhou = region("330300", "温州市", "city", zhejiang)
    return {
        "guangzhou": guangzhou,
        "tianhe": region("440106", "天河区", "district", guangzhou),
        "hangzhou": hangzhou,
        "xihu": region("330106", "西湖区", "district", hangzhou),
        "wenzhou": wenzhou,
        "lucheng": region("330302", "鹿城区", "district", wenzhou),
    }


@pytest.fixture
def category(db):
    from waibao.reporting.models import Category

    return Category.objects.get_or_create(
        code="ITO.01",
        defaults={"group": "ITO", "name_zh": "软件", "name_en": "Software", "version": "test"},
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
