"""The minimal pages: each step reachable by its role, out-of-scope users refused."""

from __future__ import annotations

import pytest
from funds_factories import PDF, entitlement_row

from waibao.funds.models import Application, BudgetLine, FundEntitlement
from waibao.funds.services import application_commit, payment_batch_create

S = Application.Status


def page(client, user, path, data=None, **extra):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.post(path, data, **extra) if data is not None else client.get(path)


def test_an_enterprise_claims_uploads_and_submits_through_its_pages(world, client):
    world.entitle(entitlement_row(world.alpha.uscc, "guangzhou.5.training", "300.00"))
    entitlement = FundEntitlement.objects.get()
    home = page(client, world.alpha_user, "/funds/")
    assert "可申请的政策兑现" in home.content.decode()
    response = page(
        client, world.alpha_user, f"/funds/entitlements/{entitlement.pk}/apply/", {"claimed": ""}
    )
    application = Application.objects.get()
    assert response.url == f"/funds/applications/{application.pk}/"
    from django.core.files.uploadedfile import SimpleUploadedFile

    page(
        client,
        world.alpha_user,
        f"/funds/applications/{application.pk}/evidence/",
        {"file": SimpleUploadedFile("a.pdf", PDF)},
    )
    page(
        client,
        world.alpha_user,
        f"/funds/applications/{application.pk}/submit/",
        {
            "account_name": "天河甲软件",
            "account_number": "6222000011112222",
            "bank_name": "工商银行",
            "claimed": "300.00",
        },
    )
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    detail = page(client, world.alpha_user, f"/funds/applications/{application.pk}/")
    text = detail.content.decode()
    assert "application.submit" in text and "a.pdf" in text


def test_a_refused_step_shows_its_reason_on_the_page(world, client):
    application = world.draft(world.alpha, "guangzhou.5.training", "300.00")
    response = page(
        client,
        world.alpha_user,
        f"/funds/applications/{application.pk}/submit/",
        {"account_name": "甲", "account_number": "1", "bank_name": "银行"},
        follow=True,
    )
    assert "提交前请至少上传一份证明材料" in response.content.decode()


def test_a_refused_step_speaks_english_under_en(world, client):
    application = world.draft(world.alpha, "guangzhou.5.training", "300.00")
    response = page(
        client,
        world.alpha_user,
        f"/en/funds/applications/{application.pk}/submit/",
        {"account_name": "甲", "account_number": "1", "bank_name": "银行"},
        follow=True,
    )
    text = response.content.decode()
    assert "Attach at least one evidence file before submitting" in text
    assert "提交前请至少上传一份证明材料" not in text


def test_a_refused_amount_names_the_clause_and_the_amounts_as_readers_write_them(world):
    from django.utils import translation

    from waibao.funds.errors import InvalidAmount
    from waibao.funds.services import application_review_district

    application = world.submitted(
        world.alpha, "guangzhou.5.training", "3000.00", discretionary=True
    )
    with pytest.raises(InvalidAmount) as refused:
        application_review_district(
            application=application,
            actor=world.tianhe_reviewer,
            decision="approve",
            recommended_fen=400_000,
        )
    said = str(refused.value)
    assert "4,000.00 元 超过上限 3,000.00 元" in said, said
    with translation.override("en"), pytest.raises(InvalidAmount) as refused:
        application_review_district(
            application=application,
            actor=world.tianhe_reviewer,
            decision="approve",
            recommended_fen=400_000,
        )
    assert str(refused.value) == "4,000.00 yuan is more than the ceiling 3,000.00 yuan"


def test_pages_hide_other_organisations_and_other_districts(world, client):
    application = world.submitted(world.alpha, "guangzhou.5.training", "300.00")
    path = f"/funds/applications/{application.pk}/"
    assert page(client, world.alpha_user, path).status_code == 200
    assert page(client, world.tianhe_reviewer, path).status_code == 200
    assert page(client, world.beta_user, path).status_code == 404
    assert page(client, world.yuexiu_reviewer, path).status_code == 404
    assert page(client, world.hz_admin, path).status_code == 404
    assert page(client, None, path).status_code == 302  # to the login page
    assert (
        page(client, world.yuexiu_reviewer, f"{path}district/", {"decision": "approve"}).status_code
        == 404
    )


def test_the_reviewers_review_through_their_pages(world, client):
    application = world.submitted(world.alpha, "guangzhou.5.training", "300.00", discretionary=True)
    queue = page(client, world.tianhe_reviewer, "/funds/").content.decode()
    assert "待审核" in queue
    page(
        client,
        world.tianhe_reviewer,
        f"/funds/applications/{application.pk}/district/",
        {"decision": "approve", "amount": "250.00"},
    )
    page(
        client,
        world.gz_admin,
        f"/funds/applications/{application.pk}/city/",
        {"decision": "approve", "amount": ""},
    )
    application.refresh_from_db()
    assert application.status == S.CITY_APPROVED and application.approved_fen == 25_000
    # an enterprise posting a review is refused outright
    other = world.submitted(world.beta, "guangzhou.5.training", "1.00")
    assert (
        page(
            client,
            world.beta_user,
            f"/funds/applications/{other.pk}/district/",
            {"decision": "approve"},
        ).status_code
        == 403
    )


