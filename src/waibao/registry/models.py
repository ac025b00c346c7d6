"""The registry's tables. Money is integer fen (``*_fen``), never float: see ``waibao.money``.

Field names follow FACTS.md so that building facts from the database is a rename, not a
translation. Per-year figures live in ``OrganisationYear``; events (certifications,
recognitions, trainings, expenses, awards, violations) in their own tables, each with a date
or a year.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A GB/T 2260 administrative division: province, prefecture-level city or district."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("地级")
        DISTRICT = "district", _("县级")

    code = models.CharField(_("区划代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("级别"), max_length=8, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def city_code(self) -> str:
        """The prefecture-level city: the code's first four digits followed by ``00``."""
        return self.code[:4] + "00"


class Park(models.Model):
    """A service-outsourcing park (园区/载体): where enterprises sit, recognised over time."""

    park_id = models.CharField(_("园区编号"), max_length=32, primary_key=True)
    name = models.CharField(_("名称"), max_length=128)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="parks")
    capacity_sqm = models.PositiveIntegerField(_("可用面积(平方米)"), null=True, blank=True)
    vacant_sqm = models.PositiveIntegerField(_("空置面积(平方米)"), null=True, blank=True)
    has_public_it_platform = models.BooleanField(_("建有园区公共信息技术平台"), default=False)

    class Meta:
        ordering = ["park_id"]
        verbose_name = _("园区")
        verbose_name_plural = _("园区")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """An organisation under a policy: mostly enterprises, also parks' operating companies,
    training institutions and public platforms (FACTS.md ``kind``). Keyed by the
    统一社会信用代码 (``uscc``)."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        PARK = "park", _("园区")
        TRAINING_INSTITUTION = "training_institution", _("培训机构")
        PLATFORM = "platform", _("公共服务平台")

    class Ownership(models.TextChoices):
        PRIVATE = "private", _("民营")
        STATE = "state", _("国有")
        FOREIGN = "foreign", _("外资")
        HMT = "hmt", _("港澳台资")

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=24, choices=Kind.choices, default=Kind.ENTERPRISE)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organisations")
    park = models.ForeignKey(
        Park, null=True, blank=True, on_delete=models.SET_NULL, related_name="organisations"
    )
    ownership = models.CharField(_("所有制"), max_length=8, choices=Ownership.choices, blank=True)
    registered_capital_fen = models.BigIntegerField(_("注册资本(分)"), null=True, blank=True)
    founded = models.DateField(_("成立日期"), null=True, blank=True)
    is_headquarters = models.BooleanField(_("总部或地区总部"), default=False)
    parent_is_multinational_or_large = models.BooleanField(
        _("由跨国公司或国内大企业设立"), default=False
    )

    class Meta:
        ordering = ["uscc"]
        verbose_name = _("机构")
        verbose_name_plural = _("机构")

    def __str__(self) -> str:
        return self.name


class OrganisationYear(models.Model):
    """What an organisation reported for one year (FACTS.md per-year fields)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("年度"))
    employees = models.PositiveIntegerField(_("年末从业人数"), null=True, blank=True)
    employees_college = models.PositiveIntegerField(_("其中大专以上"), null=True, blank=True)
    revenue_fen = models.BigIntegerField(_("营业收入(分)"), null=True, blank=True)
    so_revenue_fen = models.BigIntegerField(_("服务外包收入(分)"), null=True, blank=True)
    offshore_so_revenue_fen = models.BigIntegerField(
        _("离岸服务外包收入(分)"), null=True, blank=True
    )
    software_export_usd_cents = models.BigIntegerField(_("软件出口(美分)"), null=True, blank=True)
    tax_paid_fen = models.BigIntegerField(_("实缴税收(分)"), null=True, blank=True)
    rd_expense_fen = models.BigIntegerField(_("技术开发费(分)"), null=True, blank=True)
    tech_service_income_fen = models.BigIntegerField(
        _("技术转让开发咨询服务收入(分)"), null=True, blank=True
    )
    offshore_focused = models.BooleanField(_("以承接离岸外包业务为主"), null=True, blank=True)
    statistics_reported = models.BooleanField(_("已按时报送统计"), default=False)
    # The facts issue 19's clauses read (docs/rules-engine.md), reported with the year's figures.
    central_training_funds_fen = models.BigIntegerField(
        _("获得中央财政服务外包培训资金(分)"), null=True, blank=True
    )
    higher_level_grants_fen = models.BigIntegerField(
        _("获得国家、省服务外包专项资金(分)"), null=True, blank=True
    )
    expert_fees_fen = models.BigIntegerField(_("海归及外国专家咨询费(分)"), null=True, blank=True)
    guaranteed_loans_fen = models.BigIntegerField(_("担保贷款额(分)"), null=True, blank=True)
    loan_interest_fen = models.BigIntegerField(_("贷款利息支出(分)"), null=True, blank=True)
    ip_registrations = models.PositiveIntegerField(_("新获知识产权登记数"), null=True, blank=True)
    talents_introduced = models.PositiveIntegerField(_("引进高端人才数"), null=True, blank=True)
    office_lease_started = models.DateField(_("办公用房租赁起始日"), null=True, blank=True)
    high_tech_enterprise = models.BooleanField(_("高新技术企业"), null=True, blank=True)

    class Meta:
        ordering = ["organisation_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="one_row_per_org_year")
        ]
        verbose_name = _("年度数据")
        verbose_name_plural = _("年度数据")


