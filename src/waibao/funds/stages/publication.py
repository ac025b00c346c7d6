"""Stage 3, publication (公示): city-approved applications published for a period, objections
recorded or submitted and resolved, and final approval once the period has ended."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waibao.funds import access, duties
from waibao.funds.errors import FundsError, InvalidTransition
from waibao.funds.models import Application, Fund, Objection, Publication
from waibao.funds.stages import common
from waibao.funds.stages.common import S, fen_text


def publication_create(
    *,
    fund: Fund,
    year: int,
    actor: Any,
    title: str = "",
    applications: Iterable[Application] | None = None,
    days: int | None = None,
    starts_at: dt.datetime | None = None,
) -> Publication:
    """Publish city-approved applications for ``days`` (the fund's period, 7 by default)."""
    access.require_city_admin_of(actor, fund)
    starts_at = starts_at or timezone.now()
    days = fund.publicity_days if days is None else days
    if days < 1:
        raise FundsError(_("公示期至少一天"))
    with transaction.atomic():
        if applications is None:
            chosen = list(
                Application.objects.select_for_update()
                .filter(fund=fund, year=year, status=S.CITY_APPROVED)
                .order_by("id")
            )
        else:
            chosen = [common.locked(a) for a in applications]
        if not chosen:
            raise FundsError(_("没有可公示的申请：没有市级审核通过的申请"))
        publication = Publication.objects.create(
            fund=fund,
            year=year,
            title=title or f"{fund.name} {year}年度拟支持项目公示",
            published_at=starts_at,
            ends_at=starts_at + dt.timedelta(days=days),
            published_by=actor,
        )
        common.audit(
            actor,
            "publication.create",
            publication,
            to_state="published",
            ends_at=publication.ends_at.isoformat(),
            days=days,
            count=len(chosen),
        )
        for application in chosen:
            if application.fund_id != fund.pk or application.year != year:
                raise FundsError(
                    _("申请 %(application)s 不属于%(fund)s %(year)s 年度")
                    % {"application": application.pk, "fund": fund.name, "year": year}
                )
            common.expect(application, S.CITY_APPROVED)
            application.publication = publication
            amount = fen_text(application.approved_fen)
            common.move(
                application,
                S.IN_PUBLICITY,
                actor,
                "application.publish",
                publication=publication.pk,
                amount=amount,
            )
    return publication


def objection_record(
    *, application: Application, actor: Any, raised_by: str, text: str
) -> Objection:
    """Record an objection received during the 公示 period (by letter, telephone, visit)."""
    access.require_city_admin_of(actor, application.fund)
    if not text.strip() or not raised_by.strip():
        raise FundsError(_("登记异议须写明异议人和异议内容"))
    with transaction.atomic():
        application, publication = _in_publicity(application)
        if timezone.now() > publication.ends_at:
            raise FundsError(_("公示期已结束"))
        return _objection_add(
            application, actor, "objection.record", raised_by, text, recorded_by=actor
        )


def _in_publicity(application: Application) -> tuple[Application, Publication]:
    """The application locked, refused unless it is in its 公示, and its publication."""
    application = common.locked(application)
    common.expect(application, S.IN_PUBLICITY)
    publication = application.publication
    assert publication is not None
    return application, publication


def _objection_add(
    application: Application, actor: Any, action: str, raised_by: str, text: str, **more: Any
) -> Objection:
    objection = Objection.objects.create(
        publication=application.publication,
        application=application,
        raised_by=raised_by,
        text=text,
        **more,
    )
    common.audit(
        actor,
        action,
        objection,
        to_state=Objection.Status.OPEN,
        reason=text,
        application=application.pk,
        raised_by=raised_by,
    )
    return objection


OBJECTION_MAX_CHARS = 2000


def objection_submit(
    *, application: Application, raised_by: str, contact: str, text: str
) -> Objection:
    """Anyone may object to a published application during its 公示 period, giving a name
    and a way to be reached; the city admin then resolves it like a recorded one."""
    raised_by, contact, text = raised_by.strip(), contact.strip(), text.strip()
    if not raised_by or not contact or not text:
        raise FundsError(_("提出异议须填写姓名、联系方式和异议内容"))
    if len(text) > OBJECTION_MAX_CHARS or len(raised_by) > 200 or len(contact) > 200:
        raise FundsError(
            _("异议内容最多 %(most)s 个字，姓名和联系方式各最多 200 个字")
            % {"most": OBJECTION_MAX_CHARS}
        )
    with transaction.atomic():
        application, publication = _in_publicity(application)
        now = timezone.now()
        if not publication.published_at <= now <= publication.ends_at:
            raise FundsError(_("只在公示期内受理异议"))
        return _objection_add(
            application, None, "objection.submit", raised_by, text, contact=contact
        )


def objection_resolve(
    *, objection: Objection, actor: Any, upheld: bool, resolution: str
) -> Objection:
    """Resolve an objection; one upheld rejects the application with the resolution."""
    access.require_city_reviewer_of(actor, objection.application)
    if not resolution.strip():
        raise FundsError(_("处理异议须说明理由"), field="resolution")
    with transaction.atomic():
        application = common.locked(objection.application)
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        if objection.status != Objection.Status.OPEN:
            raise InvalidTransition(_("该异议已处理"))
        outcome = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
        objection.resolution = resolution
        objection.resolved_at = timezone.now()
        objection.resolved_by = actor
        common.move(
            objection,
            outcome,
            actor,
            "objection.resolve",
            reason=resolution,
            application=application.pk,
        )
        if upheld and application.status == S.IN_PUBLICITY:
            application.last_reason = resolution
            common.move(
                application,
                S.REJECTED,
                actor,
                "application.reject_after_objection",
                reason=resolution,
            )
    return objection


def application_approve_final(
    *, application: Application, actor: Any, now: dt.datetime | None = None
) -> Application:
    """Final approval: only after the 公示 period has ended with no objection left open, and
    never by whoever configured the fund or a parameter of its policy (``duties``, rule 1)."""
    access.require_city_reviewer_of(actor, application)
    duties.require_not_configurer(actor, application.fund)
    now = now or timezone.now()
    with transaction.atomic():
        application, publication = _in_publicity(application)
        if now < publication.ends_at:
            ends = timezone.localtime(publication.ends_at)
            raise InvalidTransition(
                _("公示期至 %(ends)s 结束，结束后才能核准") % {"ends": f"{ends:%Y-%m-%d %H:%M}"}
            )
        if application.objections.filter(status=Objection.Status.OPEN).exists():
            raise InvalidTransition(_("该申请还有未处理的异议"))
        amount = fen_text(application.approved_fen)
        common.move(
            application,
            S.APPROVED,
            actor,
            "application.approve_final",
            amount=amount,
            publication=publication.pk,
        )
    return application


def publication_approve_all(
    *, publication: Publication, actor: Any, now: dt.datetime | None = None
) -> list[Application]:
    """Final approval of every application still in this 公示."""
    return [
        application_approve_final(application=app, actor=actor, now=now)
        for app in publication.applications.filter(status=S.IN_PUBLICITY).order_by("id")
    ]
