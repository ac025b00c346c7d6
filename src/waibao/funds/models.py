"""Special funds (专项资金) as ledgers: budgets, commitments and payments are rows.

Nothing here stores a total. A budget line's balance is the sum of its ``LedgerEntry`` rows
(appropriations in; commitments out; releases back; payments against commitments), read by
``selectors.budget_line_balance``. Money is integer fen (``*_fen``), never float.

The workflow of an application (``Application.Status``)::

    draft ──submit──> submitted ──district──> district_approved ──city──> city_approved
      ^                   │ │                      │ │                       │
      └──── returned <────┘ └──> rejected <────────┘ └──> (returned)      publish
    awaiting_confirmation ──confirm──> submitted                           v
    (免申即享)                                                         in_publicity
                                                                          │ final approval
                                                                          v
                               paid <── payment ── committed <── allocation/commit ── approved
                                                   unfunded  <── allocation (no money left)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waibao.crypto import EncryptedTextField
from waibao.money import format_fen
from waibao.registry.models import Organisation

# Field makers: the words the funds' records are written in, each defined once, so that a
# year, a clause, an amount of money or a step's actor means the same column in every model.
# Each call returns a new field (Django cannot share one field between models); the columns
# are exactly those the literal declarations made before (``makemigrations --check`` holds it).


def kept(to: Any, related_name: str, *, optional: bool = False, verbose_name: Any = None) -> Any:
    """A reference to a row this one rests on, kept while this one lives (PROTECT: money
    records are evidence and are never deleted from under one another). ``optional``: may be
    empty."""
    named = {} if verbose_name is None else {"verbose_name": verbose_name}
    return models.ForeignKey(
        to,
        on_delete=models.PROTECT,
        related_name=related_name,
        null=optional,
        blank=optional,
        **named,
    )


def actor(verbose_name: Any) -> Any:
    """The user who took a step that always has one (no reverse accessor on the user, who
    takes many such steps), named as the admin site shows it (上传人, 发布人 …)."""
    return kept(settings.AUTH_USER_MODEL, "+", verbose_name=verbose_name)


def actor_once_done(verbose_name: Any) -> Any:
    """The user who took a step, empty until it is taken (or when the public, not staff,
    took it)."""
    return kept(settings.AUTH_USER_MODEL, "+", optional=True, verbose_name=verbose_name)


def made(label: Any, who: Any, by: Callable[[Any], Any] = actor) -> tuple[Any, Any]:
    """When a row was made (``label``) and who made it (``who``): ``x_at, x_by = made(...)``."""
    return models.DateTimeField(label, auto_now_add=True), by(who)


def done_later(label: Any, who: Any) -> tuple[Any, Any]:
    """When a later step was taken and who took it, both empty until it is."""
    return models.DateTimeField(label, null=True, blank=True), actor_once_done(who)


def year_field() -> Any:
    """The budget year (年度) a row belongs to."""
    return models.PositiveSmallIntegerField(_("年度"))


def clause_field(label: Any = None, *, blank: bool = False) -> Any:
    """A clause of the policy text (条款 unless ``label`` names its role), by its id in the
    rules."""
    return models.CharField(_("条款") if label is None else label, max_length=64, blank=blank)


def citation_field() -> Any:
    """Where in the policy text a row comes from (出处)."""
    return models.TextField(_("出处"))


def explanation_field(label: Any) -> Any:
    """How an amount was computed, as the rules engine wrote it (may be empty: a row given
    without one)."""
    return models.TextField(label, blank=True)


def fen(label: Any, *, optional: bool = False) -> Any:
    """An amount of money in integer fen. ``optional``: not known yet, or not fixed."""
    return models.BigIntegerField(label, null=optional, blank=optional)


def amount_positive(name: str) -> models.CheckConstraint:
    """The database refuses a zero or negative ``amount_fen``: a movement of money is
    positive, its kind or its model gives the direction."""
    return models.CheckConstraint(condition=models.Q(amount_fen__gt=0), name=name)


def status_field(
    choices: type[models.TextChoices], max_length: int, default: str | None = None
) -> Any:
    """A record's state (状态), one of its ``Status`` choices."""
    given = {} if default is None else {"default": default}
    return models.CharField(_("状态"), max_length=max_length, choices=choices.choices, **given)


