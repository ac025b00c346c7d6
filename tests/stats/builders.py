"""Builders for the statistics tests' data, with get_or_create for the reference rows that
data migrations may already have loaded (regions, categories, rates)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def _region(code: str, name: str, level: str, parent=None):
    from waibao.registry.models import Region

    region, _ = Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent}
    )
    return region


def ensure_regions():
    guangdong = _region("440000", "广东省", "province")
    guangzhou = _region("440100", "广州市", "city", guangdong)
    shanxi = _region("140000", "山西省", "province")
    datong = _region("140200", "大同市", "city", shanxi)
    return {
        "440106": _region("440106", "天河区", "district", guangzhou),
        "440112": _region("440112", "黄埔区", "district", guangzhou),
        "140213": _region("140213", "平城区", "district", datong),
        "140214": _region("140214", "云冈区", "district", datong),
        "140215": _region("140215", "新荣区", "district", datong),
    }


def ensure_categories():
    from waibao.reporting.models import Category

    rows = {
        "ITO.01": ("ITO", "软件研发及外包服务", "Software development and outsourcing"),
        "BPO.01": ("BPO", "企业内部管理服务", "Internal management (HR, finance, accounting)"),
        "KPO.01": ("KPO", "医药和生物技术研发服务", "Pharmaceutical and biotech R&D"),
    }
    return {
        code: Category.objects.get_or_create(
            code=code,
            defaults={"group": g, "name_zh": zh, "name_en": en, "version": "test"},
        )[0]
        for code, (g, zh, en) in rows.items()
    }


RATES = {
    ("USD", 2023): "7.000000",
    ("USD", 2024): "7.100000",
    ("EUR", 2024): "7.810000",
    ("JPY", 2024): "0.050000",
    ("HKD", 2023): "0.890000",
    ("HKD", 2024): "0.910000",
}


def ensure_rates(rates=RATES):
    from waibao.reporting.models import ExchangeRate

    for (currency, year), rate in rates.items():
        ExchangeRate.objects.update_or_create(
            currency=currency,
            year=year,
            defaults={"cny_per_unit": Decimal(rate), "source": "test"},
        )


def make_organisation(key: str, region, *, park=None, ownership=""):
    from waibao.registry.models import Organisation

    # Not real USCCs: the registry model does not check the digit; imports do.
    return Organisation.objects.create(
        uscc=f"91440000TEST{key:0>6}",
        name=f"企业{key}",
        region=region,
        park=park,
        ownership=ownership,
    )


def make_contract(org, contract_id, client, category, signed, amount_minor, currency):
    from waibao.reporting.models import Contract

    return Contract.objects.create(
        organisation=org,
        contract_id=contract_id,
        client_name=f"client of {contract_id}",
        client_country=client,
        category_id=category,
        signed_date=dt.date.fromisoformat(signed),
        amount_minor=amount_minor,
        currency=currency,
    )


def make_execution(contract, execution_id, date, amount_minor, currency):
    from waibao.reporting.models import Execution

    return Execution.objects.create(
        contract=contract,
        execution_id=execution_id,
        execution_date=dt.date.fromisoformat(date),
        amount_minor=amount_minor,
        currency=currency,
    )
