"""Writes for announcements: every state change checked, audited, in one transaction.

draft → in_review (author submits) → approved (a second person) → published → withdrawn.
An approver who wrote the announcement is refused; a published item's text is frozen (withdraw
it and publish a correction). Open-data writes are in ``opendata``.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any, BinaryIO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waibao.audit.services import audit_record
from waibao.publishing import storage
from waibao.publishing.access import Forbidden, city_of, may_handle, require_editor
from waibao.publishing.models import Announcement, Attachment

S = Announcement.State


class InvalidTransition(Exception):
    pass


EDITABLE = {S.DRAFT}


def _check(user: Any, announcement: Announcement) -> None:
    if not may_handle(user, announcement.city_code):
        raise Forbidden(_("不在您的管辖范围内"))


def _move(
    user: Any, announcement: Announcement, allowed: set[str], to: str, action: str, reason: str = ""
) -> Announcement:
    _check(user, announcement)
    if announcement.state not in allowed:
        raise InvalidTransition(
            _("公告当前状态为「%(state)s」，不能执行此操作")
            % {"state": announcement.get_state_display()}
        )
    before = announcement.state
    announcement.state = to
    announcement.save()
    audit_record(
        actor=user,
        action=f"announcement.{action}",
        obj=announcement,
        from_state=before,
        to_state=to,
        reason=reason,
        payload={"title_zh": announcement.title_zh},
    )
    return announcement


@transaction.atomic
def announcement_create(
    *, user: Any, kind: str, title_zh: str, body_zh: str, **fields: Any
) -> Announcement:
    require_editor(user)
    if kind not in Announcement.Kind.values:
        raise ValueError(f"unknown kind {kind!r}")
    if not title_zh.strip() or not body_zh.strip():
        raise ValueError(_("中文标题和正文不能为空"))
    announcement = Announcement.objects.create(
        kind=kind,
        title_zh=title_zh,
        body_zh=body_zh,
        author=user,
        city_code=city_of(user),
        **fields,
    )
    audit_record(actor=user, action="announcement.create", obj=announcement, to_state=S.DRAFT)
    return announcement


@transaction.atomic
def announcement_update(*, user: Any, announcement: Announcement, **fields: Any) -> Announcement:
    _check(user, announcement)
    if announcement.state not in EDITABLE:
        raise InvalidTransition(_("只有草稿可以修改；已发布的公告请撤回后另行发布"))
    for name, value in fields.items():
        setattr(announcement, name, value)
    announcement.save()
    audit_record(
        actor=user,
        action="announcement.update",
        obj=announcement,
        payload={"fields": sorted(fields)},
    )
    return announcement


@transaction.atomic
def announcement_submit(*, user: Any, announcement: Announcement) -> Announcement:
    return _move(user, announcement, {S.DRAFT}, S.IN_REVIEW, "submit")


@transaction.atomic
def announcement_return(*, user: Any, announcement: Announcement, reason: str) -> Announcement:
    if not reason.strip():
        raise ValueError(_("退回须说明理由"))
    return _move(user, announcement, {S.IN_REVIEW}, S.DRAFT, "return", reason)


@transaction.atomic
def announcement_approve(*, user: Any, announcement: Announcement) -> Announcement:
    if announcement.author_id == getattr(user, "pk", None):
        raise Forbidden(_("审核须由作者以外的另一人进行"))
    announcement.reviewer = user
    return _move(user, announcement, {S.IN_REVIEW}, S.APPROVED, "approve")


@transaction.atomic
def announcement_publish(*, user: Any, announcement: Announcement) -> Announcement:
    announcement.published_at = timezone.now()
    return _move(user, announcement, {S.APPROVED}, S.PUBLISHED, "publish")


@transaction.atomic
def announcement_withdraw(*, user: Any, announcement: Announcement, reason: str) -> Announcement:
    if not reason.strip():
        raise ValueError(_("撤回须说明理由"))
    announcement.withdrawn_at = timezone.now()
    announcement.withdrawal_reason = reason
    return _move(user, announcement, {S.PUBLISHED}, S.WITHDRAWN, "withdraw", reason)


@transaction.atomic
def attachment_add(
    *, user: Any, announcement: Announcement, name: str, stream: BinaryIO
) -> Attachment:
    _check(user, announcement)
    if announcement.state not in EDITABLE:
        raise InvalidTransition(_("只有草稿可以添加附件"))
    suffix = PurePath(name).suffix.lower()
    if suffix not in storage.ALLOWED:
        raise ValueError(_("不支持的附件类型 %(type)s") % {"type": suffix or name})
    sha, size = storage.store(stream)
    attachment = Attachment.objects.create(
        announcement=announcement,
        original_name=PurePath(name).name,
        content_type=storage.ALLOWED[suffix],
        size=size,
        sha256=sha,
    )
    audit_record(
        actor=user,
        action="announcement.attach",
        obj=announcement,
        payload={"name": attachment.original_name, "sha256": sha, "size": size},
    )
    return attachment
