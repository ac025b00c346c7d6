"""Applications: an enterprise claims its own entitlement, attaches evidence and submits."""

from __future__ import annotations

import hashlib

import pytest
from django.test import override_settings
from funds_factories import BANK, JPEG, PDF, PNG, entitlement_row

from waibao.funds.errors import (
    Forbidden,
    FundsError,
    InvalidAmount,
    InvalidEvidence,
    InvalidTransition,
)
from waibao.funds.evidence import evidence_path
from waibao.funds.models import Application, FundEntitlement
from waibao.funds.services import (
    application_create,
    application_submit,
    evidence_attach,
)
from waibao.money import yuan

S = Application.Status


def entitlement(world, org, clause, amount, **kwargs):
    world.entitle(entitlement_row(org.uscc, clause, amount, **kwargs))
    return FundEntitlement.objects.get(uscc=org.uscc, clause=clause)


def test_an_enterprise_claims_its_own_entitlement_on_the_clause_s_budget_line(world):
    found = entitlement(world, world.alpha, "guangzhou.5.training", "80000.00", discretionary=True)
    application = application_create(entitlement=found, actor=world.alpha_user)
    assert application.status == S.DRAFT
    assert application.claimed_fen == yuan(80_000)
    assert application.fund == world.gz_fund
    assert (application.line.year, application.line.source) == (2010, "city")


def test_nobody_but_the_enterprise_itself_may_claim_its_entitlement(world):
    found = entitlement(world, world.alpha, "guangzhou.5.training", "80000.00")
    for other in (world.beta_user, world.tianhe_reviewer, world.gz_admin, world.analyst, None):
        with pytest.raises(Forbidden):
            application_create(entitlement=found, actor=other)


def test_a_claim_up_to_the_entitlement_is_accepted_and_one_fen_more_refused(world):
    found = entitlement(world, world.alpha, "guangzhou.5.training", "80000.00")
    with pytest.raises(InvalidAmount, match="超过应享金额"):
        application_create(entitlement=found, actor=world.alpha_user, claimed_fen=yuan("80000.01"))
    application = application_create(
        entitlement=found, actor=world.alpha_user, claimed_fen=yuan("80000.00")
    )
    assert application.claimed_fen == 8_000_000


def test_one_entitlement_has_one_application(world):
    found = entitlement(world, world.alpha, "guangzhou.5.training", "100.00")
    application_create(entitlement=found, actor=world.alpha_user)
    with pytest.raises(InvalidTransition, match="已经申请过"):
        application_create(entitlement=found, actor=world.alpha_user)


def test_a_tax_incentive_is_not_claimed_from_a_fund(world):
    found = entitlement(
        world,
        world.delta,
        "hangzhou.10.rd_super_deduction",
        "50000.00",
        kind="tax_incentive",
        discretionary=False,
    )
    with pytest.raises(FundsError, match="税收优惠"):
        application_create(entitlement=found, actor=world.delta_user)


def test_hangzhou_s_first_year_certification_award_is_refused_with_the_text_s_reason(world):
    found = entitlement(
        world,
        world.delta,
        "hangzhou.13.certification",
        "500000.00",
        kind="reward",
        discretionary=True,
    )
    with pytest.raises(FundsError, match="中小企业国际市场开拓资金"):
        application_create(entitlement=found, actor=world.delta_user)


def test_hangzhou_s_certification_upkeep_is_paid_from_the_city_line(world):
    found = entitlement(
        world,
        world.delta,
        "hangzhou.13.certification_upkeep",
        None,
        kind="reward",
        min_cny="200000.00",
    )
    application = application_create(
        entitlement=found, actor=world.delta_user, claimed_fen=yuan(250_000)
    )
    assert application.line.source == "city" and application.fund == world.hz_fund


