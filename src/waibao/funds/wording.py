"""How the funds' refusals name what they speak of, in the reader's language (issue 21).

A refusal is read by a person at a Chinese page (or an API client that asked for Chinese), so
it names things as that person does: an amount as ``1,234.50 元``, a clause by its title
(国际展会支持 · 粤府〔2012〕88号（十二）) rather than its id, a state by its label (已提交, not
``submitted``), a field by its label. The messages themselves are worded where they are raised
(``gettext``, msgids in Chinese, English in scripts/translations_en.py): a refusal is raised
while the request that asked for the step is served, in the language that request reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Choices
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from waibao.money import format_fen
from waibao.numbers_display import grouped

# The request fields the funds' forms and API read (``waibao.funds.actions``), by label.
FIELD_LABELS: dict[str, Any] = {
    "amount": gettext_lazy("金额"),
    "claimed": gettext_lazy("申请金额"),
    "reviewer_cap": gettext_lazy("审核金额上限"),
    "year": gettext_lazy("年度"),
    "priority": gettext_lazy("优先顺序"),
    "publicity_days": gettext_lazy("公示天数"),
    "district_review_days": gettext_lazy("区县初审时限（天）"),
    "city_review_days": gettext_lazy("市级复核时限（天）"),
    "file": gettext_lazy("文件"),
}


# An entitlement's kind (the rules' ``ENTITLEMENT_KINDS``), as the calculator names it.
KIND_LABELS: dict[str, Any] = {
    "reward": gettext_lazy("奖励"),
    "subsidy": gettext_lazy("补贴"),
    "tax_incentive": gettext_lazy("税收优惠"),
}


def kind(name: str) -> str:
    return str(KIND_LABELS.get(name, name))


def field(name: str) -> str:
    """A request field's label; the name itself for a field without one."""
    return str(FIELD_LABELS.get(name, name))


def amount(fen: int | None) -> str:
    """``123450`` → ``1,234.50 元`` (English: ``1,234.50 yuan``)."""
    text = format_fen(fen)
    return _("%(amount)s 元") % {"amount": grouped(text) if text is not None else "—"}


def clause(clause_id: str) -> str:
    """The clause's title in the active language; the id when the rules do not know it."""
    from waibao.rules import clause as found_clause

    try:
        return found_clause(str(clause_id)).title(get_language() or "zh-hans")
    except KeyError:
        return str(clause_id)


def state(choices: type[Choices], value: str) -> str:
    """A stored state (``submitted``) by its label (已提交); the value when it has none."""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def listed(items: Iterable[Any]) -> str:
    """Items joined as the language lists them: 甲、乙 / A, B."""
    return _("、").join(str(item) for item in items)


def region(code: str | None) -> str:
    """A region by its name (天河区), the code when the registry does not hold it."""
    from waibao.registry.models import Region

    if not code:
        return ""
    name = Region.objects.filter(code=code).values_list("name", flat=True).first()
    return name or str(code)


# The audit trail's action codes (``common.audit``/``common.move``), as a reader names the step.
# The code stays beside the name on the page (its title) for whoever quotes the record.
ACTION_LABELS: dict[str, Any] = {
    "application.create": gettext_lazy("创建申请"),
    "application.create_automatic": gettext_lazy("免申即享生成申请"),
    "application.confirm": gettext_lazy("确认收款信息"),
    "application.submit": gettext_lazy("提交申请"),
    "evidence.attach": gettext_lazy("上传证明材料"),
    "application.district_approve": gettext_lazy("区县初审通过"),
    "application.district_return": gettext_lazy("区县初审退回修改"),
    "application.district_reject": gettext_lazy("区县初审不予支持"),
    "application.city_approve": gettext_lazy("市级复核通过"),
    "application.city_return": gettext_lazy("市级复核退回修改"),
    "application.city_reject": gettext_lazy("市级复核不予支持"),
    "application.publish": gettext_lazy("列入公示"),
    "objection.record": gettext_lazy("登记异议"),
    "objection.submit": gettext_lazy("公众提出异议"),
    "objection.resolve": gettext_lazy("处理异议"),
    "application.reject_after_objection": gettext_lazy("异议成立，不予支持"),
    "application.approve_final": gettext_lazy("公示期满核准"),
    "application.commit": gettext_lazy("安排资金"),
    "application.unfunded": gettext_lazy("资金不足未安排"),
    "application.release": gettext_lazy("收回已安排的资金"),
    "allocation.commit": gettext_lazy("按分配方案安排资金"),
    "application.payment_details_change": gettext_lazy("更正收款信息"),
    "application.payee_approve": gettext_lazy("收款信息复核通过"),
    "application.payee_reject": gettext_lazy("收款信息复核不予支持"),
    "application.paid": gettext_lazy("已拨付"),
    "award_received.record": gettext_lazy("记录所获奖励"),
    "payment.create": gettext_lazy("生成付款"),
    "payment.send": gettext_lazy("付款报送国库"),
    "payment.paid": gettext_lazy("付款已到账"),
    "payment.failed": gettext_lazy("付款失败"),
    "payment_batch.create": gettext_lazy("生成拨付批次"),
    "payment_batch.send": gettext_lazy("拨付批次报送国库"),
    "payment_batch.settle": gettext_lazy("拨付批次办结"),
    "publication.create": gettext_lazy("发布公示"),
    "fund.create": gettext_lazy("设立专项资金"),
    "fund.configure": gettext_lazy("资金设置"),
    "fund.continue": gettext_lazy("续设专项资金"),
    "fund_clause.configure": gettext_lazy("条款设置"),
    "budget_line.create": gettext_lazy("设立预算科目"),
    "ledger.appropriation": gettext_lazy("预算入账"),
    "entitlement.import": gettext_lazy("导入政策兑现资格"),
    "entitlement.replace": gettext_lazy("更新政策兑现资格"),
    "duties.refused": gettext_lazy("不相容职责，拒绝操作"),
}


def action(code: str) -> str:
    """An audit action's name (创建申请); the code itself for one without a name."""
    return str(ACTION_LABELS.get(code, code))
