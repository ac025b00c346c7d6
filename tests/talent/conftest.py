"""Talent fixtures: field keys generated per test (never a real key), regions, organisations,
courses, and a roster writer."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from stdnum.cn import ric

from waibao.registry.models import Organisation, Region
from waibao.talent.services import course_create

COLUMNS = [
    "provider_uscc",
    "course_code",
    "id_number",
    "name",
    "phone",
    "enrolled_on",
    "graduation_date",
    "employer_uscc",
    "employed_since",
    "fee_paid_cny",
    "completed_on",
    "final_exam",
    "qualification_exam",
    "certificate_no",
    "hired_by_uscc",
    "hired_on",
]


@pytest.fixture(autouse=True)
def field_keys(monkeypatch):
    """Fresh Fernet and blind-index keys for every test, from the environment."""
    monkeypatch.setenv("WAIBAO_FIELD_KEY", Fernet.generate_key().decode())
    monkeypatch.setenv("WAIBAO_BLIND_INDEX_KEY", Fernet.generate_key().decode())
    monkeypatch.delenv("WAIBAO_FIELD_KEY_FILE", raising=False)
    monkeypatch.delenv("WAIBAO_BLIND_INDEX_KEY_FILE", raising=False)


def id_number(region: str = "330106", birth: str = "19990101", serial: int = 1) -> str:
    body = f"{region}{birth}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")  # it expects a check-digit slot


def uscc(seed: int) -> str:
    from stdnum.cn import uscc as uscc_module

    body = f"91330100MA{seed:07d}"
    return body + uscc_module.calc_check_digit(body)


@pytest.fixture
def regions(db):
    zhejiang = Region.objects.get_or_create(
        code="330000", defaults={"name": "浙江省", "level": "province"}
    )[0]
    hangzhou = Region.objects.get_or_create(
        code="330100", defaults={"name": "杭州市", "level": "city", "parent": zhejiang}
    )[0]
    xihu = Region.objects.get_or_create(
        code="330106", defaults={"name": "西湖区", "level": "district", "parent": hangzhou}
    )[0]
    binjiang = Region.objects.get_or_create(
        code="330108", defaults={"name": "滨江区", "level": "district", "parent": hangzhou}
    )[0]
    guangdong = Region.objects.get_or_create(
        code="440000", defaults={"name": "广东省", "level": "province"}
    )[0]
    guangzhou = Region.objects.get_or_create(
        code="440100", defaults={"name": "广州市", "level": "city", "parent": guangdong}
    )[0]
    tianhe = Region.objects.get_or_create(
        code="440106", defaults={"name": "天河区", "level": "district", "parent": guangzhou}
    )[0]
    return {"xihu": xihu, "binjiang": binjiang, "tianhe": tianhe}


@pytest.fixture
def institution(regions):
    return Organisation.objects.create(
        uscc=uscc(1), name="杭州外包培训学院", kind="training_institution", region=regions["xihu"]
    )


@pytest.fixture
def enterprise(regions):
    return Organisation.objects.create(
        uscc=uscc(2), name="杭州甲软件有限公司", kind="enterprise", region=regions["binjiang"]
    )


@pytest.fixture
def other_enterprise(regions):
    return Organisation.objects.create(
        uscc=uscc(3), name="广州乙信息有限公司", kind="enterprise", region=regions["tianhe"]
    )


@pytest.fixture
def courses(institution):
    return {
        "qbs": course_create(
            provider=institution,
            code="QBS-01",
            name="千百十Java开发",
            qianbaishi=True,
            fee_fen=600000,
        ),
        "plain": course_create(provider=institution, code="GEN-01", name="办公软件"),
        "custom": course_create(
            provider=institution, code="CUS-01", name="甲公司定制班", customised=True
        ),
    }


def write_roster(path: Path, rows: list[dict[str, str]], *, bom: bool = False) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in COLUMNS})
    return path


def roster_row(provider, course_code: str, serial: int, **values: str) -> dict[str, str]:
    row = {
        "provider_uscc": provider.uscc,
        "course_code": course_code,
        "id_number": id_number(serial=serial),
        "name": f"张{'三四五六七八九十'[serial % 8]}{serial}",
        "phone": f"138{serial:08d}",
        "enrolled_on": "2009-03-01",
        "fee_paid_cny": "6000.00",
    }
    row.update(values)
    return row


@pytest.fixture
def today():
    return dt.date(2026, 1, 15)
