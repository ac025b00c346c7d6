"""Admin: the bureau chooses which tables to publish (``DataRelease``); versions are read-only.
Announcements are written through the staff pages (/news/staff/) so that every state change
goes through the services and the audit log."""

from __future__ import annotations

from django.contrib import admin

from waibao.publishing.models import DataRelease, DataReleaseVersion


@admin.register(DataRelease)
class DataReleaseAdmin(admin.ModelAdmin):
    list_display = ("slug", "title_zh", "year", "measure", "min_enterprises", "dominance_percent")


@admin.register(DataReleaseVersion)
class DataReleaseVersionAdmin(admin.ModelAdmin):
    list_display = ("release", "number", "published_at", "rows", "suppressed_cells")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
