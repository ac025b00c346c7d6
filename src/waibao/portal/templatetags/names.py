"""Names instead of codes on pages (``{% load names %}``): see ``waibao.portal.names``.

{{ contract.client_country|country_name }}   新加坡
{{ contract.category|category_name }}        集成电路和电子电路设计服务
"""

from __future__ import annotations

from django import template

from waibao.portal import names

register = template.Library()


@register.filter
def country_name(code: str | None) -> str:
    return names.country_name(code)


@register.filter
def category_name(code: str | None) -> str:
    return names.category_name(code)