def payee_fields(*, required: bool) -> tuple[Any, Any, Any]:
    """The account money goes to (``payee.ACCOUNT_FIELDS``): holder, number (encrypted at
    rest, shown masked by ``payee.masked``) and bank; ``x, y, z = payee_fields(...)``. Empty on an
    application until its applicant gives them; always there on a payment."""
    blank = not required
    return (
        models.CharField(_("开户名"), max_length=200, blank=blank),
        EncryptedTextField(_("账号"), blank=blank),
        models.CharField(_("开户行"), max_length=200, blank=blank),
    )


class AllocationMethod(models.TextChoices):
    PRO_RATA = "pro_rata", _("按比例核减")
    PRIORITY = "priority", _("按条款优先级、再按申请时间")
    FIRST_COME = "first_come", _("先到先得")


class Fund(models.Model):
    """One special fund of one government, as its policy text sets it up."""

    code = models.SlugField(_("编号"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    jurisdiction = models.CharField(_("适用政策"), max_length=20)
    city_code = models.CharField(_("所属城市区划代码"), max_length=6)
    clause = clause_field(_("设立条款"), blank=True)
    citation = citation_field()
    note = models.TextField(_("说明"), blank=True)
    first_year = models.PositiveSmallIntegerField(_("起始年度"), null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(_("截止年度"), null=True, blank=True)
    default_source = models.CharField(_("默认资金来源"), max_length=32, default="city")
    allocation_method = models.CharField(
        _("超额时分配方式"),
        max_length=12,
        choices=AllocationMethod.choices,
        default=AllocationMethod.PRO_RATA,
    )
    publicity_days = models.PositiveSmallIntegerField(_("公示天数"), default=7)
    district_review_days = models.PositiveSmallIntegerField(_("区县审核时限(天)"), default=15)
    city_review_days = models.PositiveSmallIntegerField(_("市级审核时限(天)"), default=15)

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = _("专项资金")

    def __str__(self) -> str:
        return self.name

    @property
    def is_provincial(self) -> bool:
        """A province's fund (``city_code`` like 440000) covers every city of the province."""
        return self.city_code.endswith("0000")

    @property
    def area_prefix(self) -> str:
        """The leading digits every region code in the fund's area shares (44 or 4401)."""
        return self.city_code[:2] if self.is_provincial else self.city_code[:4]

    def covers_region(self, region_code: str) -> bool:
        return region_code.startswith(self.area_prefix)


class FundClause(models.Model):
    """How one fund treats one clause: payable or not, 免申即享, priority, source, cap."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="clauses")
    clause = clause_field()
    payable = models.BooleanField(_("由本资金支付"), default=True)
    not_payable_reason = models.TextField(_("不由本资金支付的理由"), blank=True)
    automatic = models.BooleanField(_("免申即享"), default=False)
    priority = models.PositiveSmallIntegerField(_("优先级(小者优先)"), default=100)
    source = models.CharField(_("资金来源"), max_length=32, blank=True)
    reviewer_cap_fen = fen(_("未定额条款的审核上限(分)"), optional=True)

    class Meta:
        ordering = ["fund_id", "clause"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "clause"], name="one_setting_per_fund_clause")
        ]
        verbose_name = verbose_name_plural = _("资金条款设置")


class BudgetLine(models.Model):
    """One year of one source of a fund (市本级, 开发区, 示范区...). ``planned_fen`` is the
    figure the text states (``planned_is_minimum`` for "不低于"); the money actually available
    is the sum of the line's ledger rows."""

    fund = kept(Fund, "lines")
    year = year_field()
    source = models.CharField(_("资金来源"), max_length=32)
    source_name = models.CharField(_("来源名称"), max_length=200)
    planned_fen = fen(_("文件规定金额(分)"), optional=True)
    planned_is_minimum = models.BooleanField(_("规定金额为下限"), default=False)
    clause = clause_field(blank=True)
    citation = citation_field()

    class Meta:
        ordering = ["fund_id", "year", "source"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "year", "source"], name="one_line_per_source")
        ]
        verbose_name = verbose_name_plural = _("预算科目")

    def __str__(self) -> str:
        return f"{self.fund.name} {self.year} {self.source_name}"


class LedgerEntryQuerySet(models.QuerySet["LedgerEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise ValueError("ledger entries are never changed; write a correcting entry")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise ValueError("ledger entries are never deleted; write a correcting entry")


class LedgerEntry(models.Model):
    """One movement of money on a budget line. Amounts are positive; the kind gives the sign.

    Append-only three times over, like the audit log: ``save``/``delete`` and the queryset
    refuse changes, database triggers refuse UPDATE and DELETE (migration 0003), and each row
    is a link of the audit hash chain (``waibao.funds.ledger_chain``)."""

    class Kind(models.TextChoices):
        APPROPRIATION = "appropriation", _("预算安排")
        COMMITMENT = "commitment", _("承诺(核定)")
        RELEASE = "release", _("释放承诺")
        PAYMENT = "payment", _("拨付")

    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    line = kept(BudgetLine, "entries")
    amount_fen = fen(_("金额(分)"))
    application = kept("Application", "entries", optional=True)
    payment = kept("Payment", "entries", optional=True)
    created_at, created_by = made(_("时间"), _("记录人"), by=actor_once_done)
    note = models.TextField(_("说明"), blank=True)

    objects = LedgerEntryQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.pk} {self.get_kind_display()} {format_fen(self.amount_fen)}"

    class Meta:
        ordering = ["id"]
        constraints = [amount_positive("ledger_amount_positive")]
        verbose_name = verbose_name_plural = _("台账分录")

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert, and chain the new row into the audit log in the same transaction
        (``waibao.funds.ledger_chain``): a ledger row without its link is a forgery."""
        from django.db import transaction

        from waibao.funds.ledger_chain import entry_link

        if not self._state.adding:
            raise ValueError("ledger entries are never changed; write a correcting entry")
        with transaction.atomic(savepoint=False):
            super().save(*args, **kwargs)
            entry_link(self)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:  # type: ignore[override]
        raise ValueError("ledger entries are never deleted; write a correcting entry")


class FundEntitlement(models.Model):
    """A FACTS.md entitlement row as the rules engine gave it, kept as evidence of the claim.

    ``explanation`` is the explanation as the row came: Chinese from the bureau's snapshot
    (``waibao.funds.entitlements``), whatever language a row given directly was written in.
    ``explanation_en`` is the engine's English of the same computation, written when the
    snapshot asks the engine in both languages; empty when the row came with one
    (docs/decisions/0036-entitlement-explanations-in-both-languages.md)."""

    organisation = kept(Organisation, "fund_entitlements")
    uscc = models.CharField(_("统一社会信用代码"), max_length=18)
    year = year_field()
    clause = clause_field()
    kind = models.CharField(_("类别"), max_length=16)
    amount_fen = fen(_("金额(分)"), optional=True)
    min_fen = fen(_("下限(分)"), optional=True)
    discretionary = models.BooleanField(_("可酌定"), default=False)
    citation = citation_field()
    explanation = explanation_field(_("计算说明"))
    explanation_en = explanation_field(_("计算说明（英文）"))
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        ordering = ["year", "uscc", "clause"]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc", "year", "clause"], name="one_entitlement_per_org_year_clause"
            )
        ]
        verbose_name = verbose_name_plural = _("政策兑现资格")

    def __str__(self) -> str:
        return f"{self.uscc} {self.year} {self.clause}"

    def explanation_in(self, language: str | None) -> str:
        """The explanation for a reader of ``language``: the English one on an English page
        when the engine gave it, else the one stored as the row came."""
        if (language or "").lower().startswith("en") and self.explanation_en:
            return self.explanation_en
        return self.explanation


class Publication(models.Model):
    """A 公示: the list of applications proposed for approval, open to objections."""

    fund = kept(Fund, "publications")
    year = year_field()
    title = models.CharField(_("标题"), max_length=200)
    published_at = models.DateTimeField(_("公示开始"))
    ends_at = models.DateTimeField(_("公示结束"))
    published_by = actor(_("发布人"))

    class Meta:
        ordering = ["-published_at"]
        verbose_name = verbose_name_plural = _("公示")

    def __str__(self) -> str:
        return self.title


class Application(models.Model):
    class Status(models.TextChoices):
        AWAITING_CONFIRMATION = "awaiting_confirmation", _("免申即享待确认")
        """Made by the bureau from an entitlement (免申即享, ``automatic_batch_create``): the
        enterprise only confirms where to pay, and it goes to district review."""
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        RETURNED = "returned", _("退回修改")
        """Sent back to the applicant to amend, with the reason (``last_reason``); submitted
        again, it goes to district review again."""
        DISTRICT_APPROVED = "district_approved", _("区县审核通过")
        CITY_APPROVED = "city_approved", _("市级审核通过")
        IN_PUBLICITY = "in_publicity", _("公示中")
        APPROVED = "approved", _("核准")
        COMMITTED = "committed", _("已安排资金")
        """Money is bound to it on its budget line (a commitment row of the ledger): a payment
        batch may take it, and only then."""
        PAYEE_REVIEW = "payee_review", _("收款信息待复核")
        """Its payee changed after approval: held, its commitment kept, until a city reviewer
        checks the new account; then back where it was."""
        UNFUNDED = "unfunded", _("资金不足未安排")
        """The allocation found no money left on its line; it may be committed later, once
        money is added (``application_commit``)."""
        PAID = "paid", _("已拨付")
        REJECTED = "rejected", _("不予支持")

    fund = kept(Fund, "applications")
    line = kept(BudgetLine, "applications")
    entitlement = models.OneToOneField(
        FundEntitlement, on_delete=models.PROTECT, related_name="application"
    )
    organisation = kept(Organisation, "fund_applications")
    year = year_field()
    clause = clause_field()
    status = status_field(Status, max_length=24)
    automatic = models.BooleanField(_("免申即享"), default=False)
    claimed_fen = fen(_("申请金额(分)"), optional=True)
    recommended_fen = fen(_("区县建议金额(分)"), optional=True)
    approved_fen = fen(_("核定金额(分)"), optional=True)
    allocated_fen = fen(_("安排金额(分)"), optional=True)
    created_at, created_by = made(_("创建时间"), _("创建人"), by=actor_once_done)
    submitted_at, submitted_by = done_later(_("提交时间"), _("提交人"))
    district_due = models.DateField(_("区县审核期限"), null=True, blank=True)
    district_reviewed_by = actor_once_done(_("区县审核人"))
    city_due = models.DateField(_("市级审核期限"), null=True, blank=True)
    city_reviewed_by = actor_once_done(_("市级审核人"))
    publication = kept(Publication, "applications", optional=True)
    last_reason = models.TextField(_("最近一次退回或驳回理由"), blank=True)
    bank_account_name, bank_account_number, bank_name = payee_fields(required=False)
    payment_details_confirmed_at = models.DateTimeField(
        _("收款信息确认时间"), null=True, blank=True
    )

    class Meta:
        ordering = ["year", "id"]
        indexes = [models.Index(fields=["line", "status"], name="funds_app_line_status")]
        verbose_name = verbose_name_plural = _("资金申请")

    def __str__(self) -> str:
        return f"{self.organisation} {self.year} {self.clause}"


class Evidence(models.Model):
    """A file attached to an application. The bytes live outside the database, under
    ``data_dir()/evidence/``, named by their SHA-256 (so one file is stored once)."""

    application = kept(Application, "evidence")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("大小(字节)"))
    content_type = models.CharField(_("类型"), max_length=40)
    original_name = models.CharField(_("原文件名"), max_length=255)
    uploaded_at, uploaded_by = made(_("上传时间"), _("上传人"))

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = _("证明材料")


class Objection(models.Model):
    """An objection raised during 公示; final approval waits until it is resolved."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        UPHELD = "upheld", _("异议成立")
        DISMISSED = "dismissed", _("异议不成立")

    publication = kept(Publication, "objections")
    application = kept(Application, "objections")
    raised_by = models.CharField(_("异议人"), max_length=200)
    contact = models.CharField(_("联系方式"), max_length=200, blank=True)
    text = models.TextField(_("异议内容"), max_length=2000)
    status = status_field(Status, max_length=12, default=Status.OPEN)
    resolution = models.TextField(_("处理意见"), blank=True)
    # recorded_by is empty when the public raised it on the 公示 page rather than staff
    recorded_at, recorded_by = made(_("登记时间"), _("登记人"), by=actor_once_done)
    resolved_at, resolved_by = done_later(_("处理时间"), _("处理人"))

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = _("公示异议")


class PaymentBatch(models.Model):
    """Payments sent to the treasury together (one export file): pending until sent, settled
    once none of its payments is still pending or sent (each paid or failed)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送国库")
        SETTLED = "settled", _("已办结")

    fund = kept(Fund, "payment_batches")
    year = year_field()
    status = status_field(Status, max_length=12, default=Status.PENDING)
    created_at, created_by = made(_("创建时间"), _("生成人"))

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = _("拨付批次")


class Payment(models.Model):
    """One transfer to one payee in a batch. The account is copied from the application when
    the batch is made, so the payment keeps what was sent even if the payee changes later."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送")
        PAID = "paid", _("已到账")
        FAILED = "failed", _("失败")

    batch = kept(PaymentBatch, "payments")
    application = kept(Application, "payments")
    amount_fen = fen(_("金额(分)"))
    status = status_field(Status, max_length=8, default=Status.PENDING)
    bank_account_name, bank_account_number, bank_name = payee_fields(required=True)
    failure_reason = models.TextField(_("失败原因"), blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [amount_positive("payment_amount_positive")]
        verbose_name = verbose_name_plural = _("拨付")
