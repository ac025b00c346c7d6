"""公示: published for the fund's period, objections resolved before final approval."""

from __future__ import annotations

import datetime as dt

import pytest
from funds_factories import after_publicity

from waibao.funds.errors import Forbidden, FundsError, InvalidTransition
from waibao.funds.models import Application, Objection
from waibao.funds.services import (
    application_approve_final,
    fund_configure,
    objection_record,
    objection_resolve,
    publication_create,
)

S = Application.Status


@pytest.fixture
def published(world):
    app = world.city_approved(world.alpha, "guangzhou.5.training", "5000.00")
    publication = publication_create(fund=world.gz_fund, year=2010, actor=world.gz_admin)
    app.refresh_from_db()
    return world, app, publication


def test_a_publication_lasts_seven_days_by_default_and_the_fund_may_change_it(world):
    first = world.city_approved(world.alpha, "guangzhou.5.training", "5000.00")
    publication = publication_create(
        fund=world.gz_fund, year=2010, actor=world.gz_admin, applications=[first]
    )
    assert publication.ends_at - publication.published_at == dt.timedelta(days=7)
    fund_configure(fund=world.gz_fund, actor=world.gz_finance, publicity_days=10)
    world.gz_fund.refresh_from_db()
    second = world.city_approved(world.gamma, "guangzhou.5.training", "5000.00")
    publication = publication_create(
        fund=world.gz_fund, year=2010, actor=world.gz_admin, applications=[second]
    )
    assert publication.ends_at - publication.published_at == dt.timedelta(days=10)


def test_only_city_approved_applications_are_published_and_only_by_the_city_admin(world):
    draft = world.submitted(world.alpha, "guangzhou.5.training", "1.00")
    with pytest.raises(Forbidden):
        publication_create(fund=world.gz_fund, year=2010, actor=world.tianhe_reviewer)
    with pytest.raises(FundsError, match="没有可公示的申请"):
        publication_create(fund=world.gz_fund, year=2010, actor=world.gz_admin)
    with pytest.raises(InvalidTransition):
        publication_create(
            fund=world.gz_fund, year=2010, actor=world.gz_admin, applications=[draft]
        )


def test_final_approval_waits_for_the_end_of_the_period(published):
    world, app, publication = published
    assert app.status == S.IN_PUBLICITY
    with pytest.raises(InvalidTransition, match="公示期至"):
        application_approve_final(
            application=app, actor=world.gz_admin, now=publication.ends_at - dt.timedelta(seconds=1)
        )
    approved = application_approve_final(
        application=app, actor=world.gz_admin, now=publication.ends_at
    )
    assert approved.status == S.APPROVED


def test_an_open_objection_blocks_final_approval_until_it_is_dismissed(published):
    world, app, publication = published
    objection = objection_record(
        application=app, actor=world.gz_admin, raised_by="张三", text="该企业培训人数不实"
    )
    with pytest.raises(InvalidTransition, match="异议"):
        application_approve_final(
            application=app, actor=world.gz_admin, now=after_publicity(publication)
        )
    objection_resolve(
        objection=objection,
        actor=world.gz_admin,
        upheld=False,
        resolution="核对培训签到表, 人数属实",
    )
    assert (
        application_approve_final(
            application=app, actor=world.gz_admin, now=after_publicity(publication)
        ).status
        == S.APPROVED
    )


def test_an_upheld_objection_rejects_the_application_with_the_resolution(published):
    world, app, _ = published
    objection = objection_record(
        application=app, actor=world.gz_admin, raised_by="李四", text="重复申报"
    )
    objection_resolve(
        objection=objection, actor=world.gz_admin, upheld=True, resolution="已获同类资助, 不予支持"
    )
    app.refresh_from_db()
    assert app.status == S.REJECTED and app.last_reason == "已获同类资助, 不予支持"
    objection.refresh_from_db()
    assert objection.status == Objection.Status.UPHELD
    with pytest.raises(InvalidTransition, match="该异议已处理"):
        objection_resolve(objection=objection, actor=world.gz_admin, upheld=False, resolution="x")


def test_objections_and_final_approvals_belong_to_the_fund_s_city_admin(published):
    world, app, publication = published
    for outsider in (world.hz_admin, world.tianhe_reviewer, world.alpha_user):
        with pytest.raises(Forbidden):
            objection_record(application=app, actor=outsider, raised_by="x", text="y")
        with pytest.raises(Forbidden):
            application_approve_final(
                application=app, actor=outsider, now=after_publicity(publication)
            )


def test_the_public_page_lists_the_published_amounts_in_chinese_without_bank_details(
    published, client
):
    _, app, publication = published
    response = client.get(f"/funds/publications/{publication.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "天河甲软件有限公司" in page and "5,000.00" in page and "公示" in page
    assert app.bank_account_number not in page
    listing = client.get("/funds/publications/").content.decode()
    assert publication.title in listing


def test_the_public_objects_on_the_page_and_final_approval_waits_for_the_resolution(
    published, client
):
    world, app, publication = published
    path = f"/funds/publications/{publication.pk}/"
    incomplete = client.post(
        path, {"application": app.pk, "raised_by": "王五", "text": "不实"}, follow=True
    )
    assert "提出异议须填写姓名、联系方式和异议内容" in incomplete.content.decode()
    client.post(
        path,
        {
            "application": app.pk,
            "raised_by": "王五",
            "contact": "13800000000",
            "text": "该企业当年未开展培训",
        },
    )
    objection = Objection.objects.get()
    assert objection.recorded_by is None and objection.contact == "13800000000"
    with pytest.raises(InvalidTransition, match="异议"):
        application_approve_final(
            application=app, actor=world.gz_admin, now=after_publicity(publication)
        )
    objection_resolve(
        objection=objection, actor=world.gz_admin, upheld=False, resolution="经核查已开展"
    )
    assert (
        application_approve_final(
            application=app, actor=world.gz_admin, now=after_publicity(publication)
        ).status
        == S.APPROVED
    )


def test_a_public_objection_outside_the_period_is_refused(published):
    from waibao.funds.services import objection_submit

    _, app, publication = published
    Publication = type(publication)
    Publication.objects.filter(pk=publication.pk).update(
        published_at=publication.published_at - dt.timedelta(days=8),
        ends_at=publication.published_at - dt.timedelta(days=1),
    )
    app.refresh_from_db()
    with pytest.raises(FundsError, match="只在公示期内受理异议"):
        objection_submit(application=app, raised_by="x", contact="y", text="z")


def test_the_publicity_period_s_dates_are_whole_time_elements_on_both_pages(published, client):
    """A date and its time never split across lines (at 390 px "2026-12-14 03:44" broke
    after "2026-"): each is a ``<time>`` the portal's stylesheet keeps on one line, its
    ``datetime`` the local time the text shows."""
    from django.utils import timezone

    _world, _app, publication = published
    start = timezone.localtime(publication.published_at)
    end = timezone.localtime(publication.ends_at)
    listed = client.get("/funds/publications/").content.decode()
    shown = f'<time datetime="{end.isoformat()}">{end:%Y-%m-%d %H:%M}</time>'
    assert f'<time datetime="{start.isoformat()}">{start:%Y-%m-%d}</time>' in listed
    assert shown in listed
    detail = client.get(f"/funds/publications/{publication.pk}/").content.decode()
    assert f'<time datetime="{start.isoformat()}">{start:%Y-%m-%d %H:%M}</time>' in detail
    assert shown in detail
