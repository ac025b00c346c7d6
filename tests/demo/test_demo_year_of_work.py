"""The demo's year of work besides the money path (issue 23, ``waibao.demo.year_of_work``):
on the demo data set as ``waibao demo`` builds it, every demo login finds, on its home and
work pages, non-empty lists of the items it can show (recognitions and their published
lists, credit events, courses and rosters, the talent pool, announcements, the open-data
release, plan tasks with overdue items); the guided tour (演示导览) lists every login and is
shown only in demo mode; docs/demo.md lists every login.

The demo is built once for the module inside a transaction rolled back at the end.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db import transaction

from waibao import demo
from waibao.demo.loader import demo_load
from waibao.demo.logins import LOGIN_SPECS, demo_logins_ensure
from waibao.demo.money_path import PLANS, demo_money_path_ensure
from waibao.demo.tour import part_of
from waibao.demo.year_of_work import demo_lists_ensure, demo_year_of_work_ensure

pytestmark = pytest.mark.django_db

KEYS = ("WAIBAO_FIELD_KEY", "WAIBAO_BLIND_INDEX_KEY")
DOCS = Path(__file__).resolve().parents[2] / "docs" / "demo.md"


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory):
    from cryptography.fernet import Fernet
    from django.core.cache import caches

    keys = {name: Fernet.generate_key().decode() for name in KEYS}
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        for name, key in keys.items():
            patch.setenv(name, key)
        patch.setenv("WAIBAO_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            caches["default"].clear()
            demo_load(demo.generate())
            demo_logins_ensure()
            demo_money_path_ensure()
            work = demo_year_of_work_ensure()
            lists = demo_lists_ensure()
            yield work, lists, keys
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            caches["default"].clear()


@pytest.fixture
def world(demo_world, monkeypatch):
    work, lists, keys = demo_world
    for name, key in keys.items():
        monkeypatch.setenv(name, key)
    return work, lists


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_the_year_of_work_is_made_once_in_every_jurisdiction(world):
    from waibao.evaluation.models import CreditEvent, Publication, RecognitionApplication
    from waibao.plans.models import Meeting, ProgressReport
    from waibao.publishing.models import Announcement, DataReleaseVersion
    from waibao.talent.models import Course, Enrolment, PoolEntry

    work, lists = world
    assert not work.existing and not lists.existing
    assert Publication.objects.filter(kind="top_ten").count() == len(PLANS)
    assert Publication.objects.filter(kind="key_enterprise").count() == len(PLANS)
    assert all(p.entries for p in Publication.objects.all())
    assert RecognitionApplication.objects.filter(status="approved").exists()
    assert RecognitionApplication.objects.filter(status="submitted").exists()
    assert {e.kind for e in CreditEvent.objects.all()} >= {"commendation", "late_reporting"}
    assert CreditEvent.objects.filter(restored__isnull=False).exists()
    assert Course.objects.count() >= len(PLANS)
    assert Enrolment.objects.filter(final_exam="fail").exists()
    assert Enrolment.objects.filter(hired_by__isnull=False).exists()
    assert PoolEntry.objects.count() == work.counts["pool"] > 0
    states = set(Announcement.objects.values_list("state", flat=True))
    assert states == {"draft", "in_review", "published"}
    assert DataReleaseVersion.objects.count() == 1
    assert ProgressReport.objects.count() == Meeting.objects.count() == len(PLANS)
    # a second run adds nothing
    assert demo_year_of_work_ensure().existing and demo_lists_ensure().existing
    assert Course.objects.count() == work.counts["courses"]


def test_the_audit_trail_and_access_log_record_who_did_it(world):
    from waibao.audit.models import AuditRecord
    from waibao.talent.models import AccessLog

    for plan in PLANS:
        published = AuditRecord.objects.filter(action="announcement.publish").filter(
            actor_username=plan.set_up
        )
        approved = AuditRecord.objects.filter(action="announcement.approve").filter(
            actor_username=plan.approver
        )
        assert published.count() == approved.count() == 1, plan.code
    assert AccessLog.objects.filter(action="import").count() == len(PLANS)
    assert AccessLog.objects.filter(action="consent").exists()


def test_made_up_people_pass_the_check_digit_and_are_marked_as_demo(world):
    from waibao.demo.talent_year import demo_id_number
    from waibao.talent.identity import clean_id_number
    from waibao.talent.models import Person
    from waibao.talent.people import person_identity

    number = demo_id_number(("440106",), dt.date(1999, 5, 4), 3)
    assert clean_id_number(number) == number and number[14:17] == "993"
    assert demo_id_number(("440106",), dt.date(1999, 5, 4), 3) == number  # deterministic
    for person in Person.objects.all():
        identity = person_identity(person)
        assert identity.name.endswith("(演示)")
        assert identity.id_number[14:16] == "99"


# What each part of the cast must find filled: (URL, context name) pairs, "{uscc}" being
# the login's own organisation.
WORK_LISTS = {
    "enterprise": (
        ("/talent/institution/", "courses"),
        ("/evaluation/publications/", "publications"),
        ("/news/", "items"),
    ),
    "district_reviewer": (("/evaluation/publications/", "publications"), ("/news/", "items")),
    "set_up": (
        ("/news/staff/", "items"),
        ("/plans/", "rows"),
        ("/evaluation/applications/", "applications"),
    ),
    "approver": (
        ("/news/staff/", "items"),
        ("/plans/", "rows"),
        ("/evaluation/applications/", "applications"),
    ),
    "sender": (("/plans/", "rows"),),
    "leader": (("/plans/", "rows"), ("/evaluation/publications/", "publications")),
    "analyst": (("/data/", "releases"), ("/evaluation/publications/", "publications")),
    "system_admin": (("/news/staff/", "items"), ("/plans/", "rows")),
}


def test_every_demo_login_finds_its_lists_filled(world, client):
    """Signed in as each demo login (the money path's test signs in with the password and
    the second factor; here the session is made directly), its home page answers and each
    of its work pages lists something; officers see overdue tasks on their home page."""
    from waibao.talent.selectors import organisation_may_search_pool

    for spec in LOGIN_SPECS:
        user = _user(spec.username)
        client.force_login(user)
        home = client.get("/")
        assert home.status_code == 200, spec.username
        part = part_of(spec)
        if part in ("set_up", "approver"):
            assert home.context["workbench"].data["overdue_tasks"], spec.username
        for url, name in WORK_LISTS[part]:
            page = client.get(url)
            assert page.status_code == 200, (spec.username, url)
            assert list(page.context[name]), (spec.username, url, name)
        if part == "enterprise":
            organisation = user.waibao_profile.organisation
            assert organisation_may_search_pool(organisation), spec.username
            assert client.get("/talent/pool/").status_code == 200
            credit = client.get(f"/evaluation/credit/{organisation.uscc}/")
            assert list(credit.context["events"]), spec.username
            courses = client.get("/talent/institution/")
            selected = courses.context["courses"][0]
            roster = client.get(f"/talent/institution/?course={selected.pk}")
            assert list(roster.context["roster"]), spec.username
        if part in ("set_up", "approver"):
            states = {a.state for a in client.get("/news/staff/").context["items"]}
            assert states >= {"draft", "in_review", "published"}, spec.username
        client.logout()


def test_the_tour_lists_every_login_and_only_in_demo_mode(world, client, settings):
    settings.WAIBAO_DEMO = False
    assert client.get("/demo/tour/").status_code == 404
    assert "/demo/tour/" not in client.get("/").content.decode()
    settings.WAIBAO_DEMO = True
    assert 'href="/demo/tour/"' in client.get("/").content.decode()
    page = client.get("/demo/tour/")
    assert page.status_code == 200
    text = page.content.decode()
    for spec in LOGIN_SPECS:
        assert f'id="login-{spec.username}"' in text, spec.username
        assert f"{spec.username}-demo-2025" in text
    # every step links a page that exists
    for _heading, logins in page.context["groups"]:
        for login in logins:
            assert login.steps, login.username


def test_docs_list_every_login_and_what_it_shows():
    text = DOCS.read_text(encoding="utf-8")
    for spec in LOGIN_SPECS:
        assert f"| `{spec.username}` |" in text, spec.username
    for word in ("演示导览", "0032", "人才库", "督办"):
        assert word in text, word
