"""The tables of work plans and supervision (督办).

Everything loaded from a policy text carries its clause reference (``clause_ref``) and a verbatim
``source_phrase`` of the seed file, so that every task, body and stage traces back to the text.
Status is never stored where it can be computed: "overdue" is a function of a date (see
``selectors.task_status``); only what people decide (done, blocked) is a column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waibao import jurisdiction_labels, jurisdictions


@dataclass(frozen=True)
class JurisdictionChoice:
    """One jurisdiction as a choice: its slug and its name in the active language."""

    value: str

    @property
    def label(self) -> Any:
        return jurisdiction_labels.label(self.value)


class _JurisdictionCatalogue:
    """The policy folders' jurisdictions with the interface of the ``TextChoices`` this
    replaced (``values``, ``choices``, iteration, ``Jurisdiction(slug).label``), read from the
    catalogue (``waibao.jurisdictions``) at each use, so that no list of names lives here."""

    @property
    def values(self) -> list[str]:
        return list(jurisdictions.slugs())

    @property
    def choices(self) -> list[tuple[str, Any]]:
        return jurisdiction_labels.choices()

    def __iter__(self) -> Iterator[JurisdictionChoice]:
        return iter([JurisdictionChoice(slug) for slug in jurisdictions.slugs()])

    def __call__(self, slug: str) -> JurisdictionChoice:
        if slug not in jurisdictions.slugs():
            raise ValueError(f"{slug!r} is not a jurisdiction")
        return JurisdictionChoice(slug)


Jurisdiction = _JurisdictionCatalogue()


class Unit(models.Model):
    """A 单位 the texts name: a department, a district government, an agency, or a collective
    name such as "各县(区)人民政府和……经开区管委会" whose ``members`` are the units it
    stands for."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("市级部门")
        DISTRICT = "district", _("县(区)政府或开发区管委会")
        AGENCY = "agency", _("中央驻地机构")
        COLLECTIVE = "collective", _("集合称谓")

    jurisdiction = models.CharField(_("辖区"), max_length=16, choices=jurisdiction_labels.choices)
    code = models.CharField(_("代码"), max_length=64)
    name = models.CharField(_("名称"), max_length=128)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    region_code = models.CharField(_("区划代码"), max_length=6, blank=True)
    members = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="collectives", verbose_name=_("成员")
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["jurisdiction", "code"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "code"], name="plans_unit_code"),
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="plans_unit_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Body(models.Model):
    """A leading group (领导小组), its office (办公室) or a coordination mechanism (协调机制)."""

    class Kind(models.TextChoices):
        LEADING_GROUP = "leading_group", _("领导小组")
        OFFICE = "office", _("领导小组办公室")
        COORDINATION = "coordination", _("工作协调机制")

    jurisdiction = models.CharField(_("辖区"), max_length=16, choices=jurisdiction_labels.choices)
    code = models.CharField(_("代码"), max_length=64)
    name = models.CharField(_("名称"), max_length=128)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="offices"
    )
    host_unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_bodies",
        verbose_name=_("设在单位"),
    )
    chair = models.CharField(_("组长"), max_length=128, blank=True)
    deputy_chairs = models.CharField(_("副组长"), max_length=200, blank=True)
    director = models.CharField(_("办公室主任"), max_length=64, blank=True)
    members_complete = models.BooleanField(_("成员名单完整"), default=True)
    members_note = models.TextField(_("成员名单说明"), blank=True)
    members_description = models.TextField(_("成员(原文概述)"), blank=True)
    clause_ref = models.CharField(_("条款"), max_length=32)
    source_phrase = models.TextField(_("原文"))
    members = models.ManyToManyField(Unit, blank=True, related_name="bodies")

    class Meta:
        ordering = ["jurisdiction", "code"]
        verbose_name = _("领导机构")
        verbose_name_plural = _("领导机构")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "code"], name="plans_body_code")
        ]

    def __str__(self) -> str:
        return self.name


class PlanRole(models.Model):
    """Who may see and do what in plans: an officer of one unit, the office of a jurisdiction's
    leading group, or a leader of that jurisdiction. A user without a role sees nothing."""

    class Role(models.TextChoices):
        UNIT_OFFICER = "unit_officer", _("单位联络员")
        OFFICE = "office", _("领导小组办公室")
        LEADER = "leader", _("领导")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_roles"
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    jurisdiction = models.CharField(_("辖区"), max_length=16, choices=jurisdiction_labels.choices)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="officers"
    )

    class Meta:
        verbose_name = _("督办角色")
        verbose_name_plural = _("督办角色")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="unit_officer") | models.Q(unit__isnull=False),
                name="plans_unit_officer_has_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "jurisdiction", "unit"], name="plans_role_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()} {self.unit or self.jurisdiction}"


