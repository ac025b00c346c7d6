"""The home page per role (工作台, issue 22 item 1): each role's to-do figures against the
database, only links the role may open, and the scope (an enterprise sees only itself, a
district reviewer only its district)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

ROLES = ("enterprise", "district_reviewer", "city_admin", "leader", "analyst", "system_admin")


def _home(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response, response.content.decode()


def _section(html, css_class):
    match = re.search(rf'class="{css_class}"(.*?)</(table|ul|p|dl)>', html, re.S)
    assert match, css_class
    return match.group(1)


def _links(html):
    main = html.split("<main>", 1)[1].split("</main>", 1)[0]
    return sorted(set(re.findall(r'href="(/[^"]*)"', main)))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_link_on_the_home_page_opens_for_its_user(client, funds_world, role):
    _, html = _home(client, funds_world.users[role])
    links = _links(html)
    assert links, "a workbench offers its next steps"
    for url in links:
        response = client.get(url)
        assert response.status_code == 200, (role, url, response.status_code)


@pytest.mark.django_db
def test_the_public_keeps_the_public_home_page(client, funds_world):
    html = client.get("/").content.decode()
    assert "工作台" not in html
    assert "/calculator/try/" in html


@pytest.mark.django_db
def test_the_enterprise_sees_its_entitlements_applications_and_what_to_report(client, funds_world):
    from waibao.funds.models import Application, FundEntitlement

    _, html = _home(client, funds_world.users["enterprise"])
    entitlements = _section(html, "workbench-entitlements")
    own = FundEntitlement.objects.filter(organisation=funds_world.orgs.own)
    assert entitlements.count("<tr>") - 1 == own.count() == 2
    assert "1,234,567.80" in entitlements  # the fixed amount, exact, grouped
    assert "由主管部门核定" in entitlements  # the discretionary one
    assert f"/funds/applications/{funds_world.applications['own'].pk}/" in entitlements
    applications = _section(html, "workbench-applications")
    mine = Application.objects.filter(organisation=funds_world.orgs.own)
    assert applications.count("<tr>") - 1 == mine.count() == 1
    # only itself: no other firm's clause, name or application
    for other in ("waiting", "reviewed", "outside"):
        assert f"/funds/applications/{funds_world.applications[other].pk}/" not in html
    for org in (funds_world.orgs.district, funds_world.orgs.city, funds_world.orgs.elsewhere):
        assert org.name not in html
    last_year = timezone.localdate().year - 1
    assert f"{last_year}年度数据未报送" in _section(html, "workbench-unreported")


@pytest.mark.django_db
def test_reporting_last_years_figures_clears_the_enterprise_to_do(client, funds_world):
    from waibao.registry.models import OrganisationYear

    OrganisationYear.objects.create(
        organisation=funds_world.orgs.own, year=timezone.localdate().year - 1, employees=10
    )
    _, html = _home(client, funds_world.users["enterprise"])
    assert 'class="workbench-unreported"' not in html
    assert "已报送上年度数据" in html


@pytest.mark.django_db
def test_the_district_reviewer_sees_its_queue_with_ages_and_its_firms_reporting(
    client, funds_world
):
    from waibao.funds.models import Application
    from waibao.registry.models import Organisation, OrganisationYear

    last_year = timezone.localdate().year - 1
    OrganisationYear.objects.create(organisation=funds_world.orgs.district, year=last_year)
    _, html = _home(client, funds_world.users["district_reviewer"])
    queue = _section(html, "workbench-queue")
    waiting = Application.objects.filter(
        status=Application.Status.SUBMITTED, organisation__region_id="440106"
    )
    assert queue.count("<tr>") - 1 == waiting.count() == 1
    assert f"待审核（{waiting.count()}）" in html
    assert re.search(r'class="days">5<', queue)
    firms = _section(html, "workbench-firms")
    tianhe = Organisation.objects.filter(region_id="440106")
    assert firms.count("<tr>") - 1 == tianhe.count() == 2
    for org in (funds_world.orgs.city, funds_world.orgs.elsewhere):
        assert org.uscc not in html
    assert "已报送 1 家，未报送 1 家" in html


@pytest.mark.django_db
def test_the_city_administrator_sees_fund_lines_queue_publications_and_overdue_tasks(
    client, funds_world
):
    from waibao.funds.models import Application, BudgetLine, Publication
    from waibao.funds.selectors import budget_line_balance
    from waibao.money import format_fen
    from waibao.numbers_display import grouped

    now = timezone.now()
    line = BudgetLine.objects.filter(fund__city_code="440100").first()
    Publication.objects.create(
        fund=line.fund,
        year=2010,
        title="广州测试公示",
        published_at=now - dt.timedelta(days=5),
        ends_at=now + dt.timedelta(days=2),
        published_by=funds_world.users["city_admin"],
    )
    Publication.objects.create(
        fund=BudgetLine.objects.filter(fund__city_code="330100").first().fund,
        year=2010,
        title="杭州测试公示",
        published_at=now - dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=6),
        published_by=funds_world.users["system_admin"],
    )
    _, html = _home(client, funds_world.users["city_admin"])
    lines = _section(html, "workbench-lines")
    guangzhou_lines = BudgetLine.objects.filter(fund__city_code="440100")
    assert lines.count("<tr>") - 1 == guangzhou_lines.count() > 0
    for each in guangzhou_lines:
        balance = budget_line_balance(line=each)
        assert f'title="{grouped(format_fen(balance.appropriated_fen))}元"' in lines
    assert "杭州" not in lines
    publications = _section(html, "workbench-publications")
    assert "广州测试公示" in publications and "即将结束" in publications
    assert "杭州测试公示" not in html
    queue = _section(html, "workbench-queue")
    city_queue = Application.objects.filter(
        status=Application.Status.DISTRICT_APPROVED, fund__city_code="440100"
    )
    assert queue.count("<tr>") - 1 == city_queue.count() == 1
    overdue = _section(html, "workbench-overdue")
    assert "逾期测试任务" in overdue and "逾期 4 天" in overdue
    assert "杭州逾期任务" not in html


@pytest.mark.django_db
def test_the_leader_and_analyst_see_key_figures_of_their_scope(client, funds_world):
    from waibao.registry.models import Organisation

    _, html = _home(client, funds_world.users["leader"])  # no region: everywhere
    figures = _section(html, "workbench-figures")
    assert f"<dd>{Organisation.objects.count()}</dd>" in figures
    assert "/dashboard/" in _links(html)
    _, html = _home(client, funds_world.users["analyst"])  # Zhejiang
    figures = _section(html, "workbench-figures")
    zhejiang = Organisation.objects.filter(region__code__startswith="33").count()
    assert f"<dd>{zhejiang}</dd>" in figures
    assert "2024年签订合同(份)</dt><dd>1</dd>" in figures
    assert "/statistics/" in _links(html)


@pytest.mark.django_db
def test_the_system_administrator_sees_every_user_with_role_scope_2fa_and_lock(client, funds_world):
    from django.contrib.auth import get_user_model

    from waibao.security.models import Lockout, TOTPDevice

    users = funds_world.users
    TOTPDevice.objects.create(user=users["city_admin"], secret="x", confirmed_at=timezone.now())
    Lockout.objects.create(
        kind=Lockout.Kind.USERNAME,
        key="quji",
        locked_until=timezone.now() + dt.timedelta(minutes=10),
    )
    Lockout.objects.create(
        kind=Lockout.Kind.USERNAME, key="fenxi", locked_until=timezone.now() - dt.timedelta(1)
    )
    _, html = _home(client, users["system_admin"])
    table = _section(html, "workbench-users")
    assert table.count("<tr>") - 1 == get_user_model().objects.count()
    quji = re.search(r"<tr><td>quji</td>(.*?)</tr>", table).group(1)
    assert "区县审核员" in quji and "天河区" in quji and "已锁定" in quji
    shiji = re.search(r"<tr><td>shiji</td>(.*?)</tr>", table).group(1)
    assert "已启用" in shiji and "广州市" in shiji
    fenxi = re.search(r"<tr><td>fenxi</td>(.*?)</tr>", table).group(1)
    assert "已锁定" not in fenxi  # the lock has lifted
    xitong = re.search(r"<tr><td>xitong</td>(.*?)</tr>", table).group(1)
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", xitong)  # signed in just now
    active = get_user_model().objects.filter(is_active=True).count()
    assert f"锁定 1 个，未启用动态口令 {active - 1} 个" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "labels"),
    [
        ("enterprise", ("Workbench", "Policies you qualify for", "set by the competent authority")),
        ("district_reviewer", ("Days waiting", "1 reported", "Not reported")),
        ("city_admin", ("Fund lines", "Overdue supervised tasks")),
        ("system_admin", ("Last sign-in", "without a one-time-password device")),
    ],
)
def test_the_workbench_speaks_english_at_en(client, funds_world, role, labels):
    from waibao.registry.models import OrganisationYear

    OrganisationYear.objects.create(
        organisation=funds_world.orgs.own, year=timezone.localdate().year - 1
    )
    client.force_login(funds_world.users[role])
    html = client.get("/en/").content.decode()
    for label in labels:
        assert label in html
    for chinese in ("工作台", "可享政策", "待审核", "资金额度", "最近登录"):
        assert chinese not in html
