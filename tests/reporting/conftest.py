"""Fixtures for the reporting import tests: registered enterprises and a CSV writer."""

from __future__ import annotations

import csv

import pytest
from reporting_factories import USCC_1, USCC_2

from waibao.registry.models import Organisation


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