class Certification(models.Model):
    class Scheme(models.TextChoices):
        CMM = "CMM", "CMM"
        CMMI = "CMMI", "CMMI"
        PCMM = "PCMM", "PCMM"
        ISO9000 = "ISO9000", "ISO9000"
        ISO20000 = "ISO20000", "ISO20000"
        ISO27001 = "ISO27001", "ISO27001"
        BS7799 = "BS7799", "BS7799"
        SAS70 = "SAS70", "SAS70"

    class Event(models.TextChoices):
        NEW = "new", _("首次获得")
        UPGRADE = "upgrade", _("升级")
        MAINTENANCE = "maintenance", _("维护")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="certifications"
    )
    scheme = models.CharField(_("认证"), max_length=10, choices=Scheme.choices)
    level = models.PositiveSmallIntegerField(_("级别"), null=True, blank=True)
    event = models.CharField(_("事项"), max_length=12, choices=Event.choices)
    date = models.DateField(_("日期"))
    cost_fen = models.BigIntegerField(_("费用(分)"), null=True, blank=True)

    class Meta:
        ordering = ["organisation_id", "date"]
        verbose_name = _("国际资质认证")
        verbose_name_plural = _("国际资质认证")


class Recognition(models.Model):
    """A title an organisation holds (研发中心, 示范园区, 培训机构, 公共服务平台, 重点企业...)."""

    class Kind(models.TextChoices):
        RD_CENTER = "rd_center", _("研发中心")
        DEMONSTRATION_PARK = "demonstration_park", _("示范园区")
        TRAINING_INSTITUTION = "training_institution", _("培训机构")
        PUBLIC_PLATFORM = "public_platform", _("公共服务平台")
        KEY_ENTERPRISE = "key_enterprise", _("重点企业")
        DEMONSTRATION_ENTERPRISE = "demonstration_enterprise", _("示范企业")
        EXPORT_BRAND = "export_brand", _("出口名牌")

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCIAL = "provincial", _("省级")
        MUNICIPAL = "municipal", _("市级")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="recognitions"
    )
    kind = models.CharField(_("类别"), max_length=32, choices=Kind.choices)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    date = models.DateField(_("认定日期"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    revoked = models.DateField(_("撤销日期"), null=True, blank=True)
    operating_years = models.PositiveSmallIntegerField(_("运行年限"), null=True, blank=True)
    has_public_it_platform = models.BooleanField(_("建有公共信息技术平台"), null=True, blank=True)

    class Meta:
        ordering = ["organisation_id", "date"]
        verbose_name = _("认定")
        verbose_name_plural = _("认定")


class Training(models.Model):
    class Trainee(models.TextChoices):
        GRADUATE = "graduate", _("大学毕业生")
        NEW_STAFF = "new_staff", _("新上岗员工")
        CUSTOM = "custom", _("人才定制")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="trainings"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    trainee = models.CharField(_("学员类别"), max_length=10, choices=Trainee.choices)
    people = models.PositiveIntegerField(_("人数"))
    cost_fen = models.BigIntegerField(_("培训费用(分)"))
    hired = models.PositiveIntegerField(_("录用人数"), default=0)

    class Meta:
        ordering = ["organisation_id", "year"]
        verbose_name = _("培训")
        verbose_name_plural = _("培训")


class Expense(models.Model):
    class Kind(models.TextChoices):
        PLATFORM_USAGE = "platform_usage", _("公共服务平台使用费")
        LEASED_LINE = "leased_line", _("国际出口专线通讯费")
        TRADE_FAIR = "trade_fair", _("展会费用")
        OFFICE_RENT = "office_rent", _("办公用房租赁")
        OFFICE_PURCHASE = "office_purchase", _("办公用房购建")
        INVESTMENT_PROMOTION = "investment_promotion", _("招商推介费用")
        PUBLIC_PLATFORM_INVESTMENT = "public_platform_investment", _("公共平台投入")
        VENUE_RENT = "venue_rent", _("服务外包活动场租费")
        TRAVEL = "travel", _("国际交通及境外住宿费")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="expenses"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类别"), max_length=32, choices=Kind.choices)
    amount_fen = models.BigIntegerField(_("金额(分)"))
    area_sqm = models.PositiveIntegerField(_("面积(平方米)"), null=True, blank=True)
    # what the enterprise says the expense is (a contract, an invoice, the fair): its own
    # declaration's words; blank for rows loaded from files
    note = models.CharField(_("说明"), max_length=200, blank=True)
    # the enterprise's supporting document (contract, invoice), stored by content under its
    # SHA-256 beside the funds' evidence (waibao.reporting.expense_evidence); blank: none
    evidence_sha256 = models.CharField(_("凭证校验值"), max_length=64, blank=True)
    evidence_name = models.CharField(_("凭证文件名"), max_length=200, blank=True)
    evidence_type = models.CharField(_("凭证类型"), max_length=32, blank=True)

    class Meta:
        ordering = ["organisation_id", "year"]
        verbose_name = _("费用")
        verbose_name_plural = _("费用")


class AwardReceived(models.Model):
    """A clause amount already paid: one-time awards and tier differences are netted against it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="awards")
    clause = models.CharField(_("条款"), max_length=64)
    year = models.PositiveSmallIntegerField(_("年度"))
    amount_fen = models.BigIntegerField(_("金额(分)"))

    class Meta:
        ordering = ["organisation_id", "year"]
        verbose_name = _("已获奖励")
        verbose_name_plural = _("已获奖励")


class Violation(models.Model):
    class Kind(models.TextChoices):
        IP_INFRINGEMENT = "ip_infringement", _("侵犯知识产权")
        INFORMATION_SECURITY = "information_security", _("违反信息安全规定")
        FALSE_STATEMENT = "false_statement", _("虚假申报")
        LATE_REPORTING = "late_reporting", _("迟报统计")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="violations"
    )
    kind = models.CharField(_("类别"), max_length=24, choices=Kind.choices)
    date = models.DateField(_("发生日期"))
    restored = models.DateField(_("恢复资格日期"), null=True, blank=True)

    class Meta:
        ordering = ["organisation_id", "date"]
        verbose_name = _("违规记录")
        verbose_name_plural = _("违规记录")
