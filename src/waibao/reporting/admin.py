from django.contrib import admin

from waibao.reporting import models

for model in (models.Contract, models.Execution):
    admin.site.register(model)


@admin.register(models.Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "group", "name_zh", "name_en", "version")
    list_filter = ("group", "version")


@admin.register(models.ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    """Administrators extend the shipped rate table here (DATA-FORMATS.md §3)."""

    list_display = ("currency", "year", "cny_per_unit", "source")
    list_filter = ("currency",)
    search_fields = ("currency", "source")
