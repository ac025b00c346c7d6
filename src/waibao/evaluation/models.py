"""Evaluation tables: configurable methods, published lists, recognition applications,
credit events and the demonstration-city scorecard's entered values."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from waibao.registry.models import Organisation, Recognition, Region, Violation


class RatingMethod(models.Model):
    """A versioned scoring method (weights per indicator, normalisation, list size). For a
    city, the newest of the city's own versions in force on a date wins, then the newest
    version for every city (``city`` empty, set in the admin), then
    ``selectors.DEFAULT_METHODS``. A city administrator's change (``services.
    rating_method_change``) is a new row: dated, with its author, reason and the ranking it
    changed (``change``), and an audit record; rows are never edited in place by that page."""

    class Code(models.TextChoices):
        KEY_ENTERPRISE = "key_enterprise", _("服务外包重点企业评定")
        TOP_TEN = "top_ten", _("服务外包先进企业评选")

    class Normalisation(models.TextChoices):
        MIN_MAX = "min_max", _("极差标准化")
        PERCENTILE = "percentile", _("百分位排名")

    code = models.CharField(_("方法"), max_length=16, choices=Code.choices)
    version = models.CharField(_("版本"), max_length=32)
    valid_from = models.DateField(_("启用日期"))
    weights = models.JSONField(_("权重"))
    normalisation = models.CharField(
        _("标准化方法"), max_length=12, choices=Normalisation.choices, default="min_max"
    )
    size = models.PositiveSmallIntegerField(_("名额"), null=True, blank=True)
    tie_break = models.JSONField(_("同分排序"), default=list, blank=True)
    note = models.TextField(_("说明"), blank=True)
    city = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    changed_at = models.DateTimeField(_("修改时间"), null=True, blank=True)
    change = models.JSONField(_("修改说明"), default=dict, blank=True)

    class Meta:
        ordering = ["code", "-valid_from", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"],
                condition=models.Q(city__isnull=True),
                name="one_method_version",
            ),
            models.UniqueConstraint(
                fields=["code", "city", "version"],
                condition=models.Q(city__isnull=False),
                name="one_city_method_version",
            ),
        ]
        verbose_name = _("评价方法")
        verbose_name_plural = _("评价方法")

    def clean(self) -> None:
        from waibao.evaluation.method_terms import method_check

        problems = method_check(self.weights or {}, list(self.tie_break or []))
        if problems:
            raise ValidationError({"weights": problems})


class Publication(models.Model):
    """A published list (the yearly top ten): a frozen copy of the ranking and its method,
    shown on a public page."""

    kind = models.CharField(_("类别"), max_length=16, choices=RatingMethod.Code.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    method = models.JSONField(_("方法"))
    entries = models.JSONField(_("名单"))
    published_on = models.DateField(_("发布日期"))

    class Meta:
        ordering = ["-published_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "region", "year"], name="one_list_per_year")
        ]
        verbose_name = _("公布名单")
        verbose_name_plural = _("公布名单")

    def __str__(self) -> str:
        return self.title


class RecognitionApplication(models.Model):
    """An application for a title (示范园区, 示范企业, 公共服务平台, 培训机构, 示范城市):
    evidence, the criteria check, the decision, validity and revocation. The applicant is an
    organisation or, for a city title, the city. Approving an organisation's title writes the
    ``registry.Recognition`` the rules engine reads; a city's title is held by this row."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已申请")
        APPROVED = "approved", _("已认定")
        REJECTED = "rejected", _("未通过")
        REVOKED = "revoked", _("已撤销")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="recognition_applications",
        null=True,
        blank=True,
    )
    # A city's own application (a province's 省级服务外包示范城市): the city, not an organisation.
    city = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="recognition_applications",
        null=True,
        blank=True,
    )
    programme = models.CharField(_("认定项目"), max_length=64)
    level = models.CharField(_("级别"), max_length=12, choices=Recognition.Level.choices)
    submitted_on = models.DateField(_("申请日期"))
    evidence = models.JSONField(_("申请材料"), default=dict)
    criteria = models.JSONField(_("条件审查"), default=list)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_note = models.TextField(_("决定说明"), blank=True)
    valid_from = models.DateField(_("有效期起"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    recognition = models.OneToOneField(
        Recognition, null=True, blank=True, on_delete=models.SET_NULL, related_name="application"
    )

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False, city__isnull=True)
                | models.Q(organisation__isnull=True, city__isnull=False),
                name="one_applicant",
            )
        ]
        verbose_name = _("认定申请")
        verbose_name_plural = _("认定申请")


