"""Talent tables. Personal data is held only in ``Person``, encrypted (``*_encrypted``), with
a blind index for lookups; every other table refers to a person by key, so erasing a person
is deleting one row (enrolments keep their anonymous facts: course, category, fee, outcome).

Money is integer fen (``*_fen``). Dates are calendar dates in China Standard Time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waibao.registry.models import Organisation, Region


class Person(models.Model):
    """A trainee or a pool member. No clear personal data: ``talent.people`` decrypts."""

    id_number_encrypted = models.TextField(_("身份证号(密文)"))
    id_number_index = models.CharField(_("身份证号索引"), max_length=64, unique=True)
    name_encrypted = models.TextField(_("姓名(密文)"))
    phone_encrypted = models.TextField(_("手机号(密文)"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="talent_person",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("个人")
        verbose_name_plural = _("个人")

    def __str__(self) -> str:
        return f"Person #{self.pk}"


class ErasedIdentity(models.Model):
    """The blind index of an erased person, so a later roster cannot silently re-collect them.

    Holds no clear data and cannot be reversed without the index key (see docs/talent.md).
    """

    id_number_index = models.CharField(max_length=64, unique=True)
    erased_at = models.DateTimeField()
    reason = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("已删除身份索引")
        verbose_name_plural = _("已删除身份索引")


class Course(models.Model):
    """A course an organisation runs (a training institution, or an enterprise training its
    own staff: a text's "企事业单位和社会培训机构")."""

    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="courses")
    code = models.CharField(_("课程编号"), max_length=32)
    name = models.CharField(_("课程名称"), max_length=200)
    qianbaishi = models.BooleanField(_("千百十工程认定课程"), default=False)
    customised = models.BooleanField(_("人才定制培训"), default=False)
    fee_fen = models.BigIntegerField(_("标准培训费(分)"), null=True, blank=True)
    starts_on = models.DateField(_("开班日期"), null=True, blank=True)
    ends_on = models.DateField(_("结业日期"), null=True, blank=True)

    class Meta:
        ordering = ["provider_id", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "code"], name="one_course_code_per_provider"
            )
        ]
        verbose_name = _("培训课程")
        verbose_name_plural = _("培训课程")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Exam(models.TextChoices):
    PASSED = "pass", _("合格")
    FAILED = "fail", _("不合格")
    NONE = "", _("未考")


class Enrolment(models.Model):
    """One trainee on one course: the roster row. Erasing the person folds their enrolments
    into ``TrainingTally`` / ``EmploymentTally`` counts and deletes them, so the statistics
    keep only aggregates (``PROTECT``: a person is deleted only through ``person_erase``)."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="enrolments")
    enrolled_on = models.DateField(_("入学日期"))
    graduation_date = models.DateField(_("大学毕业日期"), null=True, blank=True)
    employer = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff_enrolments",
        verbose_name=_("入学时就业单位"),
    )
    employed_since = models.DateField(_("入职日期"), null=True, blank=True)
    fee_paid_fen = models.BigIntegerField(_("已缴培训费(分)"))
    completed_on = models.DateField(_("结业日期"), null=True, blank=True)
    final_exam = models.CharField(_("结业考试"), max_length=4, choices=Exam.choices, blank=True)
    qualification_exam = models.CharField(
        _("服务外包综合资格考试"), max_length=4, choices=Exam.choices, blank=True
    )
    certificate_no = models.CharField(_("结业证书编号"), max_length=64, blank=True)
    hired_by = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hired_trainees",
        verbose_name=_("录用企业"),
    )
    hired_on = models.DateField(_("录用日期"), null=True, blank=True)
    person_key = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["course_id", "id"]
        constraints = [
            # person_key is the person's blind index, so a roster re-import finds the row.
            models.UniqueConstraint(
                fields=["course", "person_key"], name="one_enrolment_per_course"
            )
        ]
        verbose_name = _("学员")
        verbose_name_plural = _("学员")


class TrainingTally(models.Model):
    """Anonymous counts left by erased trainees, per course, completion year, category and
    hiring enterprise: what ``trainings_facts`` and ``exam_results`` need, and nothing else."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="tallies")
    completed_year = models.PositiveSmallIntegerField(null=True, blank=True)
    category = models.CharField(max_length=10)
    hired_by = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    people = models.PositiveIntegerField(default=0)
    fee_fen = models.BigIntegerField(default=0)
    hired = models.PositiveIntegerField(default=0)
    final_sat = models.PositiveIntegerField(default=0)
    final_passed = models.PositiveIntegerField(default=0)
    qualification_sat = models.PositiveIntegerField(default=0)
    qualification_passed = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("培训匿名统计")
        verbose_name_plural = _("培训匿名统计")


