from django.contrib import admin
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from waibao.reporting import models

for model in (models.Contract, models.Execution):
    admin.site.register(model)


@admin.register(models.Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "group", "name", "version")
    list_filter = ("group", "version")

    @admin.display(description=_("名称"), ordering="code")
    def name(self, category: models.Category) -> str:
        """The name in the page's language (both are edited on the change form)."""
        english = (get_language() or "").startswith("en")
        return category.name_en if english else category.name_zh


@admin.register(models.ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    """Administrators extend the shipped rate table here (DATA-FORMATS.md §3)."""

    list_display = ("currency", "year", "cny_per_unit", "source")
    list_filter = ("currency",)
    search_fields = ("currency", "source")
