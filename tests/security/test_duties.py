import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from security_helpers import events

from waibao.audit.models import AppendOnlyError, AuditRecord
from waibao.funds.duties import fund_payment_subjects
from waibao.security.duties import (
    configuration_change_record,
    configured_by_user_ids,
    may_approve_payment,
    payment_approval_check,
)

pytestmark = pytest.mark.django_db


def test_the_person_who_configured_a_fund_may_not_approve_its_payments(make_user):
    configurer = make_user("configurer", role="city_admin")
    assert not may_approve_payment(configurer, configured_by_user_ids={configurer.pk})


def test_another_person_may_approve(make_user):
    configurer, approver = make_user("configurer"), make_user("approver")
    assert may_approve_payment(approver, configured_by_user_ids={configurer.pk})


def test_a_superuser_gets_no_exemption(make_user):
    boss = make_user("boss", is_superuser=True, staff=True)
    assert not may_approve_payment(boss, configured_by_user_ids=[boss.pk])


def test_anonymous_and_inactive_users_may_not_approve(make_user):
    assert not may_approve_payment(AnonymousUser(), configured_by_user_ids=[])
    assert not may_approve_payment(make_user("gone", is_active=False), configured_by_user_ids=[])


def test_configuring_a_parameter_the_payment_uses_also_disqualifies(make_user):
    fund_admin, param_admin, approver = make_user("a"), make_user("b"), make_user("c")
    configuration_change_record(user=fund_admin, subject_type="funds.fund", subject_id=7)
    configuration_change_record(
        user=param_admin, subject_type="rules.parameter", subject_id="hangzhou/export_award"
    )
    subjects = [("funds.fund", "7"), ("rules.parameter", "hangzhou/export_award")]
    assert configured_by_user_ids(subjects=subjects) == {fund_admin.pk, param_admin.pk}
    with pytest.raises(PermissionDenied):
        payment_approval_check(user=param_admin, subjects=subjects)
    payment_approval_check(user=approver, subjects=subjects)  # no objection
    payment_approval_check(user=fund_admin, subjects=[("funds.fund", "8")])  # another fund
    assert events("duties.refused").get().actor_username == "b"
    assert events("configuration.changed").count() == 2


def test_the_registry_of_who_configured_what_cannot_be_altered(make_user):
    change = configuration_change_record(
        user=make_user("a"), subject_type="funds.fund", subject_id="1"
    )
    with pytest.raises(AppendOnlyError):
        change.delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(pk=change.pk).update(actor_id=None)
    # Below the application, the database refuses too.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditrecord SET actor_id = NULL WHERE id = %s", [change.pk])


def test_the_funds_apps_own_configuration_records_count(make_user):
    from waibao.audit.services import audit_record

    configurer, approver = make_user("configurer"), make_user("approver")
    audit_record(actor=configurer, action="fund.configure", obj=("funds.fund", 3))
    audit_record(actor=approver, action="application.approve_final", obj=("funds.fund", 3))
    assert configured_by_user_ids(subjects=[("funds.fund", "3")]) == {configurer.pk}


def test_a_payment_depends_on_the_fund_its_clause_settings_and_its_budget_lines():
    from waibao.funds.models import BudgetLine, Fund, FundClause

    fund = Fund.objects.create(
        code="hz-export",
        name="服务外包专项",
        jurisdiction="hangzhou",
        city_code="330100",
        citation="杭政办函〔2009〕1号",
    )
    clause = FundClause.objects.create(fund=fund, clause="hangzhou.export_award")
    line = BudgetLine.objects.create(
        fund=fund, year=2026, source="city", source_name="市本级", citation="同上"
    )
    assert set(fund_payment_subjects(fund)) == {
        ("funds.fund", str(fund.pk)),
        ("funds.fundclause", str(clause.pk)),
        ("funds.budgetline", str(line.pk)),
    }