class RecognitionReview(models.Model):
    """A yearly re-evaluation (the texts' 动态考核评估, 正常运行 provisions): passing renews the
    title to the end of the next year, failing revokes it."""

    application = models.ForeignKey(
        RecognitionApplication, on_delete=models.CASCADE, related_name="reviews"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    passed = models.BooleanField(_("通过"))
    reviewed_on = models.DateField(_("评估日期"))
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["application_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["application", "year"], name="one_review_per_year")
        ]
        verbose_name = _("年度考核")
        verbose_name_plural = _("年度考核")


class CreditEvent(models.Model):
    """An event of an enterprise's credit record (诚信). Negative kinds that the registry
    knows also write a ``registry.Violation`` (so a text's exclusion clause applies to IP
    infringement and information-security events)."""

    class Kind(models.TextChoices):
        LATE_REPORTING = "late_reporting", _("迟报统计")
        FALSE_STATEMENT = "false_statement", _("虚假申报")
        IP_INFRINGEMENT = "ip_infringement", _("侵犯知识产权")
        INFORMATION_SECURITY = "information_security", _("违反信息安全规定")
        COMMENDATION = "commendation", _("表彰")

    class Severity(models.TextChoices):
        MINOR = "minor", _("轻微")
        SERIOUS = "serious", _("较重")
        GRAVE = "grave", _("严重")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="credit_events"
    )
    kind = models.CharField(_("类别"), max_length=24, choices=Kind.choices)
    severity = models.CharField(
        _("严重程度"), max_length=8, choices=Severity.choices, default=Severity.MINOR
    )
    date = models.DateField(_("发生日期"))
    note = models.TextField(_("说明"), blank=True)
    restored = models.DateField(_("恢复日期"), null=True, blank=True)
    violation = models.OneToOneField(
        Violation, null=True, blank=True, on_delete=models.SET_NULL, related_name="credit_event"
    )

    class Meta:
        ordering = ["organisation_id", "date", "pk"]
        verbose_name = _("信用记录")
        verbose_name_plural = _("信用记录")


class ScorecardIndicator(models.TextChoices):
    """MOFCOM 综合评价 first-level indicators, with their weights in ``scorecard.WEIGHTS``."""

    INDUSTRY = "industry", _("产业发展情况")
    INFRASTRUCTURE = "infrastructure", _("基础设施状况")
    TALENT = "talent", _("人才培养培训与就业")
    COSTS = "costs", _("要素成本")
    POLICY = "policy", _("政策措施")


class ScorecardValue(models.Model):
    """A first-level indicator's points entered by hand (where Waibao has no data), with
    its source."""

    city = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    indicator = models.CharField(_("指标"), max_length=16, choices=ScorecardIndicator.choices)
    points = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    source = models.CharField(_("来源"), max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["city", "year", "indicator"], name="one_entered_value_per_indicator"
            )
        ]
        verbose_name = _("评价指标录入值")
        verbose_name_plural = _("评价指标录入值")

    def clean(self) -> None:
        from waibao.evaluation.scorecard import WEIGHTS

        weight = WEIGHTS.get(self.indicator)
        if weight is not None and self.points is not None and not 0 <= self.points <= weight:
            raise ValidationError({"points": f"{self.indicator}: 0 to {weight} points"})


class PeerScore(models.Model):
    """A peer city's total score (entered, with source), to rank a city against."""

    city = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    peer_name = models.CharField(_("对标城市"), max_length=64)
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=2)
    source = models.CharField(_("来源"), max_length=200)

    class Meta:
        ordering = ["city_id", "year", "-total"]
        constraints = [
            models.UniqueConstraint(fields=["city", "year", "peer_name"], name="one_peer_score")
        ]
        verbose_name = _("对标城市得分")
        verbose_name_plural = _("对标城市得分")
