"""``{% demo_tour_link %}``: the home page's link to the guided tour (演示导览) while the demo
runs (the setting ``WAIBAO_DEMO``, set by ``waibao demo``); nothing otherwise. A setting, not
an import: the portal stands below ``waibao.demo``."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.inclusion_tag("portal/_demo_tour_link.html")
def demo_tour_link() -> dict[str, Any]:
    if not getattr(settings, "WAIBAO_DEMO", False):
        return {"url": ""}
    try:
        return {"url": reverse("demo:tour")}
    except NoReverseMatch:
        return {"url": ""}
