"""What a configured rating method may name: the indicators the selectors compute and the
tie-breaks, and the check of a method against them. Plain data and one function, so the model's
``clean`` and the services check a method the same way without importing the selectors (which
import the models)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from waibao.facts.labels import label

INDICATORS = frozenset(
    {
        "employees",
        "contract_signed_usd",
        "contract_executed_usd",
        "so_revenue_cny",
        "rd_expense_cny",
        "certifications",
        "offshore_executed_usd",
        "tax_paid_cny",
    }
)


def indicator_label(name: str) -> str:
    """An indicator as the reader names it (从业人员数; English pages: the id, ``employees``)."""
    return label(name, get_language() or "zh-hans")


def method_check(weights: dict[str, Any], tie_break: list[str]) -> list[str]:
    """Problems of a configured method (unknown indicators, non-integer weights), in the
    active language: the method page shows them next to its form."""
    problems = [
        _("没有指标“%(indicator)s”") % {"indicator": name}
        for name in weights
        if name not in INDICATORS
    ]
    problems += [
        _("%(indicator)s的权重须为不小于 0 的整数") % {"indicator": indicator_label(name)}
        for name, weight in weights.items()
        if not isinstance(weight, int) or isinstance(weight, bool) or weight < 0
    ]
    if weights and not problems and sum(weights.values()) <= 0:
        problems.append(_("各指标的权重不能全为 0"))
    known = INDICATORS | {"founded", "key"}
    problems += [
        _("没有并列时的排序依据“%(spec)s”") % {"spec": spec}
        for spec in tie_break
        if spec.lstrip("-") not in known
    ]
    return problems
