"""Who may read and write the register, asked of ``waibao.permissions`` (no role by name).

- **write** (record, correct): whoever may configure the policy of the text's whole region
  (``configure_policy`` over the jurisdiction's city or province: the city administrators of
  that city, or of the province for a provincial text, and system administrators).
- **read**: staff see the records whose region lies in their statistics scope (a district
  reviewer its district, city staff their city, a leader or analyst their region or
  everywhere); an enterprise sees only the records naming itself.
- **export**: ``export_statistics``, over what the user may read.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from waibao import jurisdictions, permissions
from waibao.registry.models import Organisation


def jurisdiction_region_code(slug: str) -> str:
    """The six-digit GB/T 2260 code of a text's region: ``3301`` → ``330100``."""
    return jurisdictions.jurisdiction(slug).region.ljust(6, "0")


def can_write(user: Any, jurisdiction: str) -> bool:
    return permissions.can_in_region(
        user, permissions.CONFIGURE_POLICY, jurisdiction_region_code(jurisdiction)
    )


def writable_jurisdictions(user: Any) -> list[str]:
    return [slug for slug in jurisdictions.slugs() if can_write(user, slug)]


def can_read_any(user: Any) -> bool:
    return permissions.can(user, permissions.VIEW_STATISTICS) or permissions.can(
        user, permissions.VIEW_ORGANISATION
    )


def can_export(user: Any) -> bool:
    return permissions.can(user, permissions.EXPORT_STATISTICS)


def scope_records(user: Any, qs: QuerySet) -> QuerySet:
    """The records ``user`` may read: by region for staff, by organisation for an enterprise."""
    region = permissions.region_scope(user, permissions.VIEW_STATISTICS)
    if region is not None:
        return qs.filter(permissions.region_filter(region))
    own = permissions.scope_organisations(user, Organisation.objects.all())
    if not permissions.can(user, permissions.VIEW_ORGANISATION):
        return qs.none()
    return qs.filter(organisation__in=own.values("pk"))
