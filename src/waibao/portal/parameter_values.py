"""A policy parameter's value as a reader of the texts writes it, by the parameter's type.

The parameter files keep the machine's grammar (amounts as yuan decimal strings, levels and
cities as codes: docs/decisions/0001); the policy pages showed that grammar as it stood
(``100000000`` for 1亿元, ``national: 2000000``, a list of GB/T 2260 codes). Here each type
is written as the pages write its kind of figure: amounts short with the exact figure on
hover (``numbers_display.amount_html``: 1.00亿元), counts grouped, shares as percentages,
levels and cities by name, tiers one a clause. A type a new policy folder brings and this
module does not know is shown as its file states it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from waibao import language_tags, numbers_display
from waibao.facts.labels import label, region_names


def parameter_value(kind: str, raw: Any) -> SafeString:
    """``raw``, one dated value of a parameter of type ``kind``, as HTML for the page; a value
    that is not of its type (the engine refuses such files and settings, so only an old row
    could hold one) is shown as it stands rather than failing the page."""
    try:
        return _written(kind, raw)
    except (ValueError, TypeError, AttributeError, KeyError):
        return conditional_escape(str(raw))


def _written(kind: str, raw: Any) -> SafeString:
    if raw is None:
        return conditional_escape(gettext("未设定"))
    if kind in ("amount", "amount_usd"):
        return _amount(raw, "美元" if kind == "amount_usd" else "元")
    if kind == "count":
        return conditional_escape(numbers_display.grouped(raw))
    if kind == "rate":
        return conditional_escape(_rate(raw))
    if kind == "set":
        return _listed([_named(item) for item in raw], gettext("、"))
    if kind == "level_tiers":
        language = _language()
        tiers = [
            format_html("{} {}", label(level, language), _amount(amount, "元"))
            for level, amount in raw.items()
        ]
        return _listed(tiers, gettext("；"))
    if kind == "threshold_tiers":
        return _listed([_threshold(tier) for tier in raw], gettext("；"))
    return conditional_escape(str(raw))


def _threshold(tier: dict[str, Any]) -> SafeString:
    """One tier of a threshold table: reached at ``at`` (含, inclusive), paid ``amount`` yuan.
    The threshold's unit is the parameter's description's (USD, employees ...)."""
    return format_html(
        gettext("{at} 及以上：{amount}"),
        at=numbers_display.grouped(tier["at"]),
        amount=_amount(tier["amount"], "元"),
    )


def _language() -> str:
    return language_tags.normalise(get_language())


def _amount(raw: Any, unit: str) -> SafeString:
    return conditional_escape(numbers_display.amount_html(raw, unit))


def _rate(raw: Any) -> str:
    """``50%`` as the file states it; a share (``0.5``) as a percentage, exactly, without
    trailing zeros (``50%``, ``12.5%``)."""
    text = str(raw).strip()
    if text.endswith("%"):
        return text
    percent = numbers_display.to_decimal(text) * 100
    exact = (
        percent.quantize(Decimal(1)) if percent == percent.to_integral() else percent.normalize()
    )
    return f"{exact:f}%"


def _named(item: Any) -> str:
    """A set's member: a GB/T 2260 code by its division's name on a Chinese page (English
    keeps the code, as everywhere: the table has no English names)."""
    text = str(item)
    if _language() == "zh-hans":
        return region_names().get(text, text)
    return text


def _listed(items: list[Any], separator: str) -> SafeString:
    return format_html_join(separator, "{}", ((item,) for item in items))
