"""Administrators search, filter and export the security events (the ``security.*`` records
of the audit log); nobody edits them here, or anywhere."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waibao.audit.models import AuditRecord
from waibao.read_only_admin import ReadOnlyAdmin
from waibao.security.events import ACTION_PREFIX, security_event_record
from waibao.security.exports import security_events_write_csv
from waibao.security.models import Lockout, RecoveryCode, SecurityEventRecord, TOTPDevice


class KindFilter(admin.SimpleListFilter):
    title = _("事件")
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        actions = (
            AuditRecord.objects.filter(action__startswith=ACTION_PREFIX)
            .values_list("action", flat=True)
            .distinct()
            .order_by("action")
        )
        return [(a, a.removeprefix(ACTION_PREFIX)) for a in actions]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(SecurityEventRecord)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = (
        "occurred_at",
        "action",
        "to_state",
        "actor_username",
        "object_type",
        "object_id",
        "ip_address",
    )
    list_filter = (KindFilter, "to_state", ("occurred_at", admin.DateFieldListFilter))
    search_fields = (
        "actor_username",
        "object_id",
        "action",
        "payload__username",
        "payload__ip_address",
    )
    date_hierarchy = "occurred_at"
    actions = ["export_csv"]
    ordering = ("-sequence",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).filter(action__startswith=ACTION_PREFIX)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in AuditRecord._meta.fields]

    @admin.display(description=_("IP地址"))
    def ip_address(self, record: AuditRecord) -> str:
        return str(record.payload.get("ip_address", ""))

    @admin.action(description=_("导出所选事件（CSV）"), permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse:
        buffer = io.StringIO()
        rows = security_events_write_csv(queryset.order_by("sequence"), buffer)
        security_event_record(
            kind="data.exported",
            request=request,
            target=("export", "security events"),
            detail={"rows": rows},
        )
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="security-events-{stamp}.csv"'
        return response


@admin.register(Lockout)
class LockoutAdmin(ReadOnlyAdmin):
    """Locks can be lifted early by a superuser deleting them (the lifting is recorded)."""

    list_display = ("kind", "key", "locked_at", "locked_until")
    list_filter = ("kind",)
    search_fields = ("key",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def delete_model(self, request: HttpRequest, obj: Lockout) -> None:
        self.delete_queryset(request, Lockout.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Lockout]) -> None:
        for lock in queryset:
            security_event_record(
                kind="lockout.lifted",
                request=request,
                target=("security.lockout", f"{lock.kind}:{lock.key}"),
            )
        super().delete_queryset(request, queryset)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(ReadOnlyAdmin):
    """A superuser removes the device of a staff user who lost it and their recovery codes;
    the user enrols again at the next sign-in. The secret is never shown."""

    list_display = ("user", "confirmed_at", "created_at")
    search_fields = ("user__username",)
    fields = ("user", "confirmed_at", "created_at")
    readonly_fields = fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def delete_model(self, request: HttpRequest, obj: TOTPDevice) -> None:
        self.delete_queryset(request, TOTPDevice.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[TOTPDevice]) -> None:
        for device in queryset.select_related("user"):
            RecoveryCode.objects.filter(user=device.user).delete()
            security_event_record(
                kind="totp.reset",
                request=request,
                username=device.user.get_username(),
                target=("auth.user", device.user.pk),
            )
        super().delete_queryset(request, queryset)
