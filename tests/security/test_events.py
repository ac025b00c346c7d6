import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from security_helpers import PASSWORD, events, kinds

from waibao.accounts.models import Profile, Role
from waibao.audit.models import AppendOnlyError
from waibao.security.events import retention_check, security_event_record

pytestmark = pytest.mark.django_db


def test_security_events_go_into_the_hash_chained_audit_log(client, make_user):
    from waibao.audit.selectors import audit_chain_verify

    make_user("firm")
    client.post("/security/login/", {"username": "firm", "password": "wrong"})
    client.post("/security/login/", {"username": "firm", "password": PASSWORD})
    failure = events("login.failure").get()
    assert failure.to_state == "failure"
    assert failure.object_id == "firm" and failure.actor_id is None
    assert failure.payload["ip_address"] == "127.0.0.1"
    success = events("login.success").get()
    assert success.actor_username == "firm" and success.to_state == "success"
    assert audit_chain_verify().intact


def test_an_event_cannot_be_changed_or_deleted_through_the_application_or_the_database():
    event = security_event_record(kind="login.success", username="zhang")
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        events().filter(pk=event.pk).delete()
    for sql in (
        "UPDATE audit_auditrecord SET actor_username = 'li' WHERE id = %s",
        "DELETE FROM audit_auditrecord WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert events().filter(pk=event.pk, payload__username="zhang").exists()


def test_a_cut_off_younger_than_180_days_is_refused_and_an_older_one_allowed():
    now = timezone.now()
    with pytest.raises(ValueError, match="180"):
        retention_check(before=now - timedelta(days=180) + timedelta(seconds=1), now=now)
    retention_check(before=now - timedelta(days=180), now=now)


def test_a_role_change_through_the_profile_is_recorded(make_user):
    user = make_user("zhang", role=Role.ANALYST)
    profile = Profile.objects.get(user=user)
    profile.role = Role.SYSTEM_ADMIN
    profile.save()
    changes = [e.payload for e in events("role.changed")]
    assert changes[0]["role"] == [None, "analyst"]
    assert changes[1]["role"] == ["analyst", "system_admin"]
    assert changes[1]["username"] == "zhang"


def test_group_and_staff_flag_changes_are_recorded(make_user):
    user = make_user("zhang")
    reviewers = Group.objects.create(name="reviewers")
    user.groups.add(reviewers)
    reviewers.user_set.remove(user)
    user.is_staff = True
    user.save()
    details = [
        {k: v for k, v in e.payload.items() if k not in ("username", "ip_address")}
        for e in events("permission.changed")
    ]
    assert details == [
        {"groups": {"add": ["reviewers"]}},
        {"groups": {"remove": ["reviewers"]}},
        {"is_staff": [False, True]},
    ]


def test_a_change_made_in_the_admin_names_the_administrator(admin_client, admin_user, make_user):
    user = make_user("zhang")
    Profile.objects.create(user=user, role=Role.ANALYST)
    response = admin_client.post(
        f"/admin/accounts/profile/{user.waibao_profile.pk}/change/",
        {"user": user.pk, "role": Role.LEADER, "organisation": "", "region": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    change = events("role.changed").last()
    assert change.payload["role"] == ["analyst", "leader"]
    assert change.actor_username == admin_user.username
    assert change.payload["username"] == "zhang"


def test_a_password_change_is_recorded_but_not_a_new_account(make_user):
    user = make_user("zhang")
    assert "password.changed" not in kinds()
    user.set_password("Another-Pass-99")
    user.save()
    assert events("password.changed").get().object_id == str(user.pk)


def test_administrators_can_list_filter_and_export_events_but_not_edit_them(admin_client):
    security_event_record(kind="login.failure", outcome="failure", username="lisi")
    security_event_record(kind="login.success", outcome="success", username="zhangsan")
    listing = admin_client.get("/admin/security/securityeventrecord/?to_state=failure")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "lisi" in page and "zhangsan" not in page
    searched = admin_client.get("/admin/security/securityeventrecord/?q=zhangsan").content.decode()
    assert "zhangsan" in searched and "lisi" not in searched
    assert admin_client.get("/admin/security/securityeventrecord/add/").status_code == 403
    event = events("login.failure").get()
    url = f"/admin/security/securityeventrecord/{event.pk}/delete/"
    assert admin_client.get(url).status_code == 403
    response = admin_client.post(
        "/admin/security/securityeventrecord/",
        {"action": "export_csv", "_selected_action": [event.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["event"], r["username"], r["hash"]) for r in rows] == [
        ("login.failure", "lisi", event.hash)
    ]
    assert events("data.exported").exists()
