"""What every stage of the funds shares: the audit call, the application row lock, the
state check, a refused model rule, and the clause settings and budget-line lock the
stages read.

Lock order, to keep concurrent transactions from deadlocking: a budget line first
(``lock_line``), then an application (``locked``), then the audit chain (``audit_record``
takes the chain lock last).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from waibao.audit.services import audit_record
from waibao.funds import payee, wording
from waibao.funds.errors import FundsError, InvalidTransition
from waibao.funds.models import Application, BudgetLine, Fund, FundClause, LedgerEntry
from waibao.money import format_fen

S = Application.Status
PAYABLE_KINDS = frozenset({"reward", "subsidy"})


def validate(instance: Any) -> None:
    """``full_clean`` with Django's field errors (in the active language) turned into a
    refused rule, each field named by its label."""
    try:
        instance.full_clean()
    except ValidationError as error:
        details = _("；").join(
            _("%(where)s：%(reason)s")
            % {"where": _field_label(instance, field), "reason": " ".join(msgs)}
            for field, msgs in error.message_dict.items()
        )
        raise FundsError(details) from error


def _field_label(instance: Any, name: str) -> str:
    try:
        return str(instance._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a form-wide error (NON_FIELD_ERRORS)
        return wording.field(name)


def fen_text(amount: int | None) -> str | None:
    return format_fen(amount)


def audit(
    actor: Any,
    action: str,
    obj: Any,
    *,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    **payload: Any,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        payload=payload,
    )


def ledger_row(
    line: BudgetLine, kind: str, amount_fen: int, actor: Any, note: str, **links: Any
) -> LedgerEntry:
    """One ledger row (it chains itself into the audit log: ``LedgerEntry.save``); ``links``:
    the application and the payment it concerns."""
    return LedgerEntry.objects.create(
        line=line, kind=kind, amount_fen=amount_fen, created_by=actor, note=note, **links
    )


def move(obj: Any, to_state: str, actor: Any, action: str, **audited: Any) -> None:
    """The one shape of a step: ``obj`` (an application, a payment, a batch, an objection)
    put in ``to_state`` and saved, with an audit record of the step from the state it had
    (``audited``: the reason and the payload)."""
    from_state = obj.status
    obj.status = to_state
    obj.save()
    audit(actor, action, obj, from_state=from_state, to_state=to_state, **audited)


def locked(application: Application) -> Application:
    """The application re-read under a row lock, so two steps cannot pass the same state."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("organisation__region", "fund", "line", "entitlement")
        .get(pk=application.pk)
    )


def expect(application: Application, *states: str) -> None:
    if application.status not in states:
        raise InvalidTransition(
            _("申请 %(application)s 的状态为“%(state)s”，此步骤需要：%(wanted)s")
            % {
                "application": application.pk,
                "state": wording.state(S, application.status),
                "wanted": wording.listed(wording.state(S, wanted) for wanted in states),
            }
        )


def fund_covers(fund: Fund, year: int) -> bool:
    if fund.first_year is not None and year < fund.first_year:
        return False
    return not (fund.last_year is not None and year > fund.last_year)


def clause_setting(fund: Fund, clause: str) -> FundClause | None:
    return FundClause.objects.filter(fund=fund, clause=clause).first()


def lock_line(line: BudgetLine) -> BudgetLine:
    """The budget-line row lock: every commitment on a line passes through it in turn."""
    return BudgetLine.objects.select_for_update(of=("self",)).select_related("fund").get(pk=line.pk)


def set_payment_details(
    application: Application, account_name: str, account_number: str, bank_name: str
) -> None:
    """Checked by ``payee.clean_payee`` (digits, lengths, no formula prefixes)."""
    name, number, bank = payee.clean_payee(account_name, account_number, bank_name)
    application.bank_account_name = name
    application.bank_account_number = number
    application.bank_name = bank
    application.payment_details_confirmed_at = timezone.now()