def test_a_year_outside_the_fund_is_refused(world):
    found = entitlement(world, world.delta, "hangzhou.17.graduate_training", "1000.00", year=2011)
    with pytest.raises(FundsError, match="没有覆盖 2011 年度的专项资金"):
        application_create(entitlement=found, actor=world.delta_user)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("invoice.pdf", PDF, "application/pdf"),
        ("photo.png", PNG, "image/png"),
        ("scan.jpg", JPEG, "image/jpeg"),
        ("renamed.txt", PDF, "application/pdf"),  # the content decides, not the name
    ],
)
def test_evidence_is_stored_outside_the_database_under_its_checksum(
    world, data_dir, name, content, kind
):
    application = world.draft(world.alpha, "guangzhou.5.training", "100.00")
    item = evidence_attach(
        application=application, actor=world.alpha_user, name=name, content=content
    )
    assert item.content_type == kind and item.size == len(content)
    assert item.sha256 == hashlib.sha256(content).hexdigest()
    path = evidence_path(item.sha256)
    assert path.is_relative_to(data_dir / "evidence") and path.read_bytes() == content


def test_the_same_file_twice_is_stored_once(world, data_dir):
    application = world.draft(world.alpha, "guangzhou.5.training", "100.00")
    for name in ("a.pdf", "b.pdf"):
        evidence_attach(application=application, actor=world.alpha_user, name=name, content=PDF)
    assert len([p for p in (data_dir / "evidence").rglob("*") if p.is_file()]) == 1
    assert application.evidence.count() == 2


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"PK\x03\x04 a zip file named .pdf", "不是 PDF、JPEG 或 PNG 文件"),
        (b"", "文件是空的"),
        (b"<html>%PDF-</html>", "不是 PDF、JPEG 或 PNG 文件"),
    ],
)
def test_evidence_that_is_not_a_pdf_jpeg_or_png_by_content_is_refused(world, content, reason):
    application = world.draft(world.alpha, "guangzhou.5.training", "100.00")
    with pytest.raises(InvalidEvidence, match=reason):
        evidence_attach(
            application=application, actor=world.alpha_user, name="x.pdf", content=content
        )
    assert application.evidence.count() == 0


@override_settings(WAIBAO_EVIDENCE_MAX_BYTES=64)
def test_evidence_of_exactly_the_size_limit_is_accepted_and_one_byte_more_refused(world):
    application = world.draft(world.alpha, "guangzhou.5.training", "100.00")
    at_limit = PDF[:5] + b"x" * 59
    evidence_attach(application=application, actor=world.alpha_user, name="a.pdf", content=at_limit)
    with pytest.raises(InvalidEvidence, match="超过 64 字节的上限"):
        evidence_attach(
            application=application, actor=world.alpha_user, name="b.pdf", content=at_limit + b"x"
        )


def test_another_enterprise_cannot_attach_evidence(world):
    application = world.draft(world.alpha, "guangzhou.5.training", "100.00")
    with pytest.raises(Forbidden):
        evidence_attach(application=application, actor=world.beta_user, name="a.pdf", content=PDF)


def test_submitting_needs_evidence_and_payment_details(world):
    application = world.draft(world.alpha, "guangzhou.5.training", "100.00")
    with pytest.raises(FundsError, match="证明材料"):
        application_submit(application=application, actor=world.alpha_user, **BANK)
    evidence_attach(application=application, actor=world.alpha_user, name="a.pdf", content=PDF)
    with pytest.raises(FundsError, match="账号"):
        application_submit(
            application=application, actor=world.alpha_user, **{**BANK, "account_number": " "}
        )
    submitted = application_submit(application=application, actor=world.alpha_user, **BANK)
    assert submitted.status == S.SUBMITTED and submitted.submitted_by == world.alpha_user
    assert submitted.district_due is not None
    with pytest.raises(InvalidTransition):
        application_submit(application=submitted, actor=world.alpha_user, **BANK)
    with pytest.raises(InvalidTransition):
        evidence_attach(application=submitted, actor=world.alpha_user, name="late.pdf", content=PDF)


def test_another_enterprise_cannot_submit(world):
    application = world.draft(world.alpha, "guangzhou.5.training", "100.00")
    evidence_attach(application=application, actor=world.alpha_user, name="a.pdf", content=PDF)
    with pytest.raises(Forbidden):
        application_submit(application=application, actor=world.beta_user, **BANK)
