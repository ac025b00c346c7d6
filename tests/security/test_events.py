import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone

from waibao.accounts.models import Profile, Role
from waibao.security.events import security_event_record, security_events_purge
from waibao.security.models import SecurityEvent

pytestmark = pytest.mark.django_db


def test_an_event_cannot_be_changed_or_deleted_through_the_application():
    event = security_event_record(kind="login.success", username="zhang")
    event.username = "li"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_the_database_refuses_to_update_an_event_or_delete_a_young_one():
    event = security_event_record(kind="login.success", username="zhang")
    with pytest.raises(IntegrityError), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).update(username="li")
    with pytest.raises(IntegrityError), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).delete()
    assert SecurityEvent.objects.filter(pk=event.pk, username="zhang").exists()


def test_the_purge_refuses_a_date_inside_the_180_days():
    now = timezone.now()
    with pytest.raises(ValueError, match="180"):
        security_events_purge(before=now - timedelta(days=179), now=now)


def test_the_purge_deletes_events_older_than_180_days_and_keeps_younger_ones():
    now = timezone.now()
    old = security_event_record(kind="login.success", at=now - timedelta(days=200))
    young = security_event_record(kind="login.success", at=now - timedelta(days=170))
    assert security_events_purge(before=now - timedelta(days=180), now=now) == 1
    assert not SecurityEvent.objects.filter(pk=old.pk).exists()
    assert SecurityEvent.objects.filter(pk=young.pk).exists()
    assert SecurityEvent.objects.filter(kind="audit.purged").exists()


def test_a_role_change_through_the_profile_is_recorded(make_user):
    user = make_user("zhang", role=Role.ANALYST)
    profile = Profile.objects.get(user=user)
    profile.role = Role.SYSTEM_ADMIN
    profile.save()
    changes = [e.detail for e in SecurityEvent.objects.filter(kind="role.changed").order_by("id")]
    assert changes[0]["role"] == [None, "analyst"]
    assert changes[1]["role"] == ["analyst", "system_admin"]


def test_group_and_staff_flag_changes_are_recorded(make_user):
    user = make_user("zhang")
    reviewers = Group.objects.create(name="reviewers")
    user.groups.add(reviewers)
    reviewers.user_set.remove(user)
    user.is_staff = True
    user.save()
    details = [
        e.detail for e in SecurityEvent.objects.filter(kind="permission.changed").order_by("id")
    ]
    assert details == [
        {"groups": {"add": ["reviewers"]}},
        {"groups": {"remove": ["reviewers"]}},
        {"is_staff": [False, True]},
    ]


def test_administrators_can_list_filter_and_export_events_but_not_edit_them(
    admin_client, make_user
):
    security_event_record(kind="login.failure", outcome="failure", username="li")
    security_event_record(kind="login.success", outcome="success", username="zhang")
    listing = admin_client.get("/admin/security/securityevent/?outcome__exact=failure")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "li" in page and ">zhang<" not in page
    assert admin_client.get("/admin/security/securityevent/add/").status_code == 403
    event = SecurityEvent.objects.get(username="li")
    assert admin_client.get(f"/admin/security/securityevent/{event.pk}/delete/").status_code == 403
    response = admin_client.post(
        "/admin/security/securityevent/",
        {"action": "export_csv", "_selected_action": [event.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["kind"], r["username"]) for r in rows] == [("login.failure", "li")]
    assert SecurityEvent.objects.filter(kind="data.exported").exists()
