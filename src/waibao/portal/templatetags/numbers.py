"""Template filters for numbers on pages (``{% load numbers %}``): see
``waibao.numbers_display``. Exports never use them; they keep machine values.

    {{ amount|money:"元" }}   1.04亿元 (exact on hover)
    {{ fen|money_fen:"元" }}  the same from integer fen
    {{ n|grouped }}           12,345
    {{ share|percent }}       24.68%
    {{ growth|growth }}       +407.03%
    {{ when|moment:"Y-m-d H:i" }}  <time datetime="…">2026-12-14 03:44</time>, never split
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import date
from django.utils.html import format_html

from waibao import numbers_display
from waibao.money import format_fen

register = template.Library()


@register.filter
def money(value: Any, unit: str = "") -> Any:
    return numbers_display.amount_html(value, unit)


@register.filter
def money_fen(value: int | None, unit: str = "") -> Any:
    return numbers_display.amount_html(format_fen(value), unit)


# Target units (targets.yaml): amounts in their currency, counts as whole numbers.
_UNIT_NAMES = {"usd": "美元", "cny": "元"}


@register.filter
def in_unit(value: Any, unit: str) -> Any:
    """A target's value in its unit code (``usd``, ``cny``, ``count``)."""
    if unit in _UNIT_NAMES:
        return numbers_display.amount_html(value, _UNIT_NAMES[unit])
    return grouped(value)


@register.filter
def unit_name(unit: str) -> str:
    """``usd`` → 美元, ``cny`` → 元, ``count`` → 个 (translated)."""
    from django.utils.translation import gettext

    return str(gettext(_UNIT_NAMES.get(unit, "个")))


@register.filter
def grouped(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return numbers_display.grouped(value)


@register.filter
def percent(value: Any) -> str:
    return numbers_display.percent(value)


@register.filter
def growth(value: Any) -> str:
    return numbers_display.percent(value, signed=True)


@register.filter(expects_localtime=True)
def moment(value: Any, form: str = "Y-m-d") -> Any:
    """A date or time as ``<time>`` in ``form`` (Django's date format), kept on one line by
    portal.css as an amount is: at 390 px "2026-12-14 03:44" broke after "2026-". The
    ``datetime`` attribute is the local ISO form the text shows. Every date a page shows
    as text goes through it; ``|date`` stays only in form fields' ``value``."""
    text = date(value, form)
    if not text:  # as ``date``: nothing for None, "" or what is not a date
        return ""
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), text)
