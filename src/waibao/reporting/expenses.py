"""An enterprise declaring its own expenses (issue 19): office rent or purchase, trade fairs,
platform usage, leased lines, promotion, venue and travel costs, the ``expenses`` facts of
FACTS.md that the clauses read (``waibao.facts.from_db``), so the calculator shows the
entitlement once they are declared.

Amounts are typed as people type them (``waibao.typed_numbers``: ``1,234.50``, ``12.5万``)
and kept in integer fen; every refusal names its field in plain Chinese. A declaration and
a withdrawal each leave an audit record with the amounts, so a withdrawn expense is still
in the trail. Only a user who may report for the organisation writes (its own enterprise
user; ``require_reporter``): another enterprise's expense does not exist for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waibao import evidence_store, years
from waibao.audit.services import audit_record
from waibao.money import format_fen
from waibao.registry.models import Expense, Organisation
from waibao.reporting import expense_evidence
from waibao.reporting.reports import require_reporter
from waibao.typed_numbers import TypedNumberError, typed_count, typed_fen

FIELDS = ("year", "kind", "amount", "area_sqm", "note")
MOST_AREA = 10_000_000  # square metres: ten square kilometres of offices is a typo


class ExpenseRefused(Exception):
    """Nothing was written; ``errors`` maps each form field to its reasons (Chinese)."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))


def expenses_of(organisation: Organisation, year: int | None = None) -> list[Expense]:
    rows = Expense.objects.filter(organisation=organisation)
    if year is not None:
        rows = rows.filter(year=year)
    return list(rows.order_by("-year", "kind", "pk"))


def expense_declare(
    *,
    actor: Any,
    organisation: Organisation,
    values: Mapping[str, Any],
    evidence: Any = None,
    via: str = "form",
) -> Expense:
    """Declare one expense of ``organisation`` for a year, with its supporting document
    (``evidence``: an uploaded file, optional); ``ExpenseRefused`` names every bad field and
    nothing is written."""
    require_reporter(actor, organisation)
    typed = {name: str(values.get(name) or "").strip() for name in FIELDS}
    errors: dict[str, list[str]] = {}

    def refuse(field: str, reason: str) -> None:
        errors.setdefault(field, []).append(reason)

    today = timezone.localdate()
    year = int(typed["year"]) if typed["year"].isdigit() else 0
    if not years.is_fact_year(year, today):  # the years Waibao holds facts for, as reports
        refuse(
            "year",
            _("请填写费用发生的年度（%(first)s–%(last)s）")
            % {"first": years.FIRST_FACT_YEAR, "last": years.last_fact_year(today)},
        )
    if typed["kind"] not in Expense.Kind.values:
        refuse("kind", _("请选择费用类别"))
    amount = None
    if not typed["amount"]:
        refuse("amount", _("请填写金额（元），例如 1234.50 或 1,234.50"))
    else:
        try:
            amount = typed_fen(typed["amount"])
        except TypedNumberError as error:
            refuse("amount", str(error))
        else:
            if amount <= 0:
                refuse("amount", _("金额应大于零"))
    area = None
    if typed["area_sqm"]:
        try:
            area = typed_count(typed["area_sqm"].removesuffix("平方米"), most=MOST_AREA)
        except TypedNumberError as error:
            refuse("area_sqm", str(error))
        else:
            if area <= 0:
                refuse("area_sqm", _("面积应大于零"))
    if len(typed["note"]) > 200:
        refuse("note", _("说明不超过200字"))
    document: tuple[bytes, str] | None = None
    if evidence is not None:
        try:
            document = expense_evidence.evidence_read(evidence)
        except expense_evidence.EvidenceRefused as error:
            refuse("evidence", str(error))
    if errors:
        raise ExpenseRefused(errors)
    assert amount is not None
    stored = {}
    if document is not None:
        data, content_type = document
        stored = {
            "evidence_sha256": evidence_store.store(data),
            "evidence_name": str(getattr(evidence, "name", "") or "")[:200],
            "evidence_type": content_type,
        }
    with transaction.atomic():
        expense = Expense.objects.create(
            organisation=organisation,
            year=year,
            kind=typed["kind"],
            amount_fen=amount,
            area_sqm=area,
            note=typed["note"],
            **stored,
        )
        audit_record(
            actor=actor,
            action="expense.declare",
            obj=expense,
            to_state="declared",
            payload={
                "uscc": organisation.uscc,
                "year": year,
                "kind": expense.kind,
                "amount": format_fen(amount),
                "area_sqm": area,
                "evidence_sha256": stored.get("evidence_sha256", ""),
                "via": via,
            },
        )
    return expense


def expense_withdraw(
    *, actor: Any, organisation: Organisation, expense_id: int, via: str = "form"
) -> None:
    """Withdraw one declared expense of ``organisation`` (``Expense.DoesNotExist`` for an id
    that is not one of its own). The audit record keeps what was withdrawn."""
    require_reporter(actor, organisation)
    with transaction.atomic():
        expense = Expense.objects.select_for_update().get(pk=expense_id, organisation=organisation)
        audit_record(
            actor=actor,
            action="expense.withdraw",
            obj=expense,
            from_state="declared",
            to_state="withdrawn",
            payload={
                "uscc": organisation.uscc,
                "year": expense.year,
                "kind": expense.kind,
                "amount": format_fen(expense.amount_fen),
                "area_sqm": expense.area_sqm,
                "via": via,
            },
        )
        expense.delete()
