"""The admin's list pages for the tables people search most (organisations, contracts,
executions), scoped by ``waibao.permissions`` so staff see only their district or city.

The registry and reporting apps register plain admins; the portal, which owns presentation,
replaces those of the three tables here (portal is installed after them)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from waibao import permissions
from waibao.money import format_fen
from waibao.registry.models import Organisation
from waibao.reporting.models import Contract, Execution


def _replace(model, model_admin) -> None:  # type: ignore[no-untyped-def]
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)


class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("uscc", "name", "kind", "region", "park", "ownership", "founded")
    list_filter = ("kind", "ownership", "is_headquarters")
    search_fields = ("uscc", "name", "region__name")
    list_select_related = ("region", "park")
    raw_id_fields = ("region", "park")
    show_full_result_count = False

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return permissions.scope_organisations(request.user, super().get_queryset(request))


class ContractAdmin(admin.ModelAdmin):
    list_display = (
        "contract_id",
        "organisation",
        "client_name",
        "client_country",
        "category",
        "signed_date",
        "amount",
        "currency",
    )
    list_filter = ("category",)  # a small table; DISTINCT over millions of contracts is not
    search_fields = ("contract_id", "client_name", "organisation__uscc", "organisation__name")
    list_select_related = ("organisation", "category")
    raw_id_fields = ("organisation",)
    show_full_result_count = False

    @admin.display(description=_("合同金额"))
    def amount(self, obj: Contract) -> str | None:
        return format_fen(obj.amount_minor)

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return permissions.scope_contracts(request.user, super().get_queryset(request))


class ExecutionAdmin(admin.ModelAdmin):
    list_display = (
        "execution_id",
        "contract_ref",
        "execution_date",
        "amount",
        "currency",
        "receipt_ref",
    )
    search_fields = ("contract__contract_id", "contract__organisation__uscc", "receipt_ref")
    list_select_related = ("contract__organisation",)
    raw_id_fields = ("contract",)
    show_full_result_count = False

    @admin.display(description=_("合同"))
    def contract_ref(self, obj: Execution) -> str:
        return f"{obj.contract.organisation.uscc} / {obj.contract.contract_id}"

    @admin.display(description=_("执行金额"))
    def amount(self, obj: Execution) -> str | None:
        return format_fen(obj.amount_minor)

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return permissions.scope_executions(request.user, super().get_queryset(request))


_replace(Organisation, OrganisationAdmin)
_replace(Contract, ContractAdmin)
_replace(Execution, ExecutionAdmin)
