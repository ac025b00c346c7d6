"""The contracts of the user's scope as one list (合同与执行 without a firm named), newest
signature first, with the filters staff use: district, year signed, offshore or onshore,
a firm or client by name (docs/decisions/0031-staff-lists.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from waibao import permissions
from waibao.money import format_fen
from waibao.reporting.models import Contract
from waibao.web import lists

OFFSHORE = "offshore"
ONSHORE = "onshore"


@dataclass(frozen=True)
class ContractListRow:
    uscc: str
    organisation: str
    district: str
    contract_id: str
    client_name: str
    client_country: str
    offshore: bool
    category: str
    signed_date: date
    amount: str
    currency: str
    executions: int


def _search(rows: QuerySet, value: str) -> QuerySet:
    return rows.filter(
        Q(contract_id__icontains=value)
        | Q(client_name__icontains=value)
        | Q(organisation__name__icontains=value)
        | Q(organisation__uscc__icontains=value.upper())
    )


def _offshore(rows: QuerySet, value: str) -> QuerySet:
    onshore = Q(client_country="CN")
    return rows.exclude(onshore) if value == OFFSHORE else rows.filter(onshore)


def _row(contract: Contract) -> ContractListRow:
    organisation = contract.organisation
    return ContractListRow(
        uscc=organisation.uscc,
        organisation=organisation.name,
        district=organisation.region.name,
        contract_id=contract.contract_id,
        client_name=contract.client_name,
        client_country=contract.client_country,
        offshore=contract.offshore,
        category=contract.category_id,
        signed_date=contract.signed_date,
        amount=format_fen(contract.amount_minor) or "0.00",
        currency=contract.currency,
        executions=contract.execution_count,  # type: ignore[attr-defined]
    )


def contract_list(request: HttpRequest) -> lists.ListPage:
    contracts = permissions.scope_contracts(request.user, Contract.objects.all())
    years = [day.year for day in contracts.order_by().dates("signed_date", "year")]
    filters = [
        lists.text_filter("q", _("机构、合同编号或发包方"), _search),
        *lists.district_filter(contracts, "organisation__region"),
        lists.year_filter(
            "year", _("签约年度"), years, lambda rows, value: rows.filter(signed_date__year=value)
        ),
        lists.choice_filter(
            "offshore", _("离岸/在岸"), ((OFFSHORE, _("离岸")), (ONSHORE, _("在岸"))), _offshore
        ),
    ]
    rows = contracts.select_related("organisation", "organisation__region").annotate(
        execution_count=Count("executions")
    )
    return lists.list_page(
        request,
        rows,
        list_id="contracts",
        filters=filters,
        orderings=(
            lists.Ordering("newest", _("签约日期（新到旧）"), ("-signed_date", "id")),
            lists.Ordering("firm", _("按机构"), ("organisation__name", "contract_id", "id")),
        ),
        columns=(
            lists.Column(_("机构")),
            lists.Column(_("合同编号")),
            lists.Column(_("发包方")),
            lists.Column(_("国家或地区")),
            lists.Column(_("离岸/在岸")),
            lists.Column(_("签约日期")),
            lists.Column(_("合同金额"), "amount"),
            lists.Column(_("执行笔数"), "number"),
        ),
        row_template="portal/_contract_row.html",
        row=_row,
        empty=_("没有符合条件的合同。"),
    )
