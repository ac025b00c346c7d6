"""从业人员查询's downloads and ``GET /api/statistics/employees``: the same figures as the page
(which tests/portal/test_cockpit.py checks against the database), the same scope, and each
download audited as ``statistics.export`` like the statistics downloads."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.test import Client

YEARS = [f"{year}年" for year in range(2020, 2025)]


@pytest.fixture
def staff_world(world):
    """access_world and year-end staff: Tianhe's two firms 100 + 50 (2024) and 80 (2023, one
    firm), Yuexiu none, Xihu (Hangzhou) 30 (2024)."""
    from waibao.registry.models import OrganisationYear

    for organisation, year, staff in (
        (world.orgs.own, 2024, 100),
        (world.orgs.district, 2024, 50),
        (world.orgs.own, 2023, 80),
        (world.orgs.elsewhere, 2024, 30),
    ):
        OrganisationYear.objects.create(organisation=organisation, year=year, employees=staff)
    return world


def _signed_in(world, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def _page(client: Client, query: str) -> dict[str, dict[str, str]]:
    """The page's table as {code: {header: cell text}} ("" is the total)."""
    html = client.get(f"/statistics/employees/?{query}").content.decode()
    table = re.search(r'<table class="indicators employment">(.*?)</table>', html, re.S).group(1)
    head, body = table.split("</thead>", 1)
    headers = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<th[^>]*>(.*?)</th>", head)]
    rows = {}
    for code, row in re.findall(r'<tr[^>]*data-code="([^"]*)">(.*?)</tr>', body, re.S):
        cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)]
        rows[code] = dict(zip(headers, cells, strict=True))
    return rows


def _as_page(items: list[dict], key: str) -> dict[str, dict[str, str]]:
    """Machine items as the page writes them: {code: {header: text}}, the page's grouping."""
    from waibao import numbers_display

    rows: dict[str, dict[str, str]] = {}
    for item in items:
        code = item.get(key) or ""
        row = rows.setdefault(code, {})
        staff = item["employees"]
        row[f"{item['year']}年"] = "—" if staff in (None, "") else numbers_display.grouped(staff)
        if int(item["year"]) == 2024:  # a CSV cell is text
            change = item["employees_yoy"]
            row["同比增长"] = (
                "—" if change in (None, "") else numbers_display.percent(change, signed=True)
            )
            row["2024年报送企业(家)"] = str(item["enterprises_reporting"])
    return rows


def _shown(page: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """The page's figures without the name column."""
    keep = {*YEARS, "同比增长", "2024年报送企业(家)"}
    return {code: {k: v for k, v in row.items() if k in keep} for code, row in page.items()}


@pytest.mark.parametrize("by", ["", "region_code", "city"])
def test_the_api_and_every_file_hold_the_pages_figures(staff_world, by):
    from openpyxl import load_workbook

    client = _signed_in(staff_world, "system_admin")
    query = "year=2024" + (f"&by={by}" if by else "")
    page = _shown(_page(client, query))
    assert page[""]["2024年"] == "180" and page[""]["2023年"] == "80"

    api = client.get(f"/api/statistics/employees?{query}")
    assert api.status_code == 200, api.content
    items = api.json()
    assert len(items) == 5 * len(page)
    assert _as_page(items, by) == page
    assert items[4] == {
        **({by: None} if by else {}),
        "year": 2024,
        "employees": 180,
        "employees_yoy": "1.2500",
        "enterprises_reporting": 3,
    }

    downloaded = client.get(f"/statistics/employees/?{query}&format=json")
    assert json.loads(downloaded.content) == items
    assert downloaded["Content-Disposition"] == (
        f'attachment; filename="waibao-employees-2024{f"-by-{by}" if by else ""}.json"'
    )
    text = client.get(f"/api/statistics/employees/export?{query}&format=csv").content.decode()
    table = list(csv.DictReader(io.StringIO(text)))
    assert _as_page(table, by) == page
    book = client.get(f"/statistics/employees/?{query}&format=xlsx")
    header, *rows = load_workbook(io.BytesIO(book.content)).active.iter_rows(values_only=True)
    assert [dict(zip(header, r, strict=True)) for r in rows] == items


def test_a_district_reviewer_gets_its_district_and_an_enterprise_is_refused(staff_world):
    reviewer = _signed_in(staff_world, "district_reviewer")  # Tianhe
    items = reviewer.get("/api/statistics/employees?year=2024&by=city").json()
    assert {(i["city"], i["year"], i["employees"]) for i in items if i["year"] == 2024} == {
        (None, 2024, 150),
        ("440100", 2024, 150),
    }
    assert _page(reviewer, "year=2024&by=region_code").keys() == {"", "440106"}
    # a district reviewer reads but takes nothing away (no export_statistics)
    assert reviewer.get("/statistics/employees/?year=2024&format=csv").status_code == 403
    assert "format=csv" not in reviewer.get("/statistics/employees/?year=2024").content.decode()
    enterprise = _signed_in(staff_world, "enterprise")
    assert enterprise.get("/api/statistics/employees?year=2024").status_code == 403
    assert enterprise.get("/statistics/employees/?year=2024").status_code == 403
    assert (
        enterprise.get("/api/statistics/employees/export?year=2024&format=csv").status_code == 403
    )


def test_each_download_is_audited_as_a_statistics_export(staff_world):
    from waibao.audit.models import AuditRecord

    analyst = _signed_in(staff_world, "analyst")
    assert analyst.get("/statistics/employees/?year=2024&by=city&format=xlsx").status_code == 200
    assert analyst.get("/api/statistics/employees/export?year=2024&format=csv").status_code == 200
    analyst.get("/statistics/employees/?year=2024")  # reading the page is no export
    analyst.get("/api/statistics/employees?year=2024")  # nor is the API's JSON
    records = AuditRecord.objects.filter(action="statistics.export").order_by("sequence")
    assert [(r.actor_username, r.reason) for r in records] == [
        ("fenxi", "waibao-employees-2024-by-city.xlsx"),
        ("fenxi", "waibao-employees-2024.csv"),
    ]
    assert records[0].payload == {
        "query": "employees",
        "year": 2024,
        "by": ["city"],
        "format": "xlsx",
        "items": 10,  # Zhejiang: the region and Hangzhou, five years each
    }
    home = analyst.get("/").content.decode()
    assert "waibao-employees-2024.csv" in home[home.index('class="workbench-exports"') :]


def test_a_wrong_format_is_a_400_naming_it(staff_world):
    response = _signed_in(staff_world, "analyst").get("/statistics/employees/?year=2024&format=pdf")
    assert response.status_code == 400 and "pdf" in response.content.decode()


JSON, FILE = "/api/statistics/employees", "/api/statistics/employees/export"


@pytest.mark.parametrize(
    "url",
    [
        f"{JSON}?year=2999",  # beyond the years any field takes
        f"{JSON}?year={2**63}",
        f"{JSON}?year=2024&by=colour",
        f"{FILE}?year=2024&by=colour&format=csv",
        f"{FILE}?year=2024&format=pdf",
        f"{FILE}?year=2024",  # no format
    ],
)
def test_the_api_names_a_wrong_parameter_never_a_server_error(staff_world, url):
    response = _signed_in(staff_world, "analyst").get(url)
    assert response.status_code == 422, response.content


def test_a_year_that_has_not_begun_is_a_400_naming_it(staff_world):
    from django.utils import timezone

    next_year = timezone.localdate().year + 1
    response = _signed_in(staff_world, "analyst").get(f"/api/statistics/employees?year={next_year}")
    assert response.status_code == 400 and str(next_year) in response.json()["detail"]
