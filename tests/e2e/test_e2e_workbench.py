"""The home page per role (工作台) in the browser, for each of the six roles: the to-do figures
shown equal the database's (counted and summed here, not by the workbench's selectors: rows of
each list, the texts of the reporting and 2FA summaries, the overdue tasks with their days, the
key figures, the leader's executed value, the analyst's exports), every link on it opens for
that user, and a screenshot at 1440 and at 390 px, where the document is no wider than the
window (``WAIBAO_SCREENSHOTS``; ``docs/screenshots/21-home-<role>.png`` and ``…-390.png``).

The session is the test client's (``force_login``), handed to the browser as its cookie: the
sign-in form with its second factor is covered by the other browser tests."""

from __future__ import annotations

from typing import Any

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips the test, or fails it on CI, saying why
    expect = None

ROLES = ("enterprise", "district_reviewer", "city_admin", "leader", "analyst", "system_admin")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}


def _expected_figures(world, role):
    """What each role's workbench must show, read from the database here (not through the
    workbench's own selectors): {selector: row count or exact text}."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from waibao.audit.models import AuditRecord
    from waibao.funds.models import Application, BudgetLine, FundEntitlement
    from waibao.plans.models import Task
    from waibao.registry.models import Organisation, OrganisationYear
    from waibao.reporting.models import Contract, Execution

    today = timezone.localdate()
    last_year = today.year - 1
    if role == "enterprise":
        own = world.orgs.own
        reported = OrganisationYear.objects.filter(organisation=own, year=last_year).exists()
        return {
            "table.workbench-entitlements tbody tr": FundEntitlement.objects.filter(
                organisation=own
            ).count(),
            "table.workbench-applications tbody tr": Application.objects.filter(
                organisation=own
            ).count(),
            "ul.workbench-unreported li": [] if reported else [f"{last_year}年度数据未报送"],
        }
    if role == "district_reviewer":
        queue = Application.objects.filter(
            status=Application.Status.SUBMITTED, organisation__region_id="440106"
        ).count()
        firms = Organisation.objects.filter(region_id="440106")
        reported = firms.filter(years__year=last_year).distinct().count()
        return {
            "table.workbench-queue tbody tr": queue,
            "table.workbench-firms tbody tr": firms.count(),
            "p.workbench-reporting": f"已报送 {reported} 家，未报送 {firms.count() - reported} 家",
        }
    if role == "city_admin":
        queue = Application.objects.filter(
            status=Application.Status.DISTRICT_APPROVED, fund__city_code="440100"
        ).count()
        overdue = Task.objects.filter(jurisdiction="guangzhou", deadline__lt=today)
        return {
            "table.workbench-queue tbody tr": queue,
            "table.workbench-lines tbody tr": BudgetLine.objects.filter(
                fund__city_code="440100"
            ).count(),
            "ul.workbench-overdue li": [
                f"{task.title} — 逾期 {(today - task.deadline).days} 天" for task in overdue
            ],
        }
    if role == "system_admin":
        accounts = get_user_model().objects.all()
        without_2fa = (
            accounts.filter(is_active=True).exclude(totp_device__confirmed_at__isnull=False).count()
        )
        return {
            "table.workbench-users tbody tr": accounts.count(),
            "p.workbench-user-summary": f"锁定 0 个，未启用动态口令 {without_2fa} 个",
        }
    # leader (everywhere) and analyst (Zhejiang): organisations, and contracts signed and
    # executions of the latest year with a contract in scope
    prefix = "" if role == "leader" else "33"
    organisations = Organisation.objects.filter(region__code__startswith=prefix)
    contracts = Contract.objects.filter(organisation__region__code__startswith=prefix)
    year = contracts.latest("signed_date").signed_date.year
    executions = Execution.objects.filter(
        contract__organisation__region__code__startswith=prefix,
        execution_date__gte=dt.date(year, 1, 1),
        execution_date__lte=dt.date(year, 12, 31),
    )
    figures = [
        str(organisations.count()),
        str(contracts.filter(signed_date__year=year).count()),
        str(executions.count()),
    ]
    expected: dict[str, Any] = {"dl.workbench-figures dd": figures}
    if role == "analyst":  # the downloads it made, from the audit trail
        mine = AuditRecord.objects.filter(actor_id=world.users["analyst"].pk)
        expected["ul.workbench-exports li"] = mine.filter(action__icontains="export").count()
    else:  # the cockpit's executed value: every execution of the period, converted one by one
        expected['.cockpit-year [data-figure="executed_usd"] .value .number'] = _executed()
    return expected


def _executed() -> str:
    """The leader's cockpit period is January to the month of the latest execution; its
    executed value in US dollars, each execution converted at its year's rate, then summed."""
    from waibao.money import format_fen
    from waibao.reporting.models import Execution
    from waibao.reporting.rates import Rates

    rates = Rates.from_database()
    latest = Execution.objects.latest("execution_date").execution_date
    rows = Execution.objects.filter(
        execution_date__year=latest.year, execution_date__month__lte=latest.month
    ).values_list("currency", "amount_minor")
    cents = sum(rates.usd_cents(amount, currency, latest.year) for currency, amount in rows)
    whole, fraction = format_fen(cents).split(".")
    return f"{int(whole):,}.{fraction}美元"


def _check(main, selector, expected):
    """A count of rows, the texts of a list's items, or one element's text (or, for an amount
    written in 万, its exact value on hover)."""
    found = main.locator(selector)
    if isinstance(expected, int):
        expect(found).to_have_count(expected)
    elif isinstance(expected, list):
        expect(found).to_have_count(len(expected))
        if expected:
            expect(found).to_have_text(expected)
    elif selector.endswith(".number"):
        expect(found).to_have_attribute("title", expected)
    else:
        expect(found).to_have_text(expected)


@pytest.mark.slow
@pytest.mark.browser
def test_each_role_sees_its_workbench_in_the_browser(
    chromium, live_server, audit_flushable, funds_world, screenshots, client
):
    from django.conf import settings

    from waibao.reporting.reference import categories_load, exchange_rates_load

    # the shipped reference tables, as a database migrated for real holds them: an earlier
    # browser test's flush empties them (the cockpit then finds no USD rate, only in a full run)
    categories_load()
    exchange_rates_load()
    widths = {}
    for role in ROLES:
        client.force_login(funds_world.users[role])
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context = chromium.new_context(
            base_url=live_server.url, locale="zh-CN", viewport=DESKTOP, device_scale_factor=1
        )
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
        page = context.new_page()
        if role == "analyst":  # a download, which the home lists among its recent exports
            assert page.request.get("/statistics/?year=2024&format=csv").status == 200
        page.goto("/")
        main = page.locator("main")
        expect(main).to_contain_text("工作台")
        for selector, expected in _expected_figures(funds_world, role).items():
            _check(main, selector, expected)
        page.screenshot(path=str(screenshots / f"21-home-{role}.png"), full_page=True)
        hrefs = main.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        for href in sorted(set(hrefs)):
            # Opens for the user: neither refused (403), sent to sign in (302) nor hidden
            # (404). The statistics page may answer 409 when its source is unavailable.
            response = page.request.get(href, max_redirects=0)
            assert response.status in (200, 409), (role, href, response.status)
            if response.status == 409:
                assert href.startswith("/statistics/"), (role, href)
        page.set_viewport_size(PHONE)
        page.goto("/")
        widths[role] = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=str(screenshots / f"21-home-{role}-390.png"), full_page=True)
        context.close()
        client.logout()
    # On a phone the home page does not scroll sideways: wide tables scroll in their own box.
    assert widths == dict.fromkeys(ROLES, PHONE["width"]), widths
