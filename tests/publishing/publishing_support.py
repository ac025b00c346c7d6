"""Fixtures for publishing: a fresh data directory, two Datong city administrators (an
author and a reviewer), a Hangzhou one, an enterprise user, and a small registry."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("WAIBAO_DATA_DIR", str(tmp_path / "data"))


def region(code: str, name: str):
    from waibao.registry.models import Region

    level = "province" if code.endswith("0000") else "city" if code.endswith("00") else "district"
    parent = None
    if level == "city":
        parent = region(code[:2] + "0000", code[:2])
    elif level == "district":
        parent = region(code[:4] + "00", code[:4])
    obj, _ = Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent}
    )
    return obj


@pytest.fixture
def staff(db, django_user_model):
    from waibao.accounts.models import Profile

    def make(username: str, city: str = "140200", role: str = "city_admin"):
        user = django_user_model.objects.create_user(username=username, password="pw")
        Profile.objects.create(user=user, role=role, region=region(city, city))
        return user

    return make


@pytest.fixture
def author(staff):
    return staff("author")


@pytest.fixture
def reviewer(staff):
    return staff("reviewer")


@pytest.fixture
def registry(db):
    """Enterprises of Datong in two districts with a park; returns a maker of executions."""
    from waibao.registry.models import Organisation, Park
    from waibao.reporting.models import Category, Contract, Execution

    region("140213", "平城区")
    region("140214", "云冈区")
    Category.objects.get_or_create(
        code="ITO01",
        defaults={"group": "ITO", "name_zh": "软件", "name_en": "Software", "version": "t"},
    )
    Category.objects.get_or_create(
        code="BPO01",
        defaults={"group": "BPO", "name_zh": "流程", "name_en": "Process", "version": "t"},
    )
    Park.objects.create(
        park_id="DT-PC-01",
        name="大同数字经济产业园",
        region_id="140213",
        capacity_sqm=120_000,
        vacant_sqm=30_000,
    )
    counter = {"n": 0}

    def execution(org_name: str, district: str, group: str, usd_cents: int, day=date(2025, 6, 1)):
        counter["n"] += 1
        n = counter["n"]
        org, _ = Organisation.objects.get_or_create(
            name=org_name,
            defaults={
                "uscc": f"91{district}{n:08d}X"[:18],
                "region_id": district,
                "park_id": "DT-PC-01" if district == "140213" else None,
            },
        )
        contract = Contract.objects.create(
            organisation=org,
            contract_id=f"C{n}",
            client_name="Client",
            client_country="US",
            category_id=f"{group}01",
            signed_date=day,
            amount_minor=usd_cents,
            currency="USD",
        )
        Execution.objects.create(
            contract=contract,
            execution_id=f"E{n}",
            execution_date=day,
            amount_minor=usd_cents,
            currency="USD",
        )
        return org

    return execution


def four_fen_twice(organisation, year: int = 2025) -> None:
    """Two CNY 0.04 executions (and one CNY 0.04 contract) of ``organisation`` with USD at
    8.000000 CNY in ``year``: each amount is 0.5 US cent, so 1 cent converted on its own
    (half up) and 2 cents for the two executions, where converting their sum gives 1."""
    from waibao.reporting.models import Contract, ExchangeRate, Execution

    ExchangeRate.objects.update_or_create(
        currency="USD", year=year, defaults={"cny_per_unit": "8.000000", "source": "t"}
    )
    contract = Contract.objects.create(
        organisation=organisation,
        contract_id="HALF",
        client_name="Client",
        client_country="CN",
        category_id="ITO01",
        signed_date=date(year, 2, 1),
        amount_minor=4,
        currency="CNY",
    )
    for n in (1, 2):
        Execution.objects.create(
            contract=contract,
            execution_id=f"HALF{n}",
            execution_date=date(year, 2, n),
            amount_minor=4,
            currency="CNY",
        )
