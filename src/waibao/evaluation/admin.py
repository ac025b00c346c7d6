from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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


@admin.register(models.Publication)
class PublicationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A published list is a frozen copy (the ranking and its method as published): shown
    here, never edited; its frozen JSON is read as the list it is, not as a text box."""

    list_display = ("title", "kind", "region", "year", "published_on")
    exclude = ("entries", "method")
    readonly_fields = ("listed",)

    @admin.display(description=_("名单"))
    def listed(self, publication: models.Publication) -> str:
        return gettext("；").join(
            f"{entry.get('rank')}. {entry.get('name')}（{entry.get('uscc')}）"
            for entry in publication.entries or []
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


for model in (
    models.RecognitionApplication,
    models.RecognitionReview,
    models.CreditEvent,
    models.ScorecardValue,
    models.PeerScore,
):
    admin.site.register(model)
