"""Enterprises, contracts and files for the reporting import tests."""

from __future__ import annotations

import csv

import pytest

from waibao.registry.models import Organisation
from waibao.registry.validation import uscc_check_character

CONTRACT_HEADER = [
    "contract_id",
    "uscc",
    "client_name",
    "client_country",
    "category",
    "signed_date",
    "amount",
    "currency",
]
EXECUTION_HEADER = [
    "execution_id",
    "contract_id",
    "uscc",
    "execution_date",
    "amount",
    "currency",
    "receipt_ref",
]


def make_uscc(serial: int, authority: str = "9") -> str:
    first17 = f"{authority}1330106MA{serial:07d}"
    return first17 + uscc_check_character(first17)


USCC_1, USCC_2, UNREGISTERED = make_uscc(1), make_uscc(2, "N"), make_uscc(99)


@pytest.fixture
def enterprises(db):
    return [
        Organisation.objects.create(uscc=USCC_1, name="杭州西湖软件有限公司", region_id="330106"),
        Organisation.objects.create(uscc=USCC_2, name="温州鹿城数据有限公司", region_id="330302"),
    ]


@pytest.fixture
def write_csv(tmp_path):
    def write(name, header, rows, bom=False):
        path = tmp_path / name
        with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        return path

    return write
