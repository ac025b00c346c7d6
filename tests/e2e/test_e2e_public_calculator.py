"""The public calculator (政策试算) in the browser, as a firm that is not registered would use it:
from the home page's menu, without signing in, in Chinese by the form and in English by a facts
file; every clause shown with amount, explanation and citation. Screenshots 19 and 20."""

from __future__ import annotations

import json

import pytest
from e2e_actor import Actor

try:
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips the test, or fails it on CI, saying why
    expect = None

CLAUSE = "hangzhou.13.certification"  # half of a new CMMI certification's cost, 150,000 at most


@pytest.mark.slow
@pytest.mark.browser
def test_an_anonymous_firm_calculates_its_entitlements_in_chinese_and_in_english(
    chromium, live_server, audit_flushable, screenshots, tmp_path
):
    from waibao.audit.models import AuditRecord

    firm = Actor(chromium, live_server.url, screenshots)
    try:
        # 1. Chinese: from the home page's menu to the form, no sign-in
        firm.open("/")
        firm.page.locator("nav.menu summary", has_text="政策").click()  # its heading
        firm.page.locator("nav.menu").get_by_role("link", name="政策试算").click()
        firm.sees("政策试算", "不会保存")
        page = firm.page
        page.get_by_label("年度", exact=True).fill("2023")
        page.get_by_label("适用政策（辖区）").select_option("hangzhou")
        page.get_by_label("名称（可不填）").fill("试算科技")
        page.get_by_label("从业人员（人）").fill("300")
        page.get_by_label("认证", exact=True).select_option("CMMI")
        page.get_by_label("级别（1–5，可不填）").fill("3")
        page.get_by_label("类型", exact=True).select_option("new")
        page.get_by_label("取得日期").fill("2023-05-01")
        page.get_by_label("认证费用（元）").fill("300,000")
        page.get_by_role("button", name="试算", exact=True).click()
        row = page.locator(f'tr[data-clause="{CLAUSE}"]').first
        expect(row).to_contain_text("150000.00")
        expect(row).to_contain_text("杭州")  # the citation names the text
        firm.sees("试算科技", "不适用的条款", "数据未保存")
        firm.shot("19-public-calculator")

        # 2. English: the same page, a facts file of two years instead of the form
        firm.switch_language("en", "切换语言")
        page.wait_for_url("**/en/calculator/try/")
        firm.sees("Policy trial calculation", "not stored")
        record = {
            "uscc": "91330106MA2AXXXX5B",
            "name": "Trial Tech",
            "year": 2023,
            "jurisdiction": "hangzhou",
            "kind": "enterprise",
            "certifications": [
                {
                    "scheme": "CMMI",
                    "level": 3,
                    "event": "new",
                    "date": "2023-05-01",
                    "cost_cny": "300000",
                }
            ],
        }
        facts = tmp_path / "facts.json"
        facts.write_text(json.dumps([record, {**record, "year": 2022}]), encoding="utf-8")
        page.get_by_label("Or upload a facts file (JSON / JSON Lines)").set_input_files(facts)
        page.get_by_role("button", name="Calculate", exact=True).click()
        expect(page.locator("section.public-result")).to_have_count(2)
        expect(page.locator(f'tr[data-clause="{CLAUSE}"]').first).to_contain_text("150000.00")
        firm.sees("91330106MA2AXXXX5B", "Nothing was stored")
        firm.shot("20-public-calculator-en")
    finally:
        firm.close()
    assert not AuditRecord.objects.exists()  # nothing stored, not even in the audit trail
