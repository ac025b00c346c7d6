"""``{% portal_menu %}``: the role-aware menu of the base layout (a tag rather than a context
processor, so that the settings need no change)."""

from __future__ import annotations

from typing import Any

from django import template

from waibao import permissions
from waibao.accounts.models import Role
from waibao.portal.navigation import MenuSection, menu_for, menu_sections

register = template.Library()

_ROLE_LABELS = {str(value): label for value, label in Role.choices}


@register.inclusion_tag("portal/_menu.html", takes_context=True)
def portal_menu(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    path = getattr(request, "path", "")
    items = menu_for(user)
    role = permissions.role_of(user)
    current = max((i.url for i in items if path.startswith(i.url)), key=len, default="")
    return {
        "row": [
            # (entry or None, heading or None, whether the current page is under it)
            (None, entry, any(i.url == current for i in entry.items))
            if isinstance(entry, MenuSection)
            else (entry, None, entry.url == current)
            for entry in menu_sections(items)
        ],
        "current": current,
        "user": user,
        "role": role,
        "role_label": _ROLE_LABELS.get(role or "", ""),
        "request": request,
    }
