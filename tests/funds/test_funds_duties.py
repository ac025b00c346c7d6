"""Separation of duties along the money path (issue 17 item 3): whoever set a policy parameter
or configured a fund year does not approve under it; the approver, the maker of the payment
batch and its sender are three people; the sender does not confirm the payment. Every
refusal is a 403 naming the rule in Chinese, and a ``security.duties.refused`` audit record."""

from __future__ import annotations

import pytest
from funds_factories import after_publicity, user

from waibao.accounts.models import Role
from waibao.audit.models import AuditRecord
from waibao.funds.errors import Forbidden
from waibao.funds.models import Application, BudgetLine
from waibao.funds.services import (
    allocation_commit,
    application_approve_final,
    application_review_city,
    budget_line_appropriate,
    payment_batch_create,
    payment_batch_send,
    payment_mark_failed,
    payment_mark_paid,
    publication_create,
)
from waibao.policy.services import parameter_set

CLAUSE = "guangzhou.5.training"


def _refusals() -> int:
    return AuditRecord.objects.filter(action="security.duties.refused").count()


@pytest.fixture
def api(client):
    def call(user, method, path, body=None):
        client.logout()
        client.force_login(user)
        if method == "get":
            return client.get(path)
        return client.post(path, body or {}, content_type="application/json")

    return call


@pytest.fixture
def officers(world):
    """Three more Guangzhou city officers besides ``gz_admin`` (who approves)."""
    return {
        "clerk": world.gz_clerk,
        "treasurer": world.gz_treasurer,
        "policy": user("gzpolicy", Role.CITY_ADMIN, region=world.guangzhou),
    }


def _committed(world, approver):
    application = world.city_approved(world.alpha, CLAUSE, "1000.00", discretionary=True)
    publication = publication_create(
        fund=world.gz_fund, year=2010, actor=approver, applications=[application]
    )
    application_approve_final(
        application=application, actor=approver, now=after_publicity(publication)
    )
    allocation_commit(line=application.line, actor=approver)
    application.refresh_from_db()
    assert application.status == "committed"
    return application


def test_one_officer_can_no_longer_set_a_parameter_then_approve_and_pay_alone(world, api):
    """The red team's path: parameter, city review, 公示, approval, commitment, batch, send, paid,
    all by one city officer. It now stops at the first approval."""
    officer = world.gz_admin
    set_ = api(
        officer,
        "post",
        f"/api/parameters/{CLAUSE}.configured_rate",
        {"value": "50%", "effective_from": "2010-01-01", "reason": "穗外经贸〔2010〕1号"},
    )
    assert set_.status_code == 201, set_.content
    application = world.submitted(world.alpha, CLAUSE, "1000.00", discretionary=True)
    from waibao.funds.services import application_review_district

    application_review_district(
        application=application, actor=world.tianhe_reviewer, decision="approve"
    )
    before = _refusals()
    city = api(
        officer,
        "post",
        f"/api/funds/applications/{application.pk}/city-review",
        {"decision": "approve", "amount": "1000.00"},
    )
    assert city.status_code == 403, city.content
    assert "不相容职责" in city.json()["detail"]
    assert _refusals() == before + 1
    assert Application.objects.get(pk=application.pk).status == "district_approved"


def test_a_parameter_setter_does_not_approve_under_it_but_may_under_another_policy(world):
    parameter_set(
        actor=world.gz_admin,
        parameter=f"{CLAUSE}.configured_rate",
        value="50%",
        effective_from="2010-01-01",
        reason="穗外经贸〔2010〕1号",
    )
    application = world.submitted(world.alpha, CLAUSE, "1000.00", discretionary=True)
    from waibao.funds.services import application_review_district

    application_review_district(
        application=application, actor=world.tianhe_reviewer, decision="approve"
    )
    with pytest.raises(Forbidden, match="不相容职责"):
        application_review_city(
            application=application,
            actor=world.gz_admin,
            decision="approve",
            approved_fen=100_000,
        )
    # returning it is no approval: allowed
    application_review_city(
        application=application, actor=world.gz_admin, decision="return", reason="补充材料"
    )
    # the rule binds the person, not the office: another Guangzhou officer approves it
    resubmitted = world.submitted(world.beta, CLAUSE, "500.00", discretionary=True)
    application_review_district(
        application=resubmitted, actor=world.tianhe_reviewer, decision="approve"
    )
    approved = application_review_city(
        application=resubmitted, actor=world.gz_finance, decision="approve", approved_fen=50_000
    )
    assert approved.status == "city_approved"
    # and a Guangzhou parameter does not bind Hangzhou's approvers
    assert world.city_approved(world.delta, "hangzhou.17.custom_training", "10.00").status == (
        "city_approved"
    )


