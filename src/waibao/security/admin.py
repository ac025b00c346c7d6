"""Administrators search and export the security log; nobody edits it here."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waibao.security.events import security_event_record
from waibao.security.exports import security_events_write_csv
from waibao.security.models import ConfigurationChange, Lockout, SecurityEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "outcome", "username", "ip_address", "target")
    list_filter = ("outcome", "kind", ("at", admin.DateFieldListFilter))
    search_fields = ("username", "ip_address", "target", "kind")
    date_hierarchy = "at"
    actions = ["export_csv"]
    readonly_fields = [f.name for f in SecurityEvent._meta.fields]

    @admin.action(description=_("导出所选事件（CSV）"), permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[SecurityEvent]) -> HttpResponse:
        buffer = io.StringIO()
        rows = security_events_write_csv(queryset.order_by("at", "id"), buffer)
        security_event_record(
            kind="data.exported",
            request=request,
            target="security.SecurityEvent",
            detail={"rows": rows},
        )
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="security-events-{stamp}.csv"'
        return response


@admin.register(ConfigurationChange)
class ConfigurationChangeAdmin(ReadOnlyAdmin):
    list_display = ("changed_at", "subject_type", "subject_id", "changed_by", "summary")
    list_filter = ("subject_type",)
    search_fields = ("subject_type", "subject_id", "summary")


@admin.register(Lockout)
class LockoutAdmin(ReadOnlyAdmin):
    """Locks can be lifted early by deleting them (the deletion is itself recorded)."""

    list_display = ("kind", "key", "locked_at", "locked_until")
    list_filter = ("kind",)
    search_fields = ("key",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def delete_model(self, request: HttpRequest, obj: Lockout) -> None:
        security_event_record(
            kind="lockout.lifted", request=request, target=f"{obj.kind}:{obj.key}"
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Lockout]) -> None:
        for lock in queryset:
            security_event_record(
                kind="lockout.lifted", request=request, target=f"{lock.kind}:{lock.key}"
            )
        super().delete_queryset(request, queryset)
