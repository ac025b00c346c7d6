"""The funds tables as migrations 0001_initial and 0002_objection_from_the_public left them,
in one migration (docs/decisions/0034-funds-migrations-folded.md).

Django generated the two as long literal field lists, the same few fields again and again;
here each repeated field is made by a small function, a frozen copy of the field makers in
``waibao.funds.models`` as the fields were then (a migration never imports today's models:
0004 later encrypts ``bank_account_number`` and adds a status). The resulting state, tables,
columns and their order, constraints and indexes are those of the two old migrations:

- ``replaces``: a database that applied the two old ones counts this one as applied and goes
  on with 0003; a fresh database runs this one and records all three names.
- Each model is created whole, its foreign keys last in the order the old migrations added
  them, so that the columns stand where the old path put them (0002's ``contact`` last; and
  on SQLite ``text`` after it, as 0002's rebuild of the table left it).
"""

from django.conf import settings
from django.db import migrations, models

USER = settings.AUTH_USER_MODEL


def kept(to, related_name, optional=False):
    """A reference kept while the row lives (PROTECT), ``optional`` or not."""
    return models.ForeignKey(
        to, on_delete=models.PROTECT, related_name=related_name, null=optional, blank=optional
    )


def actor(optional=False):
    """The user who took a step (no reverse accessor)."""
    return kept(USER, "+", optional)


def made(label):
    """When the row was made."""
    return models.DateTimeField(auto_now_add=True, verbose_name=label)


def done_later(label):
    """When a later step was taken, empty until it is."""
    return models.DateTimeField(blank=True, null=True, verbose_name=label)


def year():
    return models.PositiveSmallIntegerField(verbose_name="年度")


def clause(label="条款", blank=False):
    return models.CharField(blank=blank, max_length=64, verbose_name=label)


def citation():
    return models.TextField(verbose_name="出处")


def fen(label, optional=False):
    """Money in integer fen."""
    return models.BigIntegerField(blank=optional, null=optional, verbose_name=label)


def status(choices, max_length, default=None):
    given = {} if default is None else {"default": default}
    return models.CharField(choices=choices, max_length=max_length, verbose_name="状态", **given)


def payee(blank):
    """Account holder, number (clear text until 0004 encrypts it) and bank."""
    return [
        ("bank_account_name", models.CharField(blank=blank, max_length=200, verbose_name="开户名")),
        ("bank_account_number", models.CharField(blank=blank, max_length=40, verbose_name="账号")),
        ("bank_name", models.CharField(blank=blank, max_length=200, verbose_name="开户行")),
    ]


def amount_positive(name):
    return models.CheckConstraint(condition=models.Q(("amount_fen__gt", 0)), name=name)


def model(name, verbose_name, ordering, fields, **options):
    """A funds model: the id every one has, its Chinese name (the same in the plural), its
    order, its fields and any constraints or indexes."""
    identity = models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")
    return migrations.CreateModel(
        name=name,
        fields=[("id", identity), *fields],
        options={"verbose_name": verbose_name, "verbose_name_plural": verbose_name, "ordering": ordering, **options},
    )