def test_fund_allocation_and_payment_pages_belong_to_the_city_admin(world, client):
    app = world.approved([world.city_approved(world.alpha, "guangzhou.5.training", "300.00")])[0]
    line = BudgetLine.objects.get(fund=world.gz_fund, year=2010, source="city")
    assert page(client, world.gz_admin, "/funds/funds/guangzhou-so-fund/2010/").status_code == 200
    assert (
        page(client, world.tianhe_reviewer, "/funds/funds/guangzhou-so-fund/2010/").status_code
        == 403
    )
    preview = page(client, world.gz_admin, f"/funds/lines/{line.pk}/allocation/")
    assert preview.status_code == 200 and "300.00" in preview.content.decode()
    assert page(client, world.hz_admin, f"/funds/lines/{line.pk}/allocation/").status_code == 403
    application_commit(application=app, actor=world.gz_admin)
    batch = payment_batch_create(fund=world.gz_fund, year=2010, actor=world.gz_clerk)
    csv_page = page(client, world.gz_admin, f"/funds/batches/{batch.pk}/export.csv")
    assert "300.00" in csv_page.content.decode("utf-8-sig")
    xlsx = page(client, world.gz_admin, f"/funds/batches/{batch.pk}/export.xlsx")
    assert xlsx.content[:2] == b"PK"
    assert page(client, world.alpha_user, f"/funds/batches/{batch.pk}/").status_code == 403


@pytest.mark.django_db
def test_the_public_list_needs_no_login(client):
    assert client.get("/funds/publications/").status_code == 200


def test_evidence_is_served_to_the_applicant_and_its_reviewers_checked_against_its_hash(
    world, client
):
    from waibao.funds.evidence import evidence_path
    from waibao.funds.selectors import EvidenceCorrupted

    application = world.submitted(world.alpha, "guangzhou.5.training", "300.00")
    item = application.evidence.get()
    path = f"/funds/evidence/{item.pk}/"
    for allowed in (world.alpha_user, world.tianhe_reviewer, world.gz_admin):
        response = page(client, allowed, path)
        assert response.status_code == 200 and response.content == PDF
        assert response["Content-Type"] == "application/pdf"
    for refused in (world.beta_user, world.yuexiu_reviewer, world.hz_admin, world.analyst):
        assert page(client, refused, path).status_code == 404
    evidence_path(item.sha256).write_bytes(PDF + b"tampered")
    response = page(client, world.gz_admin, path)
    assert response.status_code == 409 and "校验值不一致" in response.content.decode()
    with pytest.raises(EvidenceCorrupted):
        from waibao.funds.selectors import evidence_read

        evidence_read(actor=world.gz_admin, evidence_id=item.pk)


def test_the_city_admin_configures_and_appropriates_on_the_fund_page(world, client):
    from waibao.funds.models import FundClause
    from waibao.funds.selectors import budget_line_balance

    path = "/funds/funds/guangzhou-so-fund/2010/"
    line = BudgetLine.objects.get(fund=world.gz_fund, year=2010, source="city")
    page(
        client,
        world.gz_admin,
        path,
        {"step": "appropriate", "line": line.pk, "amount": "0.01", "note": "补充"},
    )
    assert budget_line_balance(line=line).appropriated_fen == 2_000_000_001
    page(
        client,
        world.gz_admin,
        path,
        {"step": "clause", "clause": "guangzhou.5.training", "automatic": "1", "priority": "2"},
    )
    assert FundClause.objects.get(fund=world.gz_fund, clause="guangzhou.5.training").automatic
    page(
        client,
        world.gz_admin,
        path,
        {"step": "configure", "allocation_method": "first_come", "publicity_days": "5"},
    )
    world.gz_fund.refresh_from_db()
    assert (world.gz_fund.allocation_method, world.gz_fund.publicity_days) == ("first_come", 5)
    assert "免申即享" in page(client, world.gz_admin, path).content.decode()


def test_the_fund_page_offers_the_allocation_methods_and_lists_the_clause_settings(world, client):
    """Regression (seen in the browser test's screenshot): the view gave the template neither
    the methods nor the clause settings, so the select and the table were empty."""
    html = page(client, world.gz_admin, "/funds/funds/guangzhou-so-fund/2010/").content.decode()
    for value in ("pro_rata", "priority", "first_come"):
        assert f'<option value="{value}"' in html
    assert '<option value="pro_rata" selected>按比例核减</option>' in html
    # funds_preload marks the clauses the texts pay from elsewhere, with the reason
    assert "guangzhou.6.headquarters" in html and "<td>否" in html


