"""Issue 21's screenshots, in Chinese and in English at 1440 px (the calculator also at
390 px): the calculator, the dashboard, the statistics page, a form with errors, and the
404, 403 and 500 pages. ``WAIBAO_SCREENSHOTS=docs/screenshots`` keeps them as
``docs/screenshots/21-*.png``; each page is also checked for its language (the Chinese page
says 政策计算器, the English one Policy calculator …), so the test guards what the pictures
show. The world is the access world with funds and a small demo data set on top."""

from __future__ import annotations

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips the test, or fails it on CI, saying why
    expect = None

OWN = "91440106000000010A"  # the access world's enterprise (tests/access_world.py)
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
LANGUAGES = {"zh": "", "en": "/en"}

# (file name, role, path, the words the page shows in each language)
PAGES = [
    (
        "calculator",
        "city_admin",
        f"/calculator/?year=2024&uscc={OWN}",
        ("政策计算器", "Policy calculator"),
    ),
    ("dashboard", "leader", "/dashboard/", ("领导驾驶舱", "Leadership dashboard")),
    ("statistics", "city_admin", "/statistics/?year=2024", ("统计查询", "")),
    ("404", "enterprise", "/policies/nothing.here/", ("404", "404")),
    ("403", "enterprise", "/dashboard/", ("403", "403")),
]


def _context(chromium, live_server, client, user, viewport):
    from django.conf import settings

    context = chromium.new_context(
        base_url=live_server.url, locale="zh-CN", viewport=viewport, device_scale_factor=1
    )
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    return context


@pytest.mark.slow
@pytest.mark.browser
def test_the_pages_of_issue_21_in_both_languages(
    chromium, live_server, audit_flushable, funds_world, screenshots, client
):
    # the firm's year, typed as people type it, so that clauses apply in the calculator
    client.force_login(funds_world.users["enterprise"])
    reported = client.post(
        "/report/",
        {
            "year": "2024",
            "employees": "120",
            "employees_college": "90",
            "revenue": "12,000,000",
            "so_revenue": "9,000,000",
            "offshore_so_revenue": "6,000,000",
            "talents_introduced": "2",
            "ip_registrations": "3",
            "higher_level_grants": "500,000",
        },
    )
    assert reported.status_code == 302, reported.content.decode()[:2000]
    shots = []
    for name, role, path, words in PAGES:
        for language, prefix in LANGUAGES.items():
            sizes = {"": DESKTOP, "-390": PHONE} if name == "calculator" else {"": DESKTOP}
            for suffix, viewport in sizes.items():
                context = _context(chromium, live_server, client, funds_world.users[role], viewport)
                page = context.new_page()
                page.goto(prefix + path)
                expect(page.locator("html")).to_have_attribute(
                    "lang", "zh-hans" if language == "zh" else "en"
                )
                word = words[0] if language == "zh" else words[1]
                if word:
                    expect(page.locator("body")).to_contain_text(word)
                target = screenshots / f"21-{name}-{language}{suffix}.png"
                page.screenshot(path=str(target), full_page=True)
                shots.append(target)
                context.close()
    # a form with errors: the contract form, sent with what people type wrong
    for language, prefix in LANGUAGES.items():
        context = _context(chromium, live_server, client, funds_world.users["enterprise"], DESKTOP)
        page = context.new_page()
        page.goto(prefix + "/report/contracts/")
        form = page.locator("#contract-form")
        form.locator("[name=contract_id]").fill("HT-2025-01")
        form.locator("[name=amount]").fill("十万")
        form.locator("[name=signed_date]").fill("2025-02-01")
        form.locator("[name=currency]").select_option("USD")
        page.locator("#contract-submit").click()
        errors = form.locator("p.error")
        expect(errors.first).to_be_visible()
        expect(form).to_contain_text("必填" if language == "zh" else "Required")
        target = screenshots / f"21-form-errors-{language}.png"
        form.scroll_into_view_if_needed()
        page.screenshot(path=str(target), full_page=True)
        shots.append(target)
        context.close()
    assert all(shot.stat().st_size > 0 for shot in shots)


