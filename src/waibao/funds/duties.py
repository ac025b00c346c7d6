"""Separation of duties on the money path (不相容职责分离; 财政专项资金 internal control):
four pairs of hands between a configured policy and money leaving the treasury.

1. **Configure ≠ approve.** Whoever configured the fund (its settings, clause settings, a
   year's budget lines or appropriations) or set a bureau value of a parameter of the policy
   text it pays (``fund_payment_subjects``) neither approves an
   application at city review, nor gives final approval, nor sends a payment batch.
2. **Approve ≠ make the batch.** Whoever gave final approval to an application does not put
   it in a payment batch.
3. **Make ≠ send.** Whoever made a batch does not send it to the treasury; nor does anyone
   who approved an application in it.
4. **Send ≠ confirm.** Whoever sent a batch does not mark its payments paid or failed: the
   treasury's answer is checked by a second person against the bank's return.

Who did what is read from the audit log (``application.approve_final``,
``payment_batch.create``, ``payment_batch.send``), the tamper-evident registry the
configuration rule already uses. A refusal raises ``DutiesConflict`` (a ``Forbidden``: the
API answers 403, pages show the message) with a Chinese message, and leaves a
``security.duties.refused`` audit record. The checks run before the caller's transaction
opens, so that record is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from waibao.audit.models import AuditRecord
from waibao.funds.errors import Forbidden
from waibao.funds.models import Fund, PaymentBatch
from waibao.security.duties import Subject
from waibao.security.events import Outcome, security_event_record


class DutiesConflict(Forbidden):
    """The actor already holds an incompatible duty on this money."""


def _actors(action: str, object_type: str, object_ids: Iterable[object]) -> set[int]:
    ids = [str(i) for i in object_ids]
    if not ids:
        return set()
    return set(
        AuditRecord.objects.filter(
            action=action, object_type=object_type, object_id__in=ids, actor_id__isnull=False
        ).values_list("actor_id", flat=True)
    )


def _refuse(actor: Any, rule: str, target: tuple[str, str], message: str) -> None:
    security_event_record(
        kind="duties.refused",
        outcome=Outcome.DENIED,
        user=actor if getattr(actor, "is_authenticated", False) else None,
        target=target,
        detail={"rule": rule},
    )
    raise DutiesConflict(_("不相容职责分离：%(message)s") % {"message": message})


def fund_payment_subjects(fund: Any) -> list[Subject]:
    """What a payment from ``fund`` depends on: the fund, its clause settings, its budget lines
    (the fund's years and their appropriations) and every bureau value of a parameter of the
    policy text the fund pays (``policy.ParameterOverride`` of ``fund.jurisdiction``: an
    amount computed under a configured rate depends on whoever configured it)."""
    from waibao.policy.models import ParameterOverride

    subjects: list[Subject] = [("funds.fund", str(fund.pk))]
    subjects += [("funds.fundclause", str(pk)) for pk in fund.clauses.values_list("pk", flat=True)]
    subjects += [("funds.budgetline", str(pk)) for pk in fund.lines.values_list("pk", flat=True)]
    overrides = ParameterOverride.objects.filter(jurisdiction=fund.jurisdiction)
    subjects += [
        ("policy.parameteroverride", str(pk)) for pk in overrides.values_list("pk", flat=True)
    ]
    return subjects


def require_not_configurer(actor: Any, fund: Fund) -> None:
    """Rule 1, for approvals and sending."""
    from waibao.security.duties import payment_approval_check

    try:
        payment_approval_check(user=actor, subjects=fund_payment_subjects(fund))
    except PermissionDenied as error:
        raise DutiesConflict(str(error)) from error


def approvers_of(application_ids: Iterable[int]) -> set[int]:
    return _actors("application.approve_final", "funds.application", application_ids)


def require_not_approver(actor: Any, application_ids: Iterable[int], *, step: str) -> None:
    """Rule 2 (``step="batch"``) and the approver half of rule 3 (``step="send"``)."""
    ids = sorted(set(application_ids))
    if actor is None or actor.pk not in approvers_of(ids):
        return
    mine = sorted(
        int(i)
        for i in AuditRecord.objects.filter(
            action="application.approve_final",
            object_type="funds.application",
            object_id__in=[str(i) for i in ids],
            actor_id=actor.pk,
        ).values_list("object_id", flat=True)
    )
    if step == "batch":
        message = _("您核准了申请 %(applications)s，不得再生成拨付批次。")
    else:
        message = _("您核准了申请 %(applications)s，不得再报送国库。")
    _refuse(
        actor,
        f"approver_{step}",
        ("funds.application", ",".join(map(str, mine))[:64]),
        message % {"applications": _("、").join(map(str, mine))},
    )


def require_not_batch_maker(actor: Any, batch: PaymentBatch) -> None:
    """Rule 3: the maker of a batch does not send it."""
    if actor is not None and actor.pk == batch.created_by_id:
        _refuse(
            actor,
            "maker_send",
            ("funds.paymentbatch", str(batch.pk)),
            _("拨付批次 %(batch)s 由您生成，须由另一人报送国库。") % {"batch": batch.pk},
        )


def senders_of(batch: PaymentBatch) -> set[int]:
    return _actors("payment_batch.send", "funds.paymentbatch", [batch.pk])


def require_not_sender(actor: Any, batch: PaymentBatch) -> None:
    """Rule 4: the sender of a batch does not confirm what the treasury did with it."""
    if actor is not None and actor.pk in senders_of(batch):
        _refuse(
            actor,
            "sender_confirm",
            ("funds.paymentbatch", str(batch.pk)),
            _("拨付批次 %(batch)s 由您报送国库，到账或失败须由另一人确认。") % {"batch": batch.pk},
        )
