"""The enterprise's expense declarations as JSON (issue 19): what the 费用申报 page does.
The reporting endpoints' rules (``waibao.api.reports``): reads need ``view_contract`` (an
enterprise its own organisation, staff name one of their scope by ``uscc``), writes
``submit_report`` for the enterprise's own organisation. Amounts are text as a person types
them (``1,234.50``, ``12.5万``); a refusal is 400 with the reason for each field."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from waibao.api.reports import _readable, _writable
from waibao.money import format_fen
from waibao.registry.models import Expense
from waibao.reporting import expenses
from waibao.web.params import Year

router = Router(tags=["reporting"])


class ExpenseOut(Schema):
    id: int
    year: int
    kind: str
    amount: str
    area_sqm: int | None
    note: str


class ExpenseIn(Schema):
    year: str
    kind: str
    amount: str
    area_sqm: str = ""
    note: str = ""


class ExpenseRefusedOut(Schema):
    detail: str
    problems: dict[str, list[str]]


def _out(row: Expense) -> dict[str, Any]:
    return {
        "id": row.pk,
        "year": row.year,
        "kind": row.kind,
        "amount": format_fen(row.amount_fen),
        "area_sqm": row.area_sqm,
        "note": row.note,
    }


@router.get(
    "/report/expenses", response=list[ExpenseOut], summary="已申报的费用 / declared expenses"
)
def expense_list(
    request: HttpRequest, uscc: str | None = None, year: Year | None = None
) -> list[dict[str, Any]]:
    organisation = _readable(request, uscc)
    return [_out(row) for row in expenses.expenses_of(organisation, year)]


@router.post(
    "/report/expenses",
    response={201: ExpenseOut, 400: ExpenseRefusedOut},
    summary="申报费用 / declare an expense",
)
def expense_declare(request: HttpRequest, body: ExpenseIn, uscc: str | None = None) -> Any:
    organisation = _writable(request, uscc)
    try:
        row = expenses.expense_declare(
            actor=request.auth,  # type: ignore[attr-defined]
            organisation=organisation,
            values=body.dict(),
            via="api",
        )
    except expenses.ExpenseRefused as refused:
        return Status(400, {"detail": "申报未保存 / not saved", "problems": refused.errors})
    return Status(201, _out(row))


@router.post(
    "/report/expenses/{expense_id}/withdraw",
    response={204: None},
    summary="撤回费用申报 / withdraw a declared expense",
)
def expense_withdraw(request: HttpRequest, expense_id: int, uscc: str | None = None) -> Any:
    organisation = _writable(request, uscc)
    try:
        expenses.expense_withdraw(
            actor=request.auth,  # type: ignore[attr-defined]
            organisation=organisation,
            expense_id=expense_id,
            via="api",
        )
    except Expense.DoesNotExist as missing:
        raise HttpError(404, "expense not found") from missing
    return Status(204, None)