class Migration(migrations.Migration):
    initial = True

    replaces = [("funds", "0001_initial"), ("funds", "0002_objection_from_the_public")]

    dependencies = [
        ("registry", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        model("Fund", "专项资金", ["code"], [
            ("code", models.SlugField(max_length=40, unique=True, verbose_name="编号")),
            ("name", models.CharField(max_length=200, verbose_name="名称")),
            ("jurisdiction", models.CharField(max_length=20, verbose_name="适用政策")),
            ("city_code", models.CharField(max_length=6, verbose_name="所属城市区划代码")),
            ("clause", clause("设立条款", blank=True)),
            ("citation", citation()),
            ("note", models.TextField(blank=True, verbose_name="说明")),
            ("first_year", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="起始年度")),
            ("last_year", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="截止年度")),
            ("default_source", models.CharField(default="city", max_length=32, verbose_name="默认资金来源")),
            ("allocation_method", models.CharField(choices=[("pro_rata", "按比例核减"), ("priority", "按条款优先级、再按申请时间"), ("first_come", "先到先得")], default="pro_rata", max_length=12, verbose_name="超额时分配方式")),
            ("publicity_days", models.PositiveSmallIntegerField(default=7, verbose_name="公示天数")),
            ("district_review_days", models.PositiveSmallIntegerField(default=15, verbose_name="区县审核时限(天)")),
            ("city_review_days", models.PositiveSmallIntegerField(default=15, verbose_name="市级审核时限(天)")),
        ]),
        model("BudgetLine", "预算科目", ["fund_id", "year", "source"], [
            ("year", year()),
            ("source", models.CharField(max_length=32, verbose_name="资金来源")),
            ("source_name", models.CharField(max_length=200, verbose_name="来源名称")),
            ("planned_fen", fen("文件规定金额(分)", optional=True)),
            ("planned_is_minimum", models.BooleanField(default=False, verbose_name="规定金额为下限")),
            ("clause", clause(blank=True)),
            ("citation", citation()),
            ("fund", kept("funds.fund", "lines")),
        ], constraints=[models.UniqueConstraint(fields=("fund", "year", "source"), name="one_line_per_source")]),
        model("FundClause", "资金条款设置", ["fund_id", "clause"], [
            ("clause", clause()),
            ("payable", models.BooleanField(default=True, verbose_name="由本资金支付")),
            ("not_payable_reason", models.TextField(blank=True, verbose_name="不由本资金支付的理由")),
            ("automatic", models.BooleanField(default=False, verbose_name="免申即享")),
            ("priority", models.PositiveSmallIntegerField(default=100, verbose_name="优先级(小者优先)")),
            ("source", models.CharField(blank=True, max_length=32, verbose_name="资金来源")),
            ("reviewer_cap_fen", fen("未定额条款的审核上限(分)", optional=True)),
            ("fund", models.ForeignKey(on_delete=models.CASCADE, related_name="clauses", to="funds.fund")),
        ], constraints=[models.UniqueConstraint(fields=("fund", "clause"), name="one_setting_per_fund_clause")]),
        model("FundEntitlement", "政策兑现资格", ["year", "uscc", "clause"], [
            ("uscc", models.CharField(max_length=18, verbose_name="统一社会信用代码")),
            ("year", year()),
            ("clause", clause()),
            ("kind", models.CharField(max_length=16, verbose_name="类别")),
            ("amount_fen", fen("金额(分)", optional=True)),
            ("min_fen", fen("下限(分)", optional=True)),
            ("discretionary", models.BooleanField(default=False, verbose_name="可酌定")),
            ("citation", citation()),
            ("explanation", models.TextField(blank=True, verbose_name="计算说明")),
            ("imported_at", made("导入时间")),
            ("organisation", kept("registry.organisation", "fund_entitlements")),
        ], constraints=[models.UniqueConstraint(fields=("uscc", "year", "clause"), name="one_entitlement_per_org_year_clause")]),
        model("Publication", "公示", ["-published_at"], [
            ("year", year()),
            ("title", models.CharField(max_length=200, verbose_name="标题")),
            ("published_at", models.DateTimeField(verbose_name="公示开始")),
            ("ends_at", models.DateTimeField(verbose_name="公示结束")),
            ("fund", kept("funds.fund", "publications")),
            ("published_by", actor()),
        ]),
        model("Application", "资金申请", ["year", "id"], [
            ("year", year()),
            ("clause", clause()),
            ("status", status([("awaiting_confirmation", "免申即享待确认"), ("draft", "草稿"), ("submitted", "已提交"), ("returned", "退回修改"), ("district_approved", "区县审核通过"), ("city_approved", "市级审核通过"), ("in_publicity", "公示中"), ("approved", "核准"), ("committed", "已安排资金"), ("unfunded", "资金不足未安排"), ("paid", "已拨付"), ("rejected", "不予支持")], 24)),
            ("automatic", models.BooleanField(default=False, verbose_name="免申即享")),
            ("claimed_fen", fen("申请金额(分)", optional=True)),
            ("recommended_fen", fen("区县建议金额(分)", optional=True)),
            ("approved_fen", fen("核定金额(分)", optional=True)),
            ("allocated_fen", fen("安排金额(分)", optional=True)),
            ("created_at", made("创建时间")),
            ("submitted_at", done_later("提交时间")),
            ("district_due", models.DateField(blank=True, null=True, verbose_name="区县审核期限")),
            ("city_due", models.DateField(blank=True, null=True, verbose_name="市级审核期限")),
            ("last_reason", models.TextField(blank=True, verbose_name="最近一次退回或驳回理由")),
            *payee(blank=True),
            ("payment_details_confirmed_at", done_later("收款信息确认时间")),
            ("city_reviewed_by", actor(optional=True)),
            ("created_by", actor(optional=True)),
            ("district_reviewed_by", actor(optional=True)),
            ("organisation", kept("registry.organisation", "fund_applications")),
            ("submitted_by", actor(optional=True)),
            ("line", kept("funds.budgetline", "applications")),
            ("fund", kept("funds.fund", "applications")),
            ("entitlement", models.OneToOneField(on_delete=models.PROTECT, related_name="application", to="funds.fundentitlement")),
            ("publication", kept("funds.publication", "applications", optional=True)),
        ], indexes=[models.Index(fields=["line", "status"], name="funds_app_line_status")]),
        model("Evidence", "证明材料", ["id"], [
            ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
            ("size", models.PositiveBigIntegerField(verbose_name="大小(字节)")),
            ("content_type", models.CharField(max_length=40, verbose_name="类型")),
            ("original_name", models.CharField(max_length=255, verbose_name="原文件名")),
            ("uploaded_at", made("上传时间")),
            ("application", kept("funds.application", "evidence")),
            ("uploaded_by", actor()),
        ]),
        model("Objection", "公示异议", ["id"], [
            ("raised_by", models.CharField(max_length=200, verbose_name="异议人")),
            ("text", models.TextField(verbose_name="异议内容")),
            ("status", status([("open", "待处理"), ("upheld", "异议成立"), ("dismissed", "异议不成立")], 12, "open")),
            ("resolution", models.TextField(blank=True, verbose_name="处理意见")),
            ("recorded_at", made("登记时间")),
            ("resolved_at", done_later("处理时间")),
            ("application", kept("funds.application", "objections")),
            ("recorded_by", actor(optional=True)),
            ("resolved_by", actor(optional=True)),
            ("publication", kept("funds.publication", "objections")),
            ("contact", models.CharField(blank=True, max_length=200, verbose_name="联系方式")),
        ]),
        # As 0002 did: nothing on PostgreSQL, but SQLite rebuilds the table and puts the
        # column last; kept so that a fresh SQLite database has the old column order too.
        migrations.AlterField("objection", "text", models.TextField(max_length=2000, verbose_name="异议内容")),
        model("PaymentBatch", "拨付批次", ["id"], [
            ("year", year()),
            ("status", status([("pending", "待发送"), ("sent", "已发送国库"), ("settled", "已办结")], 12, "pending")),
            ("created_at", made("创建时间")),
            ("created_by", actor()),
            ("fund", kept("funds.fund", "payment_batches")),
        ]),
        model("Payment", "拨付", ["id"], [
            ("amount_fen", fen("金额(分)")),
            ("status", status([("pending", "待发送"), ("sent", "已发送"), ("paid", "已到账"), ("failed", "失败")], 8, "pending")),
            *payee(blank=False),
            ("failure_reason", models.TextField(blank=True, verbose_name="失败原因")),
            ("application", kept("funds.application", "payments")),
            ("batch", kept("funds.paymentbatch", "payments")),
        ], constraints=[amount_positive("payment_amount_positive")]),
        model("LedgerEntry", "台账分录", ["id"], [
            ("kind", models.CharField(choices=[("appropriation", "预算安排"), ("commitment", "承诺(核定)"), ("release", "释放承诺"), ("payment", "拨付")], max_length=16, verbose_name="类别")),
            ("amount_fen", fen("金额(分)")),
            ("created_at", made("时间")),
            ("note", models.TextField(blank=True, verbose_name="说明")),
            ("application", kept("funds.application", "entries", optional=True)),
            ("created_by", actor(optional=True)),
            ("line", kept("funds.budgetline", "entries")),
            ("payment", kept("funds.payment", "entries", optional=True)),
        ], constraints=[amount_positive("ledger_amount_positive")]),
    ]
