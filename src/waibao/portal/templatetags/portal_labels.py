"""Names for the codes of the rules and targets data shown on pages (issue 21): a parameter's
type (``count``, ``rate``, ...) and a target's unit (``count``, ``usd``, ``cny``), through
gettext like every other word of the interface."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from waibao.portal import parameter_values

register = template.Library()

PARAMETER_TYPES = {
    "amount": _("金额（元）"),
    "amount_usd": _("金额（美元）"),
    "count": _("数量"),
    "rate": _("比例"),
    "set": _("集合"),
    "level_tiers": _("按级别分档金额"),
    "threshold_tiers": _("按门槛分档金额"),
}
UNITS = {"count": _("家/个"), "usd": _("美元"), "cny": _("元")}


@register.filter
def parameter_type(code: str) -> str:
    return str(PARAMETER_TYPES.get(code, code))


@register.filter
def parameter_value(value: Any, kind: str) -> Any:
    """``{{ value|parameter_value:p.type }}``: a parameter's value as the texts write it
    (``waibao.portal.parameter_values``)."""
    return parameter_values.parameter_value(kind, value)


@register.filter
def unit_label(code: str) -> str:
    return str(UNITS.get(code, code))


@register.filter
def said_line(line: str) -> str:
    """A refused cell's ``file:row:column: reason`` line as a reader reads it: where (the
    column of a form; the file, row and column of an upload) and the reason in the page's
    language (``waibao.portal.refusals``)."""
    from django.utils.translation import gettext

    from waibao.portal.refusals import said
    from waibao.reporting.reports import Problem

    problem = Problem.parse(line)
    if problem.file == "form" or not problem.row:
        where = problem.column or problem.file
    else:
        where = gettext("%(file)s 第 %(row)s 行 %(column)s 列") % {
            "file": problem.file,
            "row": problem.row,
            "column": problem.column,
        }
    return gettext("%(where)s：%(reason)s") % {"where": where, "reason": said(problem.reason)}
