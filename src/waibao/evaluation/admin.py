from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from waibao.evaluation import models


@admin.register(models.RatingMethod)
class RatingMethodAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Methods for every city are configured here; a city's own versions are made on
    ``/evaluation/methods/<city>/`` (dated, audited, with the ranking they changed) and are
    read-only here, so none is edited or deleted without a trace."""

    list_display = ("code", "version", "city", "valid_from", "changed_by", "changed_at")
    readonly_fields = ("city", "changed_by", "changed_at", "change")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.city_id is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.city_id is not None:
            return False
        return super().has_delete_permission(request, obj)


for model in (
    models.Publication,
    models.RecognitionApplication,
    models.RecognitionReview,
    models.CreditEvent,
    models.ScorecardValue,
    models.PeerScore,
):
    admin.site.register(model)