class Stage(models.Model):
    """A stage of a plan (a city's three 创建 stages) or a five-year plan period (十一五, 十二五).
    ``dates_assumed`` marks dates the text does not give."""

    class Kind(models.TextChoices):
        STAGE = "stage", _("工作阶段")
        FIVE_YEAR_PLAN = "five_year_plan", _("五年规划期")

    jurisdiction = models.CharField(_("辖区"), max_length=16, choices=jurisdiction_labels.choices)
    code = models.CharField(_("代码"), max_length=64)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("序号"), default=1)
    name = models.CharField(_("名称"), max_length=128)
    starts = models.DateField(_("开始"))
    ends = models.DateField(_("结束"))
    dates_assumed = models.BooleanField(_("日期为假设"), default=False)
    assumption = models.TextField(_("假设说明"), blank=True)
    goal = models.TextField(_("目标"), blank=True)
    clause_ref = models.CharField(_("条款"), max_length=32)
    source_phrase = models.TextField(_("原文"))
    requirements = models.JSONField(_("需完成事项"), default=list, blank=True)

    class Meta:
        ordering = ["jurisdiction", "starts", "number"]
        verbose_name = _("阶段")
        verbose_name_plural = _("阶段")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "code"], name="plans_stage_code")
        ]

    def __str__(self) -> str:
        return self.name


class Task(models.Model):
    """A piece of work the text assigns (or a meeting decided). ``done_on`` and ``blocked`` are
    what people record; the status shown is computed for a date by ``selectors.task_status``."""

    class Origin(models.TextChoices):
        TEXT = "text", _("政策文件")
        DECISION = "decision", _("会议决定")

    jurisdiction = models.CharField(_("辖区"), max_length=16, choices=jurisdiction_labels.choices)
    key = models.CharField(_("编号"), max_length=64, unique=True)
    clause_ref = models.CharField(_("条款"), max_length=32, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    source_phrase = models.TextField(_("原文"), blank=True)
    assignment_phrase = models.TextField(_("分工原文"), blank=True)
    origin = models.CharField(_("来源"), max_length=10, choices=Origin.choices, default=Origin.TEXT)
    decision = models.OneToOneField(
        "Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="task"
    )
    stage = models.ForeignKey(
        Stage, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    body = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        verbose_name=_("原文指定的机构"),
    )
    note = models.TextField(_("说明"), blank=True)
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    deadline_assumed = models.BooleanField(_("时限为假设"), default=False)
    started_on = models.DateField(_("开始日期"), null=True, blank=True)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    blocked = models.BooleanField(_("受阻"), default=False)
    blocked_reason = models.TextField(_("受阻原因"), blank=True)
    position = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["jurisdiction", "position", "key"]
        verbose_name = _("任务")
        verbose_name_plural = _("任务")

    def __str__(self) -> str:
        return f"{self.clause_ref} {self.title}".strip()


class Assignment(models.Model):
    """A unit's part in a task: lead (牵头单位) or responsible (责任单位). A collective name is
    kept as written (``expanded=False``) and also expanded into one row per member unit
    (``via`` = the collective), which is what reminders and assessment use."""

    class Role(models.TextChoices):
        LEAD = "lead", _("牵头单位")
        RESPONSIBLE = "responsible", _("责任单位")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("分工"), max_length=12, choices=Role.choices)
    via = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="expanded_assignments"
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    assumed = models.BooleanField(_("原文未指定(推定)"), default=False)
    done_on = models.DateField(_("本单位完成日期"), null=True, blank=True)

    class Meta:
        ordering = ["task_id", "role", "position"]
        verbose_name = _("任务分工")
        verbose_name_plural = _("任务分工")
        constraints = [
            models.UniqueConstraint(fields=["task", "unit", "role"], name="plans_assignment_once")
        ]

    @property
    def is_collective(self) -> bool:
        return self.unit.kind == Unit.Kind.COLLECTIVE