def test_a_parameter_setter_does_not_give_final_approval(world, officers):
    application = world.city_approved(world.alpha, CLAUSE, "1000.00", discretionary=True)
    publication = publication_create(
        fund=world.gz_fund, year=2010, actor=world.gz_admin, applications=[application]
    )
    parameter_set(
        actor=world.gz_admin,
        parameter=f"{CLAUSE}.configured_rate",
        value="40%",
        effective_from="2010-06-01",
        reason="调整",
    )
    with pytest.raises(Forbidden, match="不相容职责"):
        application_approve_final(
            application=application, actor=world.gz_admin, now=after_publicity(publication)
        )
    application_approve_final(
        application=application, actor=officers["clerk"], now=after_publicity(publication)
    )


def test_whoever_funded_the_year_does_not_approve_under_it(world, officers):
    line = BudgetLine.objects.get(fund=world.gz_fund, year=2010, source="city")
    budget_line_appropriate(line=line, amount_fen=100_000, actor=officers["policy"], note="追加")
    application = world.submitted(world.alpha, CLAUSE, "1000.00", discretionary=True)
    from waibao.funds.services import application_review_district

    application_review_district(
        application=application, actor=world.tianhe_reviewer, decision="approve"
    )
    with pytest.raises(Forbidden, match="不相容职责"):
        application_review_city(
            application=application,
            actor=officers["policy"],
            decision="approve",
            approved_fen=100_000,
        )


def test_approver_batch_maker_and_sender_are_three_people(world, officers):
    approver, clerk, treasurer = world.gz_admin, officers["clerk"], officers["treasurer"]
    _committed(world, approver)
    before = _refusals()
    with pytest.raises(Forbidden, match="核准"):
        payment_batch_create(fund=world.gz_fund, year=2010, actor=approver)
    batch = payment_batch_create(fund=world.gz_fund, year=2010, actor=clerk)
    with pytest.raises(Forbidden, match="生成"):
        payment_batch_send(batch=batch, actor=clerk)
    with pytest.raises(Forbidden, match="核准"):
        payment_batch_send(batch=batch, actor=approver)
    assert _refusals() == before + 3
    batch.refresh_from_db()
    assert batch.status == "pending"
    payment_batch_send(batch=batch, actor=treasurer)
    payment = batch.payments.get()
    with pytest.raises(Forbidden, match="报送"):
        payment_mark_paid(payment=payment, actor=treasurer)
    with pytest.raises(Forbidden, match="报送"):
        payment_mark_failed(payment=payment, actor=treasurer, reason="退票")
    payment_mark_paid(payment=payment, actor=clerk)
    assert Application.objects.get().status == "paid"
    assert _refusals() == before + 5


def test_the_pages_show_the_refusal_in_chinese(world, officers, client):
    _committed(world, world.gz_admin)
    batch = payment_batch_create(fund=world.gz_fund, year=2010, actor=officers["clerk"])
    client.force_login(officers["clerk"])
    response = client.post(f"/funds/batches/{batch.pk}/", {"step": "send"}, follow=True)
    assert "不相容职责分离" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == "pending"


def test_the_api_answers_403_with_the_rule(world, officers, api):
    _committed(world, world.gz_admin)
    response = api(
        world.gz_admin, "post", "/api/funds/funds/guangzhou-so-fund/2010/payment-batches"
    )
    assert response.status_code == 403
    assert "不相容职责分离" in response.json()["detail"]
