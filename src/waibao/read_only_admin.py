"""The admin's view of records nobody edits there: money, history, the audit log, the
security events and the talent pool's people change only through the services (which check
roles and write the audit trail), so their admin pages list and show them, and never add,
change or delete."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyAdmin(admin.ModelAdmin):
    """A ``ModelAdmin`` that only reads. Django offers no bulk action that needs a
    permission refused here (so none shows); a subclass may add its own that only read (the
    security events' CSV export), or grant deletion where deleting is itself a recorded step
    (lifting a lockout)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
