"""Records nobody edits in the admin (money, history, the audit log, security records, the
talent pool's masked people and its access log) share one read-only base: not even a
superuser may add, change or delete them there, and no bulk action is offered, but for the
two a superuser may delete because deleting is itself a recorded step (lifting a lockout,
resetting a lost second factor)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from waibao.read_only_admin import ReadOnlyAdmin

DELETABLE_BY_A_SUPERUSER = {"security.lockout", "security.totpdevice"}
READ_ONLY = {
    model._meta.label_lower: model_admin
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, ReadOnlyAdmin)
}


@pytest.fixture
def superuser_request(db):
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.create_superuser("root", "", "pw-for-tests-only")
    return request


def test_the_money_the_logs_and_the_people_are_all_read_only():
    assert {
        "funds.ledgerentry",
        "funds.application",
        "funds.paymentbatch",
        "audit.auditrecord",
        "security.securityeventrecord",
        "talent.person",
        "talent.accesslog",
    } <= set(READ_ONLY)


@pytest.mark.parametrize("label", sorted(READ_ONLY))
def test_a_superuser_may_only_read_them(superuser_request, label):
    model_admin = READ_ONLY[label]
    assert not model_admin.has_add_permission(superuser_request)
    assert not model_admin.has_change_permission(superuser_request)
    deletable = label in DELETABLE_BY_A_SUPERUSER
    assert model_admin.has_delete_permission(superuser_request) is deletable
    offered = set(model_admin.get_actions(superuser_request))
    if label == "security.securityeventrecord":
        assert offered == {"export_csv"}  # reads only
    else:
        assert offered == ({"delete_selected"} if deletable else set())
