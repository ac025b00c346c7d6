"""The public calculator page (政策试算, ``/calculator/try/``): no sign-in, nothing stored.

A firm types its figures into the form, or uploads a facts file (JSON array or JSON Lines, as
``waibao entitlements`` reads), and sees every clause of its jurisdiction with amount,
explanation and citation, rendered as the signed-in calculator renders them. The bounds and
the computation are ``waibao.readmodel.public_calculator``'s; ``POST /api/calculator`` is the same
for machines.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from waibao.facts.schema import FactsError
from waibao.imports import facts_wording
from waibao.money import format_fen
from waibao.portal.selectors import JURISDICTION_LABELS
from waibao.readmodel import public_calculator as service
from waibao.typed_numbers import TypedNumberError, typed_count, typed_fen
from waibao.years import FACTS_FILE_YEARS

AMOUNTS = (
    ("offshore_executed_usd", _("离岸服务外包执行额（美元）")),
    ("contract_executed_usd", _("服务外包合同执行额（美元）")),
    ("contract_signed_usd", _("服务外包合同签约额（美元）")),
    ("software_export_usd", _("软件出口额（美元）")),
    ("revenue_cny", _("营业收入（元）")),
    ("so_revenue_cny", _("服务外包收入（元）")),
    ("offshore_so_revenue_cny", _("离岸服务外包收入（元）")),
    ("tax_paid_cny", _("纳税额（元）")),
    ("registered_capital_cny", _("注册资本（元）")),
    ("rd_expense_cny", _("研发费用（元）")),
    ("rd_expense_prev_cny", _("上年研发费用（元）")),
    ("tech_service_income_cny", _("技术服务收入（元）")),
)
COUNTS = (
    ("employees", _("从业人员（人）")),
    ("employees_college", _("其中大专以上学历（人）")),
)
FLAGS = (
    ("is_headquarters", _("总部企业")),
    ("offshore_focused", _("以离岸业务为主")),
    ("statistics_reported", _("按规定报送统计数据")),
    ("foreign_invested", _("外商投资企业")),
    ("parent_multinational_or_large", _("母公司为跨国公司或大型企业")),
    ("in_demonstration_park", _("位于服务外包示范园区")),
)
KINDS = (
    ("enterprise", _("企业")),
    ("park", _("园区")),
    ("training_institution", _("培训机构")),
    ("platform", _("公共服务平台")),
)
# One row of each list of FACTS.md (more rows: a facts file). (list, item field, label, form field)
SCHEMES = ("CMMI", "CMM", "PCMM", "ISO27001", "ISO20000", "ISO9000", "BS7799", "SAS70")
LIST_ROWS: dict[str, tuple[Any, tuple[tuple[str, Any, Any], ...]]] = {
    "certifications": (
        _("国际认证（一项）"),
        (
            ("scheme", _("认证"), lambda: _choice(tuple((s, s) for s in SCHEMES))),
            ("level", _("级别（1–5，可不填）"), lambda: _count(5)),
            (
                "event",
                _("类型"),
                lambda: _choice(
                    (("new", _("首次认证")), ("upgrade", _("升级")), ("maintenance", _("复评")))
                ),
            ),
            ("date", _("取得日期"), lambda: forms.DateField(required=False)),
            ("cost_cny", _("认证费用（元）"), lambda: AmountField(required=False, max_length=40)),
        ),
    ),
    "trainings": (
        _("人才培训（一批）"),
        (
            (
                "trainee",
                _("对象"),
                lambda: _choice(
                    (
                        ("graduate", _("大学毕业生")),
                        ("new_staff", _("新录用员工")),
                        ("custom", _("定制培训")),
                    )
                ),
            ),
            ("people", _("人数"), lambda: _count(10_000_000)),
            ("cost_cny", _("培训费用（元）"), lambda: AmountField(required=False, max_length=40)),
            ("hired", _("其中录用人数（可不填）"), lambda: _count(10_000_000)),
        ),
    ),
    "expenses": (
        _("费用支出（一项）"),
        (
            (
                "kind",
                _("类别"),
                lambda: _choice(
                    (
                        ("trade_fair", _("参加展会")),
                        ("office_rent", _("办公用房租金")),
                        ("office_purchase", _("购置办公用房")),
                        ("leased_line", _("国际通信专线")),
                        ("platform_usage", _("公共服务平台使用费")),
                        ("investment_promotion", _("招商推介")),
                        ("public_platform_investment", _("公共服务平台投资")),
                    )
                ),
            ),
            ("amount_cny", _("金额（元）"), lambda: AmountField(required=False, max_length=40)),
            ("area_sqm", _("面积（平方米，可不填）"), lambda: _count(10_000_000)),
        ),
    ),
}


def _choice(choices: tuple[tuple[str, Any], ...]) -> forms.ChoiceField:
    return forms.ChoiceField(choices=[("", "—"), *choices], required=False)


def _count(maximum: int) -> forms.IntegerField:
    return CountField(min_value=0, max_value=maximum, required=False)


FORM_ALLOWANCE = 16 * 1024  # the form's own fields and multipart framing around the file
FLAG_CHOICES = (("", _("未填")), ("1", _("是")), ("0", _("否")))


class AmountField(forms.CharField):
    """An amount as typed (``500000``, ``500,000.00``, full-width digits: waibao.typed_numbers),
    kept as the exact decimal string the facts validator reads (never a float)."""

    def clean(self, value: Any) -> str | None:
        text = str(super().clean(value) or "").strip()
        if not text:
            return None
        try:
            return format_fen(typed_fen(text))
        except TypedNumberError as error:
            raise forms.ValidationError(
                _("请填写不小于 0 的金额，如 500000 或 500000.00（最多两位小数）。")
            ) from error


class CountField(forms.IntegerField):
    """A whole number as typed (``1,200``, full-width digits: waibao.typed_numbers)."""

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str) and value.strip():
            try:
                value = str(typed_count(value))
            except TypedNumberError as error:
                raise forms.ValidationError(str(error), code="invalid") from error
        return super().to_python(value)


class PublicCalculatorForm(forms.Form):
    year = forms.IntegerField(
        label=_("年度"),
        min_value=FACTS_FILE_YEARS[0],
        max_value=FACTS_FILE_YEARS[1],
        required=False,
    )
    jurisdiction = forms.ChoiceField(
        label=_("适用政策（辖区）"),
        choices=lambda: [("", "—"), *JURISDICTION_LABELS.items()],  # a folder added later too
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("机构类型"), choices=KINDS, initial="enterprise", required=False
    )
    name = forms.CharField(label=_("名称（可不填）"), max_length=200, required=False)
    founded = forms.DateField(label=_("成立日期（可不填）"), required=False)
    facts_file = forms.FileField(label=_("或上传事实文件（JSON / JSON Lines）"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in AMOUNTS:
            self.fields[name] = AmountField(label=label, required=False, max_length=40)
        for name, label in COUNTS:
            self.fields[name] = forms.IntegerField(
                label=label, min_value=0, max_value=10_000_000, required=False
            )
        for name, label in FLAGS:
            self.fields[name] = forms.ChoiceField(label=label, choices=FLAG_CHOICES, required=False)
        for list_name, (_legend, items) in LIST_ROWS.items():
            for item, label, make in items:
                field = make()
                field.label = label
                self.fields[f"{list_name}__{item}"] = field

    def list_groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [
            (legend, [self[f"{list_name}__{item}"] for item, _l, _m in items])
            for list_name, (legend, items) in LIST_ROWS.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("facts_file")
        if upload is not None and upload.size > service.MAX_BYTES:
            self.add_error(
                "facts_file",
                _("文件过大：公开试算最多接受 %(kb)d KB。") % {"kb": service.MAX_BYTES // 1024},
            )
        if upload is None:
            for name in ("year", "jurisdiction"):
                if data.get(name) in (None, ""):
                    self.add_error(name, _("请填写此项（或上传事实文件）。"))
        return data

    def amount_fields(self) -> list[forms.BoundField]:
        return [self[name] for name, _label in AMOUNTS]

    def count_fields(self) -> list[forms.BoundField]:
        return [self[name] for name, _label in COUNTS]

    def flag_fields(self) -> list[forms.BoundField]:
        return [self[name] for name, _label in FLAGS]

    def raw_records(self) -> list[Any]:
        """The facts records to evaluate: the uploaded file's, else one from the form."""
        from waibao.facts.io import parse_json_text

        data = self.cleaned_data
        upload = data.get("facts_file")
        if upload is not None:
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise FactsError([f"{upload.name}: not UTF-8 text: {error}"]) from error
            return parse_json_text(text, source=upload.name)
        record: dict[str, Any] = {
            "uscc": service.PLACEHOLDER_USCC,
            "year": data["year"],
            "jurisdiction": data["jurisdiction"],
            "kind": data.get("kind") or "enterprise",
        }
        if data.get("name"):
            record["name"] = data["name"]
        if data.get("founded"):
            record["founded"] = data["founded"].isoformat()
        for name, _label in (*AMOUNTS, *COUNTS):
            if data.get(name) is not None:
                record[name] = data[name]
        for name, _label in FLAGS:
            if data.get(name):
                record[name] = data[name] == "1"
        for list_name, (_legend, items) in LIST_ROWS.items():
            row = {item: data.get(f"{list_name}__{item}") for item, _l, _m in items}
            row = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
            row = {k: v for k, v in row.items() if v not in (None, "")}
            if row:  # a row left blank says nothing (unknown), not "none"
                record[list_name] = [row]
        return [record]