class EmploymentTally(models.Model):
    """Anonymous hires of erased trainees, per hiring organisation and year (talent totals)."""

    hired_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    employed = models.PositiveIntegerField(default=0)
    graduates_employed = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("就业匿名统计")
        verbose_name_plural = _("就业匿名统计")


class Consent(models.Model):
    """What a person agreed to, when, under which notice text, by which channel (PIPL 第14条)."""

    class Purpose(models.TextChoices):
        TALENT_POOL = "talent_pool", _("进入人才库并供有权企业检索")

    class Channel(models.TextChoices):
        WEB = "web", _("网页")
        API = "api", _("接口")
        PAPER = "paper", _("纸质")

    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="consents"
    )
    purpose = models.CharField(_("目的"), max_length=16, choices=Purpose.choices)
    notice_version = models.CharField(_("告知书版本"), max_length=32)
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    given_at = models.DateTimeField(_("同意时间"))
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawal_channel = models.CharField(
        _("撤回渠道"), max_length=8, choices=Channel.choices, blank=True
    )

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("同意记录")
        verbose_name_plural = _("同意记录")


class PoolEntry(models.Model):
    """A professional listed in the talent pool. Exists only while its consent stands."""

    class Availability(models.TextChoices):
        AVAILABLE = "available", _("可立即到岗")
        OPEN = "open", _("在职，考虑机会")
        UNAVAILABLE = "unavailable", _("暂不考虑")

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="pool_entry")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="pool_entries")
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="talent_pool"
    )
    skills = models.JSONField(_("技能"), default=list)
    languages = models.JSONField(_("语言"), default=list)
    certifications = models.JSONField(_("证书"), default=list)
    availability = models.CharField(
        _("求职状态"), max_length=12, choices=Availability.choices, default=Availability.OPEN
    )
    available_from = models.DateField(_("可到岗日期"), null=True, blank=True)
    last_active_on = models.DateField(_("最近活跃日期"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("人才库条目")
        verbose_name_plural = _("人才库条目")


class PoolSearchGrant(models.Model):
    """The bureau's permission for an enterprise to search the pool."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="pool_search_grants"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("授权人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("授权时间"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("人才库检索授权")
        verbose_name_plural = _("人才库检索授权")


class AccessLog(models.Model):
    """Every access to personal data: who, whose, what, why, when. Append-only: the model
    refuses updates and deletes, and database triggers refuse UPDATE (migration 0002) and
    DELETE (migration 0003, ``waibao.talent.triggers``).

    ``subject`` is the person's key as a plain integer, not a foreign key, so the log outlives
    the person's erasure."""

    class Action(models.TextChoices):
        REVEAL = "reveal", _("查看明文")
        EXPORT = "export", _("导出")
        ERASE = "erase", _("删除")
        IMPORT = "import", _("导入")
        CONSENT = "consent", _("同意")
        WITHDRAW = "withdraw", _("撤回同意")
        SEARCH = "search", _("检索人才库")
        CORRECT = "correct", _("更正")
        REGISTER = "register", _("本人登记")

    at = models.DateTimeField(_("时间"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("操作人"), max_length=150)
    subject = models.BigIntegerField(_("个人编号"), null=True, blank=True)
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    fields = models.CharField(_("涉及字段"), max_length=200, blank=True)
    purpose = models.CharField(_("目的"), max_length=500)

    class Meta:
        ordering = ["id"]
        verbose_name = _("个人信息访问日志")
        verbose_name_plural = _("个人信息访问日志")

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("the access log is append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("the access log is append-only")
