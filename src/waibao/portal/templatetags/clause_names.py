"""Clause titles instead of clause ids on pages (``{% load clause_names %}``, issue 21).

A reader sees a clause's short title and its document (项目研发支持 · 《意见》（五）2), not
its id: the title of
``waibao.rules.registry.Clause.title`` in the page's language, the id kept beside it as a
small code (and as the tooltip) for whoever needs to quote it. An id the rules do not know (a
clause of an old import) is shown as it is.

{% clause_label a.clause %}               title linked to the policy page, then the id
{% clause_label a.clause link=False %}    the same without the link (inside another link)
{{ row.clause|clause_title }}             the title alone (an <option>, a page title)
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import get_language

register = template.Library()


def _clause(clause_id: Any) -> Any:
    from waibao.rules import clause

    try:
        return clause(str(clause_id))
    except KeyError:
        return None


@register.filter
def clause_title(clause_id: Any) -> str:
    """The clause's title in the page's language; the id itself when the rules lack it."""
    if not clause_id:
        return ""
    found = _clause(clause_id)
    return found.title(get_language() or "zh-hans") if found is not None else str(clause_id)


@register.inclusion_tag("portal/_clause_label.html")
def clause_label(clause_id: Any, link: bool = True) -> dict[str, Any]:
    found = _clause(clause_id) if clause_id else None
    return {
        "clause_id": clause_id or "",
        "title": found.title(get_language() or "zh-hans") if found is not None else "",
        "url": reverse("portal:policy", args=[found.id]) if found is not None and link else "",
    }
