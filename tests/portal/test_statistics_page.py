"""统计查询 (/statistics/ and /api/statistics/*): each role sees the indicators of its own
region, exactly; files for who may export; bad parameters named."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client

# access_world: four firms, each with a 2024 contract of USD 100,000.00 and an execution of
# USD 70,000.00: two in Tianhe, one in Yuexiu (both Guangzhou), one in Xihu (Hangzhou).
SEEN = {
    "district_reviewer": 2,  # Tianhe
    "city_admin": 3,  # Guangzhou
    "leader": 4,  # no region: everywhere
    "analyst": 1,  # Zhejiang
    "system_admin": 4,
}


def _signed_in(world, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


@pytest.mark.parametrize(("who", "firms"), SEEN.items())
def test_each_role_gets_the_indicators_of_its_region_exactly(world, who, firms):
    response = _signed_in(world, who).get("/api/statistics/indicators?year=2024")
    assert response.status_code == 200, response.content
    [row] = response.json()
    assert row["enterprises_reporting"] == firms
    assert row["contracts_signed"] == firms
    assert row["signed_usd"] == f"{100_000 * firms}.00"
    assert row["executed_usd"] == f"{70_000 * firms}.00"
    assert row["offshore_executed_usd"] == row["executed_usd"]


def test_grouping_and_months_follow_the_query(world):
    client = _signed_in(world, "system_admin")
    rows = client.get("/api/statistics/indicators?year=2024&by=city&by=offshore").json()
    assert [(r["city"], r["offshore"], r["enterprises_reporting"]) for r in rows] == [
        ("330100", True, 1),
        ("440100", True, 3),
    ]
    # through May: the contracts (March) are in, the executions (June) not yet
    [row] = client.get("/api/statistics/indicators?year=2024&through_month=5").json()
    assert row["signed_usd"] == "400000.00" and row["executed_usd"] == "0.00"


def test_the_page_shows_the_table_in_chinese_and_offers_files_to_who_may_export(world):
    analyst = _signed_in(world, "analyst").get("/statistics/?year=2024&by=group")
    html = analyst.content.decode()
    # amounts in 万 with the exact value on hover; the group by its name, not ITO/BPO
    assert "填报企业数(家)" in html and 'title="100,000.00">10.00万<' in html
    assert "信息技术外包" in html and "<td>ITO</td>" not in html
    assert "format=xlsx" in html
    # figures right-aligned on one line, the group name kept whole, the year plain
    assert '<td class="amount"><span class="number" title="100,000.00">10.00万<' in html
    assert '<td class="key">信息技术外包</td><td>2024</td>' in html
    assert "下载：" in html
    leader = _signed_in(world, "leader").get("/statistics/?year=2024").content.decode()
    assert 'title="400,000.00">40.00万<' in leader and "format=xlsx" not in leader


def test_the_files_hold_the_same_figures_as_the_api(world):
    from openpyxl import load_workbook

    client = _signed_in(world, "city_admin")
    api = client.get("/api/statistics/indicators?year=2024&by=region_code").json()
    workbook = client.get("/statistics/?year=2024&by=region_code&format=xlsx")
    assert workbook["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert [dict(zip(header, r, strict=True))["executed_usd"] for r in rows] == [
        r["executed_usd"] for r in api
    ]
    text = client.get("/api/statistics/export?year=2024&by=region_code&format=csv")
    table = list(csv.DictReader(io.StringIO(text.content.decode())))
    assert [(r["region_code"], r["signed_usd"]) for r in table] == [
        ("440104", "100000.00"),
        ("440106", "200000.00"),
    ]


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("year=2024&by=colour", "colour"),
        ("year=2024&through_month=13", "through_month"),
        ("year=abc", "abc"),
        ("year=2024&format=pdf", "pdf"),
    ],
)
def test_a_bad_query_is_a_400_naming_what_is_wrong(world, query, named):
    response = _signed_in(world, "analyst").get(f"/statistics/?{query}")
    assert response.status_code == 400
    assert named in response.content.decode()


def test_an_unknown_grouping_sends_the_reader_to_the_named_choices_not_to_field_ids(world):
    html = _signed_in(world, "analyst").get("/statistics/?year=2024&by=district").content
    said = html.decode()
    assert "没有“district”这一分组：请重新查询，在“分组”中勾选" in said
    assert "region_code" not in said and "client_country" not in said


def test_an_amount_without_a_yearly_rate_is_named_not_a_server_error(world):
    from waibao.reporting.models import ExchangeRate

    ExchangeRate.objects.filter(currency="USD", year=2024).delete()
    client = _signed_in(world, "system_admin")
    page = client.get("/statistics/?year=2024")
    assert page.status_code == 409
    assert "缺少年平均汇率：USD 2024（请系统管理员在管理后台“年平均汇率”中补充）" in (
        page.content.decode()
    )
    english = client.get("/en/statistics/?year=2024").content.decode()
    assert "No yearly average exchange rate for USD 2024" in english
    api = client.get("/api/statistics/indicators?year=2024")
    assert api.status_code == 409 and "USD 2024" in api.json()["detail"]
    assert client.get("/api/statistics/export?year=2024&format=csv").status_code == 409


def test_each_download_is_audited_and_listed_on_the_analysts_home(world):
    """Who took which figures away is in the audit trail (statistics.export, the file's name),
    from the page and from the API alike; the analyst's home lists its own, newest first."""
    from waibao.audit.models import AuditRecord

    analyst = _signed_in(world, "analyst")
    assert analyst.get("/statistics/?year=2024&by=group&format=xlsx").status_code == 200
    assert analyst.get("/api/statistics/export?year=2024&format=csv").status_code == 200
    _signed_in(world, "city_admin").get("/statistics/?year=2024&format=json")
    analyst.get("/statistics/?year=2024")  # reading the page is no export
    records = AuditRecord.objects.filter(action="statistics.export").order_by("sequence")
    assert [(r.actor_username, r.reason) for r in records] == [
        ("fenxi", "waibao-indicators-2024-12-by-group.xlsx"),
        ("fenxi", "waibao-indicators-2024-12.csv"),
        ("shiji", "waibao-indicators-2024-12.json"),
    ]
    assert records[0].payload["by"] == ["group"] and records[0].payload["items"] == 1
    home = analyst.get("/").content.decode()
    listed = home[home.index('class="workbench-exports"') :]
    assert listed.index("waibao-indicators-2024-12.csv") < listed.index(
        "waibao-indicators-2024-12-by-group.xlsx"
    )
    assert ".json" not in listed  # the city administrator's, not the analyst's


@pytest.mark.parametrize("path", ["/statistics/?year=2024", "/statistics/employees/?year=2024"])
def test_both_queries_offer_their_downloads_only_to_who_may_export(world, path):
    """The one downloads block (portal/_exports.html): XLSX, CSV and JSON of the query shown,
    its filters kept; a district reviewer, who may look but not export, is offered none."""
    page = _signed_in(world, "analyst").get(path).content.decode()
    offered = re.findall(r'<a href="\?([^"]*)" download>', page)
    assert sorted(link.rsplit("format=", 1)[1] for link in offered) == ["csv", "json", "xlsx"]
    assert all("year=2024" in link for link in offered)
    reviewer = _signed_in(world, "district_reviewer").get(path).content.decode()
    assert 'class="exports"' not in reviewer
