"""A special-fund year through the browser, in Chinese (and partly in English): an enterprise
reports its year's figures, a contract and its execution on the reporting pages, sees its
entitlement in the policy calculator with the clause text and applies with evidence; the
district and the city approve; the 公示 is on the public page; the money is paid; the
enterprise sees 已拨付. One screenshot per step (``WAIBAO_SCREENSHOTS``).

The rest of the data comes from ``e2e_world``: the demo data set (among it the firm's 2022
platform-usage fees, the expense the entitlement rests on, which the reporting pages do not
take: the bureau registers expenses) and the funds' own services.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from e2e_actor import Actor
from e2e_world import CLAUSE, CLAUSE_TEXT, FIRM_NAME, FUND_CODE, YEAR, build

try:
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips the test, or fails it on CI, saying why
    expect = None
YEAR_FIGURES = {  # the firm's 2022 figures as it reports them (yuan)
    "employees": "240",
    "employees_college": "180",
    "revenue": "8200000.00",
    "so_revenue": "6500000.00",
    "offshore_so_revenue": "3900000.00",
}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.mark.slow
@pytest.mark.browser
def test_an_enterprise_is_paid_its_entitlement_through_the_browser(
    chromium, live_server, audit_flushable, e2e_data_dir, screenshots
):
    from django.db import connections

    from waibao.audit.selectors import audit_chain_verify
    from waibao.funds.models import Application, LedgerEntry
    from waibao.registry.models import OrganisationYear
    from waibao.reporting.models import Execution

    world = build()
    base = live_server.url
    enterprise = Actor(chromium, base, screenshots)
    reviewer = Actor(chromium, base, screenshots)
    admin = Actor(chromium, base, screenshots)
    clerk = Actor(chromium, base, screenshots)
    treasurer = Actor(chromium, base, screenshots)
    public = Actor(chromium, base, screenshots)
    try:
        # 1. the enterprise signs in and reports its year's figures on the reporting pages
        enterprise.sign_in(world.enterprise, "/report/")
        enterprise.sees("数据填报", FIRM_NAME, "填报年度数据")
        # the demo data set has figures for 2022 already: the firm corrects them
        enterprise.page.locator(f'#years tr[data-year="{YEAR}"]').get_by_role(
            "link", name="修改"
        ).click()
        form = enterprise.page.locator("#year-form")
        expect(form.locator("#year")).to_have_value(str(YEAR))
        for field, value in YEAR_FIGURES.items():
            form.locator(f"#{field}").fill(value)
        enterprise.page.get_by_role("button", name="保存年度数据").click()
        enterprise.sees(f"{YEAR} 年度数据已保存。")
        # shown in 万 as a Chinese reader writes it, the exact figure on hover
        saved = enterprise.page.locator(f'#years tr[data-year="{YEAR}"]')
        expect(saved).to_contain_text("650.00万")
        expect(saved.locator('span[title="6,500,000.00"]')).to_have_count(1)
        enterprise.shot("01-enterprise-reports-year")

        # 2. a contract and its execution, through the forms
        enterprise.page.get_by_role("link", name="合同与执行").click()
        contract = enterprise.page.locator("#contract-form")
        contract.locator("#c-contract_id").fill("WZ-2022-017")
        contract.locator("#c-client_name").fill("Contoso Ltd.")
        contract.locator("#c-client_country").select_option("US")
        contract.locator("#c-category").select_option("ITO.01")
        contract.locator("#c-signed_date").fill(f"{YEAR}-03-01")
        contract.locator("#c-amount").fill("120000.00")
        contract.locator("#c-currency").select_option("USD")
        enterprise.page.get_by_role("button", name="报送合同").click()
        expect(enterprise.page.locator("#contracts")).to_contain_text("WZ-2022-017")
        execution = enterprise.page.locator("#execution-form")
        execution.locator("#e-contract_id").select_option("WZ-2022-017")
        execution.locator("#e-execution_id").fill("WZ-2022-017-1")
        execution.locator("#e-execution_date").fill(f"{YEAR}-09-30")
        execution.locator("#e-amount").fill("80000.00")
        execution.locator("#e-currency").select_option("USD")
        enterprise.page.get_by_role("button", name="报送执行").click()
        expect(enterprise.page.locator("#contracts")).to_contain_text("WZ-2022-017-1")
        enterprise.shot("02-enterprise-reports-contract")

        # 3. the calculator (its tab), for 2022: the entitlement with amount, citation and text
        enterprise.page.get_by_role("link", name="政策计算器").first.click()
        enterprise.page.locator("#calc-year").fill(str(YEAR))
        enterprise.page.get_by_role("button", name="计算").click()
        enterprise.sees("政策计算器", FIRM_NAME)
        row = enterprise.page.locator(f'tr[data-clause="{CLAUSE}"]')
        expect(row).to_contain_text("40000.00")
        expect(row).to_contain_text("上限，可酌定")
        expect(row).to_contain_text(CLAUSE_TEXT)
        expect(row).to_contain_text("温政办〔2012〕117号")
        enterprise.shot("03-enterprise-calculator")

        # 4. the same page in English through the language switch, then back to Chinese
        enterprise.switch_language("en", "切换语言")
        expect(enterprise.page).to_have_url(re.compile(r"/en/calculator/"))
        enterprise.sees("Policy calculator", FIRM_NAME)
        expect(row).to_contain_text("40000.00")
        enterprise.shot("04-enterprise-calculator-en")
        enterprise.switch_language("zh-hans", "Change language")
        enterprise.sees("政策计算器")

        # 5. "去申请" in the row leads to the funds page, where the entitlement is claimable
        row.get_by_role("link", name="去申请").click()
        enterprise.sees("可申请的政策兑现", CLAUSE, "4.00万")
        claimable = enterprise.main().locator("tr", has_text=CLAUSE)
        claimable.get_by_role("button", name="申请").click()
        enterprise.sees("状态：草稿", "资格金额：4.00万元", "申请：4.00万元")

        # 6. evidence and bank details, then submit
        enterprise.page.locator('input[type="file"]').set_input_files(
            {"name": "平台使用费发票.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        enterprise.page.get_by_role("button", name="上传(PDF/JPEG/PNG)").click()
        enterprise.sees("已完成", "平台使用费发票.pdf")
        enterprise.page.get_by_placeholder("开户名").fill(FIRM_NAME)
        enterprise.page.get_by_placeholder("账号").fill("6222000011112222")
        enterprise.page.get_by_placeholder("开户行").fill("中国工商银行温州鹿城支行")
        enterprise.page.get_by_role("button", name="提交").click()
        enterprise.sees("状态：已提交")
        enterprise.shot("05-enterprise-applied")
        application_path = enterprise.page.url.removeprefix(base)

        # 7. the district reviewer (password and TOTP) finds it in the queue; in English first
        reviewer.sign_in(world.district_reviewer, "/funds/")
        reviewer.sees("待审核", FIRM_NAME)
        reviewer.main().get_by_role("link", name=FIRM_NAME).click()
        reviewer.switch_language("en", "切换语言")
        expect(reviewer.page).to_have_url(re.compile(r"/en/funds/applications/"))
        reviewer.sees("Status: Submitted", "Supporting document", "Review")
        reviewer.shot("06-district-review-en")
        reviewer.switch_language("zh-hans", "Change language")
        reviewer.sees("状态：已提交", "平台使用费发票.pdf")
        reviewer.page.locator('select[name="decision"]').select_option("approve")
        reviewer.page.get_by_role("button", name="审核").click()
        reviewer.sees("状态：区县审核通过")
        reviewer.shot("07-district-approved")

        # 8. the city administrator grants 36,000.00 of the 40,000.00 ceiling
        admin.sign_in(world.city_admin, "/funds/")
        admin.sees("待审核", FIRM_NAME)
        admin.main().get_by_role("link", name=FIRM_NAME).click()
        admin.sees("状态：区县审核通过")
        admin.page.locator('select[name="decision"]').select_option("approve")
        admin.page.locator('input[name="amount"]').fill("36000.00")
        admin.page.get_by_role("button", name="审核").click()
        admin.sees("状态：市级审核通过", "核定：3.60万元")
        admin.shot("08-city-approved")

        # 9. 公示: published from the fund's year page
        admin.open("/funds/")
        admin.main().get_by_role("link", name=str(YEAR)).click()
        admin.sees("温州市国际服务外包发展专项资金")
        admin.page.get_by_role("button", name="公示市级审核通过的申请").click()
        admin.sees("拟支持项目公示")
        admin.shot("09-fund-year-published")

        # 10. the public 公示 page, not signed in
        public.open("/funds/publications/")
        public.sees("专项资金拟支持项目公示")
        public.main().get_by_role("link", name="拟支持项目公示").click()
        public.sees(FIRM_NAME, CLAUSE, "3.60万", "公示中", "提出异议")
        public.shot("10-public-publicity")

        # 11. the seven days of 公示 pass without objection (the clock is moved, not waited for)
        _publicity_period_over()
        admin.open(application_path)
        admin.sees("状态：公示中")
        admin.page.get_by_role("button", name="公示期满，核准").click()
        admin.sees("状态：核准")
        admin.page.get_by_role("button", name="安排资金").click()
        admin.sees("状态：已安排资金", "安排：3.60万元")

        # 12. a payment batch: made by a clerk (the approver may not), sent to the treasury by
        # another officer (its maker may not), confirmed paid by the clerk (its sender may not)
        clerk.sign_in(world.clerk, f"/funds/funds/{FUND_CODE}/{YEAR}/")
        clerk.page.get_by_role("button", name="生成拨付批次").click()
        clerk.sees("待发送", FIRM_NAME, "3.60万")
        batch_path = re.sub(r"^https?://[^/]+", "", clerk.page.url)
        clerk.page.get_by_role("button", name="已报送国库").click()
        clerk.sees("不相容职责分离")
        treasurer.sign_in(world.treasurer, batch_path)
        treasurer.page.get_by_role("button", name="已报送国库").click()
        treasurer.sees("已发送国库")
        clerk.open(batch_path)
        clerk.page.get_by_role("button", name="已到账").click()
        clerk.sees("已办结", "已到账")
        clerk.shot("11-payment-batch-paid")

        # 13. the enterprise sees its application paid
        enterprise.open("/funds/")
        expect(enterprise.main().locator("tr", has_text=CLAUSE)).to_contain_text("已拨付")
        enterprise.open(application_path)
        enterprise.sees("状态：已拨付", "核定：3.60万元", "安排：3.60万元")
        enterprise.shot("12-enterprise-paid")

        # and in the database: paid to the fen, on the ledger, every step in the audit chain
        application = Application.objects.get(organisation=world.firm, clause=CLAUSE)
        assert (application.status, application.approved_fen) == ("paid", 3_600_000)
        payment = LedgerEntry.objects.get(application=application, kind="payment")
        assert payment.amount_fen == 3_600_000
        assert audit_chain_verify().intact
        reported = OrganisationYear.objects.get(organisation=world.firm, year=YEAR)
        assert reported.so_revenue_fen == 650_000_000
        assert Execution.objects.get(execution_id="WZ-2022-017-1").amount_minor == 8_000_000
    finally:
        for actor in (enterprise, reviewer, admin, clerk, treasurer, public):
            actor.close()
        # The test body's database connection is not the one pytest-django opened (Playwright
        # runs the body in a context of its own); left open, it keeps PostgreSQL from dropping
        # the test database at the end of the session.
        connections.close_all()
    assert {p.name for p in screenshots.glob("*.png")} >= {
        "01-enterprise-reports-year.png",
        "02-enterprise-reports-contract.png",
        "03-enterprise-calculator.png",
        "04-enterprise-calculator-en.png",
        "05-enterprise-applied.png",
        "06-district-review-en.png",
        "07-district-approved.png",
        "08-city-approved.png",
        "09-fund-year-published.png",
        "10-public-publicity.png",
        "11-payment-batch-paid.png",
        "12-enterprise-paid.png",
    }


def _publicity_period_over() -> None:
    from django.utils import timezone

    from waibao.funds.models import Publication

    now = timezone.now()
    Publication.objects.update(
        published_at=now - dt.timedelta(days=7, seconds=2), ends_at=now - dt.timedelta(seconds=1)
    )
