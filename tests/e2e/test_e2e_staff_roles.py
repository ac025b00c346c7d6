"""The leader, the analyst and the system administrator at work in the browser, in Chinese
and in English: the leader reads the dashboard (ECharts drawn from Waibao's own static files)
and the targets, and is offered no download; the analyst queries the indicators of its city
and downloads the workbook, whose figures are the page's; the system administrator opens user
management. One screenshot per step (``WAIBAO_SCREENSHOTS``)."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import translation
from e2e_actor import Actor
from e2e_world import build_staff

from waibao.portal import names

try:
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips the test, or fails it on CI, saying why
    expect = None


def _busiest_year_of_wenzhou() -> int:
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from waibao.reporting.models import Execution

    years = (
        Execution.objects.filter(contract__organisation__region__code__startswith="3303")
        .annotate(year=ExtractYear("execution_date"))
        .values("year")
        .annotate(n=Count("id"))
        .order_by("-n", "-year")
    )
    return int(years[0]["year"])


@pytest.mark.slow
@pytest.mark.browser
def test_leader_analyst_and_administrator_do_their_work_in_the_browser(
    chromium, live_server, audit_flushable, e2e_data_dir, screenshots
):
    from django.db import connections
    from openpyxl import load_workbook

    world = build_staff()
    year = _busiest_year_of_wenzhou()
    base = live_server.url
    leader = Actor(chromium, base, screenshots)
    analyst = Actor(chromium, base, screenshots)
    admin = Actor(chromium, base, screenshots)
    try:
        # 1. the leader: the dashboard's charts are drawn (ECharts renders into a canvas)
        leader.sign_in(world.leader, "/dashboard/")
        leader.sees("领导驾驶舱")
        for chart in ("executed", "counts", "districts"):
            expect(leader.page.locator(f"#chart-{chart} canvas")).to_have_count(1)
        leader.shot("13-leader-dashboard")
        # 2. the targets, then the same page in English
        leader.open("/dashboard/targets/")
        leader.sees("目标完成进度")
        leader.shot("14-leader-targets")
        leader.switch_language("en", "切换语言")
        expect(leader.page).to_have_url(re.compile(r"/en/dashboard/targets/"))
        leader.sees("Progress against targets")
        leader.shot("15-leader-targets-en")
        # 3. a leader reads statistics but takes no file away
        leader.open(f"/en/statistics/?year={year}")
        leader.sees("Enterprises reporting")
        expect(leader.main().get_by_role("link", name="XLSX")).to_have_count(0)

        # 4. the analyst: the indicators of Wenzhou by business group, then the workbook
        analyst.sign_in(world.analyst, "/statistics/")
        analyst.sees("统计查询")
        analyst.page.get_by_label("年度").fill(str(year))
        analyst.page.get_by_label("业务类别").check()
        analyst.page.get_by_role("button", name="查询").click()
        expect(analyst.page).to_have_url(re.compile(rf"year={year}.*by=group"))
        rows = analyst.main().locator("table.indicators tbody tr")
        expect(rows.first).to_contain_text(str(year))
        # the page shows names and 万/亿; the exact figure is each amount's hover title
        shown = [[_exact(cell) for cell in row.locator("td").all()] for row in rows.all()]
        analyst.shot("16-analyst-statistics")
        with analyst.page.expect_download() as download:
            analyst.main().get_by_role("link", name="XLSX").click()
        assert download.value.suggested_filename == f"waibao-indicators-{year}-12-by-group.xlsx"
        sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
        header, *cells = [list(r) for r in sheet.iter_rows(values_only=True)]
        assert header[:3] == ["group", "year", "contracts_signed"]
        with translation.override("zh-hans"):
            named = [[names.group_name(r[0]), *(str(c) for c in r[1:5])] for r in cells]
        assert named == [r[:5] for r in shown]
        # 5. the same page in English
        analyst.switch_language("en", "切换语言")
        analyst.sees("Enterprises reporting", "Value executed (USD)")
        analyst.shot("17-analyst-statistics-en")

        # 6. the system administrator: user management lists the people and their roles
        admin.sign_in(world.system_admin, "/statistics/")
        admin.page.locator("nav.menu summary", has_text="系统").click()  # its heading
        admin.page.locator("nav.menu").get_by_role("link", name="用户管理").click()
        body = admin.page.locator("body")
        for username in ("lingdao", "fenxi", "xitong"):
            expect(body).to_contain_text(username)
        admin.shot("18-admin-users")
    finally:
        for actor in (leader, analyst, admin):
            actor.close()
        connections.close_all()
    assert {p.name for p in screenshots.glob("*.png")} >= {
        f"{n}.png"
        for n in (
            "13-leader-dashboard",
            "14-leader-targets",
            "15-leader-targets-en",
            "16-analyst-statistics",
            "17-analyst-statistics-en",
            "18-admin-users",
        )
    }


def _exact(cell) -> str:
    """A statistics cell as the file holds it: an amount's exact hover title, else the text,
    without thousands separators."""
    number = cell.locator("span.number[title]")
    text = number.get_attribute("title") if number.count() else cell.inner_text()
    return (text or "").strip().replace(",", "")
