"""Admin: courses and grants are editable; people appear masked only, the access log is
read-only. Clear personal data is never shown here (use the logged reveal)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from waibao.read_only_admin import ReadOnlyAdmin
from waibao.talent.models import AccessLog, Course, Person, PoolSearchGrant
from waibao.talent.people import person_masked


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "provider", "qianbaishi", "customised")
    list_filter = ("qianbaishi", "customised")


@admin.register(PoolSearchGrant)
class PoolSearchGrantAdmin(admin.ModelAdmin):
    list_display = ("organisation", "granted_at", "revoked_at")


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    """Masked, and never deleted here: only ``person_erase``, which keeps the anonymous
    counts."""

    list_display = ("pk", "masked_name", "masked_id_number", "created_at")
    fields = ("masked_name", "masked_id_number", "masked_phone", "created_at")
    readonly_fields = fields

    @admin.display(description="姓名")
    def masked_name(self, person: Person) -> Any:
        return person_masked(person)["name"]

    @admin.display(description="身份证号")
    def masked_id_number(self, person: Person) -> Any:
        return person_masked(person)["id_number"]

    @admin.display(description="手机号")
    def masked_phone(self, person: Person) -> Any:
        return person_masked(person)["phone"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_label", "subject", "action", "fields", "purpose")
    list_filter = ("action",)
