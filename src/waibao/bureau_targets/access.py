"""Who may see and enter a jurisdiction's bureau figures, asked of ``waibao.permissions``
for the jurisdiction's whole region: seeing them is ``view_dashboard`` there (a city's or a
province's staff, a leader or analyst of that region; a district sees none, as on the targets
page), entering them is ``configure_policy`` there (the city administrator of the city, or of
the province for its text; a system administrator anywhere)."""

from __future__ import annotations

from typing import Any

from waibao import jurisdictions, permissions


def _region(slug: str) -> str | None:
    try:
        return jurisdictions.jurisdiction(slug).region
    except (KeyError, ValueError):
        return None


def may_view(user: Any, slug: str) -> bool:
    region = _region(slug)
    return region is not None and permissions.can_in_region(
        user, permissions.VIEW_DASHBOARD, region
    )


def may_enter(user: Any, slug: str) -> bool:
    region = _region(slug)
    return region is not None and permissions.can_in_region(
        user, permissions.CONFIGURE_POLICY, region
    )


def viewable(user: Any) -> list[str]:
    """The jurisdictions whose figures ``user`` may see, in the catalogue's order."""
    return [slug for slug in jurisdictions.slugs() if may_view(user, slug)]
