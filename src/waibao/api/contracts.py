"""Read endpoints of reporting: contracts and their executions, scoped by
``waibao.permissions`` (leaders see aggregates, not contract-level data). Lists are in date
order (then id), which the date indexes deliver without sorting millions of rows."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from waibao import permissions
from waibao.api.registry import _LazyMap
from waibao.money import format_fen
from waibao.reporting.models import Contract, Execution
from waibao.web.auth import require
from waibao.web.params import Pages, year_query

router = Router(tags=["reporting"])


class ExecutionOut(Schema):
    uscc: str
    contract_id: str
    execution_id: str
    execution_date: dt.date
    amount: str
    currency: str
    receipt_ref: str


class ContractOut(Schema):
    uscc: str
    contract_id: str
    client_name: str
    client_country: str
    offshore: bool
    category: str
    signed_date: dt.date
    amount: str
    currency: str


class ContractDetailOut(ContractOut):
    executions: list[ExecutionOut]


def _contract_out(c: Contract) -> dict[str, object]:
    return {
        "uscc": c.organisation.uscc,
        "contract_id": c.contract_id,
        "client_name": c.client_name,
        "client_country": c.client_country,
        "offshore": c.offshore,
        "category": c.category_id,
        "signed_date": c.signed_date,
        "amount": format_fen(c.amount_minor),
        "currency": c.currency,
    }


def _execution_out(e: Execution) -> dict[str, object]:
    return {
        "uscc": e.contract.organisation.uscc,
        "contract_id": e.contract.contract_id,
        "execution_id": e.execution_id,
        "execution_date": e.execution_date,
        "amount": format_fen(e.amount_minor),
        "currency": e.currency,
        "receipt_ref": e.receipt_ref,
    }


@router.get("/contracts", response=list[ContractOut], summary="接包合同 / contracts")
@paginate(Pages, page_size=50)
def contract_list(
    request: HttpRequest,
    uscc: str | None = None,
    year: int | None = year_query(),  # not Year: @paginate resolves hints elsewhere
    offshore: bool | None = None,
    client_country: str | None = None,
    category: str | None = None,
    currency: str | None = None,
    region: str | None = None,
) -> object:
    """Filters: ``uscc``, ``year`` (of signature), ``offshore``, ``client_country``,
    ``category``, ``currency``, ``region`` (district, city or province code)."""
    user = require(request, permissions.VIEW_CONTRACT)
    qs = permissions.scope_contracts(user, Contract.objects.select_related("organisation"))
    if uscc:
        qs = qs.filter(organisation__uscc=uscc)
    if year:
        qs = qs.filter(signed_date__gte=dt.date(year, 1, 1), signed_date__lte=dt.date(year, 12, 31))
    if offshore is not None:
        qs = qs.exclude(client_country="CN") if offshore else qs.filter(client_country="CN")
    if client_country:
        qs = qs.filter(client_country=client_country.upper())
    if category:
        qs = qs.filter(category_id=category)
    if currency:
        qs = qs.filter(currency=currency.upper())
    if region:
        qs = qs.filter(permissions.region_filter(region, "organisation__"))
    return _LazyMap(qs.order_by("signed_date", "id"), _contract_out)


@router.get(
    "/contracts/{uscc}/{contract_id}",
    response=ContractDetailOut,
    summary="合同详情及执行 / one contract with its executions",
)
def contract_detail(request: HttpRequest, uscc: str, contract_id: str) -> dict[str, object]:
    user = require(request, permissions.VIEW_CONTRACT)
    qs = permissions.scope_contracts(user, Contract.objects.select_related("organisation"))
    contract = get_object_or_404(qs, organisation__uscc=uscc, contract_id=contract_id)
    executions = contract.executions.select_related("contract__organisation")
    return {**_contract_out(contract), "executions": [_execution_out(e) for e in executions]}


@router.get("/executions", response=list[ExecutionOut], summary="合同执行 / executions")
@paginate(Pages, page_size=50)
def execution_list(
    request: HttpRequest,
    uscc: str | None = None,
    contract_id: str | None = None,
    year: int | None = year_query(),  # not Year: @paginate resolves hints elsewhere
) -> object:
    """Filters: ``uscc``, ``contract_id``, ``year`` (of execution)."""
    user = require(request, permissions.VIEW_CONTRACT)
    qs = permissions.scope_executions(
        user, Execution.objects.select_related("contract__organisation")
    )
    if uscc:
        qs = qs.filter(contract__organisation__uscc=uscc)
    if contract_id:
        qs = qs.filter(contract__contract_id=contract_id)
    if year:
        qs = qs.filter(
            execution_date__gte=dt.date(year, 1, 1), execution_date__lte=dt.date(year, 12, 31)
        )
    return _LazyMap(qs.order_by("execution_date", "id"), _execution_out)
