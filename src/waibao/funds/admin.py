"""Funds in the admin, read-only: a fund's settings, its money and its history change only
through the services (the fund-year page and the API), which check roles and write the audit
log."""

from __future__ import annotations

from django.contrib import admin

from waibao.funds import models
from waibao.read_only_admin import ReadOnlyAdmin


@admin.register(models.Fund)
class FundAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "jurisdiction", "city_code", "allocation_method")


@admin.register(models.BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    list_display = ("fund", "year", "source", "source_name", "planned_fen", "citation")
    list_filter = ("fund", "year")


@admin.register(models.LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ("id", "line", "kind", "amount_fen", "application", "created_at", "created_by")
    list_filter = ("kind", "line__fund")


@admin.register(models.FundEntitlement)
class FundEntitlementAdmin(ReadOnlyAdmin):
    list_display = ("uscc", "year", "clause", "amount_fen", "discretionary")
    search_fields = ("uscc", "clause")


@admin.register(models.Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "organisation",
        "year",
        "clause",
        "status",
        "approved_fen",
        "allocated_fen",
    )
    list_filter = ("status", "fund", "year")


@admin.register(models.Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ("title", "published_at", "ends_at")


@admin.register(models.PaymentBatch)
class PaymentBatchAdmin(ReadOnlyAdmin):
    list_display = ("id", "fund", "year", "status", "created_at")
