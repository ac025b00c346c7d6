"""Recognitions: application, criteria, decision, validity, revocation, and the registry row
that makes a title a fact of the rules engine."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from evaluation_helpers import D, organisation

from waibao import rules
from waibao.evaluation import services
from waibao.evaluation.models import RecognitionApplication
from waibao.facts.from_db import facts_for_year
from waibao.registry.models import Park, Recognition

pytestmark = pytest.mark.django_db


@pytest.fixture
def wenzhou_park(places):
    park = Park.objects.create(
        park_id="WZ-P1", name="温州软件园", region=places["lucheng"], has_public_it_platform=True
    )
    return organisation(
        "91330302MA000001XX", places["lucheng"], kind="park", park=park, name="温州软件园运营公司"
    )


def _rows(year, uscc, clause):
    records = [r for r in facts_for_year(year) if r["uscc"] == uscc]
    return [row for row in rules.entitlements(records) if row["clause"] == clause]


def _approved_provincial_park(org, on):
    application = services.recognition_apply(
        org, "wenzhou.4.demonstration_park", "provincial", {"reviewer_finding": True}, on
    )
    return services.recognition_decide(application, approve=True, on=on)


def test_approving_a_provincial_title_for_a_wenzhou_park_with_a_platform_earns_wenzhou_4(
    wenzhou_park,
):
    assert _rows(2025, wenzhou_park.uscc, "wenzhou.4.demonstration_park") == []
    application = _approved_provincial_park(wenzhou_park, D(2025, 3, 1))
    recognition = application.recognition
    assert (recognition.kind, recognition.level, recognition.date) == (
        "demonstration_park",
        "provincial",
        D(2025, 3, 1),
    )
    assert recognition.has_public_it_platform is True
    [row] = _rows(2025, wenzhou_park.uscc, "wenzhou.4.demonstration_park")
    assert row["amount_cny"] == "500000.00"


def test_revoking_the_title_removes_the_entitlement_of_that_year(wenzhou_park):
    application = _approved_provincial_park(wenzhou_park, D(2025, 3, 1))
    services.recognition_revoke(application, D(2025, 9, 1), "弄虚作假")
    assert Recognition.objects.get().revoked == D(2025, 9, 1)
    assert _rows(2025, wenzhou_park.uscc, "wenzhou.4.demonstration_park") == []


def test_a_title_revoked_the_next_year_still_counts_for_the_year_it_was_held(wenzhou_park):
    application = _approved_provincial_park(wenzhou_park, D(2025, 3, 1))
    services.recognition_revoke(application, D(2026, 1, 1))
    assert len(_rows(2025, wenzhou_park.uscc, "wenzhou.4.demonstration_park")) == 1
    assert not [
        r for r in facts_for_year(2026) if r["uscc"] == wenzhou_park.uscc and r["recognitions"]
    ]


def test_a_park_without_a_platform_gets_the_title_but_not_the_reward(places):
    park = Park.objects.create(park_id="WZ-P2", name="无平台园区", region=places["lucheng"])
    org = organisation("91330302MA000002XX", places["lucheng"], kind="park", park=park)
    _approved_provincial_park(org, D(2025, 3, 1))
    assert Recognition.objects.get().has_public_it_platform is False
    assert _rows(2025, org.uscc, "wenzhou.4.demonstration_park") == []


def test_a_guangzhou_zone_cannot_be_approved_without_the_districts_fund(places):
    org = organisation("91440106MA000003XX", places["tianhe"], kind="park")
    application = services.recognition_apply(
        org,
        "guangzhou.9.demonstration_zone",
        "municipal",
        {"has_plan": True, "has_targets": True, "has_fund": False},
        D(2009, 4, 1),
    )
    with pytest.raises(ValidationError, match="设立了服务外包发展资金"):
        services.recognition_decide(application, approve=True, on=D(2009, 5, 1))
    assert not Recognition.objects.exists()
    services.recognition_decide(application, approve=False, on=D(2009, 5, 1))
    assert application.status == RecognitionApplication.Status.REJECTED


def test_a_level_the_programme_does_not_give_is_refused(places):
    org = organisation("91440106MA000004XX", places["tianhe"], kind="park")
    with pytest.raises(ValidationError, match="levels"):
        services.recognition_apply(
            org, "guangzhou.9.demonstration_zone", "national", {}, D(2009, 4, 1)
        )


def test_a_wenzhou_platform_running_two_years_is_recognised_with_its_operating_years(places):
    org = organisation("91330302MA000005XX", places["lucheng"], kind="platform")
    evidence = {"operating_since": "2011-03-15", "effective": True}
    early = services.recognition_apply(
        org, "wenzhou.7.public_platform", "provincial", evidence, D(2013, 3, 1)
    )
    with pytest.raises(ValidationError, match="正常运行满两年"):
        services.recognition_decide(early, approve=True, on=D(2013, 3, 14))
    services.recognition_decide(early, approve=True, on=D(2013, 3, 15))
    recognition = Recognition.objects.get()
    assert recognition.operating_years == 2
    assert recognition.valid_until == D(2014, 3, 14)
    [row] = _rows(2013, org.uscc, "wenzhou.7.public_platform")
    assert row["amount_cny"] == "300000.00"


def test_a_yearly_review_renews_a_datong_platform_and_a_failed_one_revokes_it(places):
    from evaluation_helpers import region

    datong = region("140200", "大同市", "city", region("140000", "山西省", "province"))
    org = organisation(
        "91140200MA000006XX", region("140213", "平城区", "district", datong), kind="platform"
    )
    application = services.recognition_apply(
        org, "datong.18.public_platform", "municipal", {"radiating": True}, D(2023, 2, 1)
    )
    services.recognition_decide(application, approve=True, on=D(2023, 3, 1))
    services.recognition_review(application, 2023, True, D(2023, 12, 20))
    assert Recognition.objects.get().valid_until == D(2024, 12, 31)
    services.recognition_review(application, 2024, False, D(2024, 12, 20), "考核不合格")
    application.refresh_from_db()
    assert application.status == RecognitionApplication.Status.REVOKED
    assert Recognition.objects.get().revoked == D(2024, 12, 20)


def test_a_title_without_a_yearly_review_cannot_be_reviewed(wenzhou_park):
    application = _approved_provincial_park(wenzhou_park, D(2025, 3, 1))
    with pytest.raises(ValidationError, match="no yearly re-evaluation"):
        services.recognition_review(application, 2025, True, D(2025, 12, 1))


def test_a_title_revoked_on_31_december_is_not_a_fact_of_that_year(wenzhou_park):
    application = _approved_provincial_park(wenzhou_park, D(2025, 3, 1))
    services.recognition_revoke(application, D(2025, 12, 31))
    assert _rows(2025, wenzhou_park.uscc, "wenzhou.4.demonstration_park") == []