def public_calculator(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "max_records": service.MAX_RECORDS,
        "max_kb": service.MAX_BYTES // 1024,
    }
    if request.method != "POST":
        form = PublicCalculatorForm(
            initial={"year": timezone.localdate().year - 1, "kind": "enterprise"}
        )
        return render(request, "portal/public_calculator.html", {**context, "form": form})
    if service.body_too_large(request, allowance=FORM_ALLOWANCE):
        context["form"] = PublicCalculatorForm()
        context["refusal"] = _("文件过大：公开试算最多接受 %(kb)d KB。") % {"kb": context["max_kb"]}
        return render(request, "portal/public_calculator.html", context, status=413)
    form = PublicCalculatorForm(request.POST, request.FILES)
    context["form"] = form
    if not service.rate_allows(request):
        context["refusal"] = _("试算过于频繁，请一分钟后再试。")
        return render(request, "portal/public_calculator.html", context, status=429)
    if not form.is_valid():
        return render(request, "portal/public_calculator.html", context, status=400)
    try:
        context["results"] = service.public_calculate(
            form.raw_records(), translation.get_language() or "zh-hans"
        )
    except FactsError as error:
        context["facts_errors"] = facts_wording.shown_lines(error.errors)
        return render(request, "portal/public_calculator.html", context, status=400)
    except service.TooLarge as error:
        context["refusal"] = facts_wording.shown(str(error))
        return render(request, "portal/public_calculator.html", context, status=413)
    return render(request, "portal/public_calculator.html", context)
