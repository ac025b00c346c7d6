"""``{{ amount|yuan_grouped }}``: integer fen as yuan with thousands separators and two
decimals (``123456789`` → ``1,234,567.89``), through ``waibao.money``, never a float."""

from __future__ import annotations

from django import template

from waibao.money import format_fen

register = template.Library()


@register.filter
def yuan_grouped(value: int | None) -> str:
    if value is None:
        return "—"
    text = str(format_fen(int(value)))
    sign = "-" if text.startswith("-") else ""
    whole, cents = text.lstrip("-").split(".")
    return f"{sign}{int(whole):,}.{cents}"
