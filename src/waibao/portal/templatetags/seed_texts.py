"""``{{ text|simplified }}``: a seed text's quotation in Simplified characters on a page
(``waibao.simplified``, decision 0033). ``{% load seed_texts %}``."""

from __future__ import annotations

from typing import Any

from django import template

from waibao.simplified import simplified as to_simplified

register = template.Library()


@register.filter(is_safe=True)  # changes Chinese characters only, never markup
def simplified(text: Any) -> Any:
    return to_simplified(text)
