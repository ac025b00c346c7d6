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