def _claim_over_the_entitlement(page, own):
    """Submit the enterprise's draft claiming 1,300,000 against its 1,234,567.80, amounts and
    account as people type them; the submit form, for what it then shows."""
    form = page.locator(f"form[action$='/applications/{own}/submit/']")
    form.locator("[name=claimed]").fill("1,300,000")
    form.locator("[name=account_name]").fill("天河甲软件有限公司")
    form.locator("[name=account_number]").fill("6222 0000 1111 2222")
    form.locator("[name=bank_name]").fill("中国工商银行广州天河支行")
    form.locator("button[type=submit]").click()
    return form


@pytest.mark.slow
@pytest.mark.browser
def test_a_refused_funds_step_in_both_languages(
    chromium, live_server, audit_flushable, funds_world, screenshots, client
):
    """The enterprise submits its draft claiming more than its entitlement: the page says why
    in its language, the amounts as readers write them (issue 21). Kept as
    ``21-funds-refusal-{zh,en}.png``."""
    own = funds_world.applications["own"].pk
    said = {
        "zh": "申请金额 1,300,000.00 元 超过应享金额 1,234,567.80 元",
        "en": "Claimed 1,300,000.00 yuan is more than the entitlement 1,234,567.80 yuan",
    }
    for language, prefix in LANGUAGES.items():
        context = _context(chromium, live_server, client, funds_world.users["enterprise"], DESKTOP)
        page = context.new_page()
        page.goto(f"{prefix}/funds/applications/{own}/")
        form = _claim_over_the_entitlement(page, own)
        # beside the amount it is about (build item 4), what was typed kept
        message = form.locator("#refused-submit-claimed.field-error[role=alert]")
        expect(message).to_contain_text(said[language])
        claimed = form.locator("[name=claimed]")
        expect(claimed).to_have_attribute("aria-invalid", "true")
        expect(claimed).to_have_attribute("aria-describedby", "refused-submit-claimed")
        expect(claimed).to_have_value("1,300,000")
        target = screenshots / f"21-funds-refusal-{language}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 0
        context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_a_refused_amount_is_said_beside_its_field_at_1440_and_390(
    chromium, live_server, audit_flushable, funds_world, screenshots, client
):
    """The same over-claim in Chinese on a desktop and a phone: the message beside the amount,
    in view after the redirect (its fragment), the amount outlined and kept as typed. Kept as
    ``21-funds-refusal-field-{1440,390}.png`` (the visible window, as the person sees it)."""
    own = funds_world.applications["own"].pk
    for viewport in (DESKTOP, PHONE):
        context = _context(chromium, live_server, client, funds_world.users["enterprise"], viewport)
        page = context.new_page()
        page.goto(f"/funds/applications/{own}/")
        _claim_over_the_entitlement(page, own)
        message = page.locator("#refused-submit-claimed")
        expect(message).to_contain_text("超过应享金额 1,234,567.80 元")
        expect(message).to_be_in_viewport()
        expect(page.locator("[name=claimed]")).to_have_value("1,300,000")
        expect(page.locator("ul.messages")).to_have_count(0)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"the page scrolls sideways at {viewport['width']}"
        target = screenshots / f"21-funds-refusal-field-{viewport['width']}.png"
        page.screenshot(path=str(target))
        assert target.stat().st_size > 0
        context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_the_server_error_page_in_both_languages(
    chromium, live_server, audit_flushable, funds_world, screenshots, client, settings, monkeypatch
):
    """A bug meets a signed-in officer with the site's own 500 page, in the page's language,
    inside the layout with a way home: never Django's bare "Server Error (500)"."""
    from pathlib import Path

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "portal"))
    settings.ROOT_URLCONF = "error_urls"  # the site plus a page that fails on purpose
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False  # as in production: the handler answers
    said = {"zh": ("500 · 服务器内部错误", "返回首页"), "en": ("500 · Internal server error", "")}
    for language, prefix in LANGUAGES.items():
        context = _context(chromium, live_server, client, funds_world.users["city_admin"], DESKTOP)
        page = context.new_page()
        response = page.goto(prefix + "/boom/500/")
        assert response is not None and response.status == 500
        heading, home = said[language]
        expect(page.locator("h2")).to_contain_text(heading)
        if home:
            expect(page.locator("main")).to_contain_text(home)
        expect(page.locator("body")).not_to_contain_text("Server Error (500)")
        target = screenshots / f"21-500-{language}.png"
        page.screenshot(path=str(target), full_page=True)
        context.close()
        assert target.stat().st_size > 0
