"""District then city review, per role and per transition, including the forbidden ones."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from funds_factories import BANK, PDF, user

from waibao.accounts.models import Role
from waibao.funds.errors import Forbidden, FundsError, InvalidAmount, InvalidTransition
from waibao.funds.models import Application
from waibao.funds.selectors import (
    application_list,
    application_overdue_list,
    application_review_queue,
)
from waibao.funds.services import (
    application_review_city,
    application_review_district,
    application_submit,
    evidence_attach,
    fund_clause_configure,
)
from waibao.money import yuan

S = Application.Status


def district_ok(world, application):
    return application_review_district(
        application=application, actor=world.tianhe_reviewer, decision="approve"
    )


def test_the_district_reviewer_of_the_enterprise_s_district_approves(world):
    application = world.submitted(world.alpha, "guangzhou.5.training", "100.00")
    approved = district_ok(world, application)
    assert approved.status == S.DISTRICT_APPROVED and approved.city_due is not None


@pytest.mark.parametrize(
    "who", ["yuexiu_reviewer", "xihu_reviewer", "gz_admin", "alpha_user", "beta_user", "analyst"]
)
def test_nobody_else_does_the_district_review(world, who):
    application = world.submitted(world.alpha, "guangzhou.5.training", "100.00")
    with pytest.raises(Forbidden):
        application_review_district(
            application=application, actor=getattr(world, who), decision="approve"
        )
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_a_reviewer_does_not_review_an_application_of_their_own_organisation(world):
    insider = user("insider", Role.DISTRICT_REVIEWER, region=world.tianhe, organisation=world.alpha)
    application = world.submitted(world.alpha, "guangzhou.5.training", "100.00")
    with pytest.raises(Forbidden, match="本单位"):
        application_review_district(application=application, actor=insider, decision="approve")


def test_a_reviewer_does_not_review_an_application_they_submitted(world):
    application = world.draft(world.alpha, "guangzhou.5.training", "100.00")
    evidence_attach(application=application, actor=world.alpha_user, name="a.pdf", content=PDF)
    application = application_submit(application=application, actor=world.alpha_user, **BANK)
    # the same person later became the district's reviewer
    Application.objects.filter(pk=application.pk).update(submitted_by=world.tianhe_reviewer)
    application.refresh_from_db()
    with pytest.raises(Forbidden, match="本人提交"):
        district_ok(world, application)


def test_the_city_admin_of_the_city_does_the_second_review_and_only_after_the_first(world):
    application = world.submitted(world.alpha, "guangzhou.5.training", "100.00")
    with pytest.raises(InvalidTransition):
        application_review_city(application=application, actor=world.gz_admin, decision="approve")
    application = district_ok(world, application)
    for outsider in (world.hz_admin, world.tianhe_reviewer, world.alpha_user):
        with pytest.raises(Forbidden):
            application_review_city(application=application, actor=outsider, decision="approve")
    approved = application_review_city(
        application=application, actor=world.gz_admin, decision="approve"
    )
    assert approved.status == S.CITY_APPROVED and approved.approved_fen == 10_000


def test_a_return_needs_reasons_and_the_enterprise_resubmits(world):
    application = world.submitted(world.alpha, "guangzhou.5.training", "100.00")
    with pytest.raises(FundsError, match="须说明理由"):
        application_review_district(
            application=application, actor=world.tianhe_reviewer, decision="return"
        )
    returned = application_review_district(
        application=application, actor=world.tianhe_reviewer, decision="return", reason="发票不清晰"
    )
    assert returned.status == S.RETURNED and returned.last_reason == "发票不清晰"
    resubmitted = application_submit(application=returned, actor=world.alpha_user, **BANK)
    assert resubmitted.status == S.SUBMITTED


def test_the_city_may_return_too_and_the_application_goes_through_the_district_again(world):
    application = district_ok(world, world.submitted(world.alpha, "guangzhou.5.training", "1.00"))
    returned = application_review_city(
        application=application, actor=world.gz_admin, decision="return", reason="补充培训名单"
    )
    assert returned.status == S.RETURNED
    resubmitted = application_submit(application=returned, actor=world.alpha_user, **BANK)
    assert resubmitted.status == S.SUBMITTED


def test_a_rejection_needs_reasons_and_is_final(world):
    application = world.submitted(world.alpha, "guangzhou.5.training", "100.00")
    with pytest.raises(FundsError, match="须说明理由"):
        application_review_district(
            application=application, actor=world.tianhe_reviewer, decision="reject", reason="  "
        )
    rejected = application_review_district(
        application=application,
        actor=world.tianhe_reviewer,
        decision="reject",
        reason="不属于服务外包企业",
    )
    assert rejected.status == S.REJECTED
    with pytest.raises(InvalidTransition):
        application_submit(application=rejected, actor=world.alpha_user, **BANK)
    with pytest.raises(InvalidTransition):
        district_ok(world, rejected)


def test_an_unknown_decision_is_refused(world):
    application = world.submitted(world.alpha, "guangzhou.5.training", "100.00")
    with pytest.raises(FundsError, match="审核意见须为"):
        application_review_district(
            application=application, actor=world.tianhe_reviewer, decision="maybe"
        )


# --- amounts


def to_city(world, clause, amount, **kwargs):
    return district_ok(world, world.submitted(world.alpha, clause, amount, **kwargs))


def approve(world, application, amount):
    return application_review_city(
        application=application, actor=world.gz_admin, decision="approve", approved_fen=amount
    )


def test_a_discretionary_ceiling_lets_the_reviewer_grant_less_never_more(world):
    application = to_city(world, "guangzhou.5.training", "500000.00", discretionary=True)
    with pytest.raises(InvalidAmount, match="超过上限"):
        approve(world, application, yuan("500000.01"))
    assert approve(world, application, yuan("500000.00")).approved_fen == yuan(500_000)


def test_a_discretionary_grant_below_the_text_s_floor_is_refused(world):
    application = to_city(
        world, "guangzhou.5.training", "300.00", discretionary=True, min_cny="200.00"
    )
    with pytest.raises(InvalidAmount, match="下限"):
        approve(world, application, yuan("199.99"))
    assert approve(world, application, yuan("200.00")).approved_fen == 20_000


def test_a_fixed_amount_is_approved_as_it_is_or_not_at_all(world):
    application = to_city(world, "guangzhou.5.training", "200000.00", discretionary=False)
    with pytest.raises(InvalidAmount, match="金额是固定的"):
        approve(world, application, yuan(100_000))
    assert approve(world, application, None).approved_fen == yuan(200_000)


def test_an_open_amount_needs_the_reviewer_s_figure_capped_by_the_bureau(world):
    fund_clause_configure(
        fund=world.gz_fund,
        clause="guangzhou.5.premises",
        actor=world.gz_finance,  # the officer who sets the cap does not approve under it
        reviewer_cap_fen=yuan(50_000),
    )
    application = to_city(world, "guangzhou.5.premises", None)
    with pytest.raises(InvalidAmount, match="须由审核人填写金额"):
        approve(world, application, None)
    with pytest.raises(InvalidAmount, match="超过上限"):
        approve(world, application, yuan("50000.01"))
    assert approve(world, application, yuan(50_000)).approved_fen == yuan(50_000)


def test_the_city_takes_the_district_s_recommendation_by_default(world):
    application = world.submitted(world.alpha, "guangzhou.5.market_development", None)
    application = application_review_district(
        application=application,
        actor=world.tianhe_reviewer,
        decision="approve",
        recommended_fen=yuan("12345.67"),
    )
    assert approve(world, application, None).approved_fen == yuan("12345.67")


# --- queues, scopes and deadlines


def test_each_role_sees_only_its_scope(world):
    a = world.submitted(world.alpha, "guangzhou.5.training", "1.00")
    c = world.submitted(world.gamma, "guangzhou.5.training", "1.00")
    d = world.submitted(world.delta, "hangzhou.17.graduate_training", "1.00")
    ids = lambda qs: set(qs.values_list("pk", flat=True))  # noqa: E731
    assert ids(application_list(actor=world.alpha_user)) == {a.pk}
    assert ids(application_list(actor=world.tianhe_reviewer)) == {a.pk}
    assert ids(application_list(actor=world.yuexiu_reviewer)) == {c.pk}
    assert ids(application_list(actor=world.gz_admin)) == {a.pk, c.pk}
    assert ids(application_list(actor=world.hz_admin)) == {d.pk}
    assert ids(application_list(actor=None)) == set()
    assert ids(application_review_queue(actor=world.tianhe_reviewer)) == {a.pk}
    assert ids(application_review_queue(actor=world.gz_admin)) == set()
    district_ok(world, a)
    assert ids(application_review_queue(actor=world.gz_admin)) == {a.pk}


def test_an_application_is_overdue_the_day_after_its_deadline_not_on_it(world):
    application = world.submitted(world.alpha, "guangzhou.5.training", "1.00")
    due = application.district_due
    assert due == timezone.localdate(application.submitted_at) + dt.timedelta(days=15)
    assert not application_overdue_list(actor=world.tianhe_reviewer, today=due).exists()
    late = application_overdue_list(actor=world.tianhe_reviewer, today=due + dt.timedelta(1))
    assert list(late) == [application]
    assert not application_overdue_list(
        actor=world.yuexiu_reviewer, today=due + dt.timedelta(1)
    ).exists()
    application = district_ok(world, application)
    city_due = application.city_due
    assert not application_overdue_list(actor=world.gz_admin, today=city_due).exists()
    assert application_overdue_list(actor=world.gz_admin, today=city_due + dt.timedelta(1)).exists()


def test_a_city_admin_of_the_applicant_decides_nothing_about_its_application(world):
    from funds_factories import after_publicity

    from waibao.funds.services import (
        application_approve_final,
        application_commit,
        objection_record,
        objection_resolve,
        publication_create,
    )

    insider = user("insider", Role.CITY_ADMIN, region=world.guangzhou, organisation=world.alpha)
    application = district_ok(world, world.submitted(world.alpha, "guangzhou.5.training", "1.00"))
    with pytest.raises(Forbidden, match="本单位"):
        application_review_city(application=application, actor=insider, decision="approve")
    application = application_review_city(
        application=application, actor=world.gz_admin, decision="approve"
    )
    publication = publication_create(fund=world.gz_fund, year=2010, actor=insider)
    objection = objection_record(application=application, actor=insider, raised_by="x", text="y")
    with pytest.raises(Forbidden, match="本单位"):
        objection_resolve(objection=objection, actor=insider, upheld=False, resolution="z")
    objection_resolve(objection=objection, actor=world.gz_admin, upheld=False, resolution="z")
    with pytest.raises(Forbidden, match="本单位"):
        application_approve_final(
            application=application, actor=insider, now=after_publicity(publication)
        )
    application = application_approve_final(
        application=application, actor=world.gz_admin, now=after_publicity(publication)
    )
    with pytest.raises(Forbidden, match="本单位"):
        application_commit(application=application, actor=insider)