class Milestone(models.Model):
    """A dated step of a task or of a stage."""

    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.CASCADE, related_name="milestones"
    )
    stage = models.ForeignKey(
        Stage, null=True, blank=True, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("标题"), max_length=200)
    source_phrase = models.TextField(_("原文"), blank=True)
    due = models.DateField(_("时限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["due", "position"]
        verbose_name = _("节点")
        verbose_name_plural = _("节点")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(task__isnull=False) | models.Q(stage__isnull=False),
                name="plans_milestone_has_owner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.due})"


class ProgressReport(models.Model):
    """What a unit reports on its part of a task. ``completes`` marks the unit's part done."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reports")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="plan_reports"
    )
    reported_on = models.DateField(_("报送日期"))
    text = models.TextField(_("进展情况"))
    completes = models.BooleanField(_("本单位任务完成"), default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["task_id", "reported_on", "id"]
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")


class Attachment(models.Model):
    """A file attached to a report, stored under the data directory by its SHA-256."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("文件名"), max_length=200)
    path = models.CharField(_("存储路径"), max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("字节数"))

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")


class MeetingCadence(models.Model):
    """How often a body must meet, per kind of meeting (e.g. member meeting every quarter,
    thematic meeting every month). Bodies whose text says only "定期" have none by default."""

    class Period(models.TextChoices):
        MONTH = "month", _("每月")
        QUARTER = "quarter", _("每季度")
        YEAR = "year", _("每年")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="cadences")
    meeting_kind = models.CharField(_("会议类别"), max_length=16)
    period = models.CharField(_("周期"), max_length=8, choices=Period.choices)
    starts = models.DateField(_("起算日期"))
    clause_ref = models.CharField(_("条款"), max_length=32, blank=True)
    source_phrase = models.TextField(_("原文"), blank=True)

    class Meta:
        verbose_name = _("会议频次")
        verbose_name_plural = _("会议频次")
        constraints = [
            models.UniqueConstraint(fields=["body", "meeting_kind"], name="plans_cadence_once")
        ]


class Meeting(models.Model):
    class Kind(models.TextChoices):
        MEMBER = "member", _("领导小组成员会议")
        THEMATIC = "thematic", _("专题会议")
        PLENARY = "plenary", _("全体会议")
        MOBILISATION = "mobilisation", _("动员大会")
        OTHER = "other", _("其他会议")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    held_on = models.DateField(_("召开日期"))
    title = models.CharField(_("议题"), max_length=200, blank=True)
    minutes = models.TextField(_("会议纪要"), blank=True)
    attendees = models.ManyToManyField(Unit, through="Attendance", related_name="meetings")

    class Meta:
        ordering = ["body_id", "held_on"]
        verbose_name = _("会议")
        verbose_name_plural = _("会议")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="attendance")
    person = models.CharField(_("参会人员"), max_length=64, blank=True)
    present = models.BooleanField(_("出席"), default=True)

    class Meta:
        verbose_name = _("出席")
        verbose_name_plural = _("出席")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "unit"], name="plans_attendance_once")
        ]


class Decision(models.Model):
    """A decision in a meeting's minutes; ``decision_to_task`` turns it into a follow-up task."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("决定事项"))
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["meeting_id", "position"]
        verbose_name = _("会议决定")
        verbose_name_plural = _("会议决定")


class Reminder(models.Model):
    """One notice about one overdue task to one recipient at one level. The unique key (task,
    level, recipient, due date) makes the daily supervision run idempotent."""

    class Level(models.TextChoices):
        RESPONSIBLE = "responsible", _("提醒责任单位")
        LEAD = "lead", _("升级至牵头单位")
        OFFICE = "office", _("升级至领导小组办公室")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="reminders"
    )
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="reminders"
    )
    recipient_key = models.CharField(_("接收人"), max_length=32)
    due = models.DateField(_("应完成日期"))
    sent_on = models.DateField(_("发出日期"))
    overdue_days = models.PositiveIntegerField(_("逾期天数"))
    emails = models.PositiveSmallIntegerField(_("邮件数"), default=0)

    class Meta:
        ordering = ["sent_on", "task_id", "level", "recipient_key"]
        verbose_name = _("督办提醒")
        verbose_name_plural = _("督办提醒")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "level", "recipient_key", "due"], name="plans_reminder_once"
            )
        ]

    @property
    def recipient_name(self) -> str:
        return str(self.unit or self.body)
