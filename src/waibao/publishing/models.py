"""What the bureau publishes: announcements (政策发布, 通知, 公示) and open-data releases.

The policy texts ask for a service-outsourcing information network and for regular
publication of policies, plans and data (see docs/policy-reference.md). An announcement goes
draft → in review → approved → published → withdrawn, and a second person approves
(``services``). A withdrawn announcement keeps its address and shows a withdrawal notice.

An open-data release is a chosen table (a year and its dimensions); each publication of it
is a new immutable ``DataReleaseVersion`` (v1, v2, …) whose files are stored by checksum.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Announcement(models.Model):
    class Kind(models.TextChoices):
        POLICY = "policy", _("政策发布")
        NOTICE = "notice", _("通知公告")
        PUBLICITY = "publicity", _("公示")

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        IN_REVIEW = "in_review", _("待审核")
        APPROVED = "approved", _("已审核")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤回")

    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.DRAFT)
    title_zh = models.CharField(_("中文标题"), max_length=200)
    title_en = models.CharField(_("英文标题"), max_length=300, blank=True)
    body_zh = models.TextField(_("中文正文"))
    body_en = models.TextField(_("英文正文"), blank=True)
    link = models.URLField(_("链接(如公示页面)"), blank=True)
    city_code = models.CharField(_("发布城市区划代码"), max_length=6, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("撤回理由"), blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["state", "published_at"])]
        verbose_name = _("公告")
        verbose_name_plural = _("公告")

    def __str__(self) -> str:
        return self.title_zh

    def title_for(self, language: str) -> str:
        """The English title for English readers when there is one, else the Chinese."""
        return self.title_en if language.startswith("en") and self.title_en else self.title_zh

    def body_for(self, language: str) -> str:
        return self.body_en if language.startswith("en") and self.body_en else self.body_zh


class Attachment(models.Model):
    """A file attached to an announcement, stored under the data directory by its SHA-256."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="attachments"
    )
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("类型"), max_length=80)
    size = models.PositiveBigIntegerField(_("大小(字节)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")


class DataRelease(models.Model):
    """A table the bureau chose to publish: a measure of one year by one or two dimensions."""

    slug = models.SlugField(_("编号"), max_length=80, unique=True)
    title_zh = models.CharField(_("中文标题"), max_length=200)
    title_en = models.CharField(_("英文标题"), max_length=300)
    year = models.PositiveSmallIntegerField(_("年度"))
    dimensions = models.JSONField(_("维度"))  # e.g. ["city", "group"]
    measure = models.CharField(_("指标"), max_length=32)  # executed_usd, executed_cny, ...
    min_enterprises = models.PositiveSmallIntegerField(_("最少企业数"), default=3)
    dominance_percent = models.PositiveSmallIntegerField(_("单一企业占比上限(%)"), default=85)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("开放数据集")
        verbose_name_plural = _("开放数据集")

    def __str__(self) -> str:
        return self.slug


class ImmutableVersion(Exception):
    pass


class DataReleaseVersion(models.Model):
    """One published version of a release. Never changed or deleted once written."""

    release = models.ForeignKey(DataRelease, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    files = models.JSONField(_("文件与校验和"))  # {"data.csv": "<sha256>", ...}
    rows = models.PositiveIntegerField(_("行数"))
    suppressed_cells = models.PositiveIntegerField(_("隐藏单元格数"))

    class Meta:
        ordering = ["release_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["release", "number"], name="one_version_number")
        ]
        verbose_name = _("开放数据版本")
        verbose_name_plural = _("开放数据版本")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableVersion("a published data version is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableVersion("a published data version is never deleted")

    @property
    def label(self) -> str:
        return f"v{self.number}"

    @property
    def superseded(self) -> bool:
        return self.release.versions.filter(number__gt=self.number).exists()