def test_the_batch_page_shows_each_payments_status_in_words_and_the_export_keeps_the_code(
    world, client
):
    """Regression (seen in the browser test's screenshot): the page showed "pending"/"paid"."""
    app = world.approved([world.city_approved(world.alpha, "guangzhou.5.training", "300.00")])[0]
    application_commit(application=app, actor=world.gz_admin)
    batch = payment_batch_create(fund=world.gz_fund, year=2010, actor=world.gz_clerk)
    html = page(client, world.gz_admin, f"/funds/batches/{batch.pk}/").content.decode()
    assert "<td>待发送</td>" in html and "<td>pending</td>" not in html
    csv_text = page(client, world.gz_admin, f"/funds/batches/{batch.pk}/export.csv").content
    assert ",pending" in csv_text.decode("utf-8-sig")


def test_a_reviewer_types_an_amount_with_thousands_separators(world, client):
    """An amount is read as people write it (1,250.00, full-width digits), not refused."""
    application = world.submitted(
        world.alpha, "guangzhou.5.training", "3000.00", discretionary=True
    )
    page(
        client,
        world.tianhe_reviewer,
        f"/funds/applications/{application.pk}/district/",
        {"decision": "approve", "amount": "１,２５０.００"},
    )
    application.refresh_from_db()
    assert application.recommended_fen == 125_000


def test_the_audit_trail_names_steps_and_states_keeping_the_codes_as_titles(world, client):
    application = world.submitted(world.alpha, "guangzhou.5.training", "300.00")
    zh = page(client, world.alpha_user, f"/funds/applications/{application.pk}/")
    trail = zh.content.decode().split("审计记录", 1)[1]
    assert '<td title="application.create">创建申请</td>' in trail
    assert '<td title="application.submit">提交申请</td>' in trail
    assert "草稿 → 已提交" in trail and "<td> → draft" not in trail
    assert '<td title="draft">草稿</td>' in trail  # created: no state before
    assert '<td title="draft → submitted">' in trail
    en = page(client, world.alpha_user, f"/en/funds/applications/{application.pk}/")
    trail = en.content.decode().split("Audit", 1)[1]
    assert "Application created" in trail and "Draft → Submitted" in trail
    assert "创建申请" not in trail


def test_the_clause_form_offers_the_texts_payable_clauses_and_the_funds_sources_by_name(
    world, client
):
    """A city administrator chooses a clause by its title and a source by its name; neither is
    typed as a code (the form asked for "guangzhou.5.training" and "city")."""
    from waibao.funds.selectors import payable_clauses

    path = "/funds/funds/guangzhou-so-fund/2010/"
    html = page(client, world.gz_admin, path).content.decode()
    form = html.split('class="clause-settings"')[1].split("</form>")[0]
    offered = [found.id for found in payable_clauses(world.gz_fund)]
    assert offered and all(f'<option value="{clause}">' in form for clause in offered)
    assert 'value="guangzhou.2.targets"' not in form  # a target is no money's to pay
    assert '<option value="city">' in form and "city)" not in form
    page(
        client,
        world.gz_admin,
        path,
        {"step": "clause", "clause": "guangzhou.5.training", "source": "city", "automatic": "0"},
    )
    html = page(client, world.gz_admin, path).content.decode()
    source_name = BudgetLine.objects.filter(fund=world.gz_fund, source="city")[0].source_name
    assert f"<td>{source_name}</td>" in html.split("clause-settings")[0]


@pytest.mark.parametrize(
    "clause", ["guangzhou.99.no_such_clause", "guangzhou.2.targets", "hangzhou.12.software_export"]
)
def test_a_clause_setting_names_a_payable_clause_of_the_funds_own_text(world, clause):
    from waibao.funds.errors import FundsError
    from waibao.funds.models import FundClause
    from waibao.funds.services import fund_clause_configure

    with pytest.raises(FundsError) as refused:
        fund_clause_configure(fund=world.gz_fund, clause=clause, actor=world.gz_admin)
    assert refused.value.field == "clause" or clause.startswith("hangzhou.")
    assert not FundClause.objects.filter(fund=world.gz_fund, clause=clause).exists()


def test_a_clause_the_page_did_not_offer_is_refused_beside_the_clause_field(world, client):
    path = "/funds/funds/guangzhou-so-fund/2010/"
    posted = {"step": "clause", "clause": "guangzhou.99.no_such_clause", "automatic": "1"}
    html = page(client, world.gz_admin, path, posted, follow=True).content.decode()
    form = html.split('class="clause-settings"')[1].split("</form>")[0]
    assert "没有可由资金支付的条款 guangzhou.99.no_such_clause" in form
