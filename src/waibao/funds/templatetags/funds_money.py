"""``{{ amount|fen }}``: integer fen shown as yuan with two decimals, never through a float."""

from __future__ import annotations

from django import template

from waibao.money import format_fen

register = template.Library()


@register.filter
def fen(value: int | None) -> str:
    return "—" if value is None else str(format_fen(int(value)))
