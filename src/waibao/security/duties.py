"""Separation of duties (GB/T 22239-2019 8.1.4.2 c, 三权分立; 财政专项资金 internal control):
whoever configured a fund, its budget or a policy parameter the payment depends on may not
approve a payment from it.

How the funds app uses it:

1. The funds services already write audit records when they create or configure a fund, a
   clause setting or a budget line, or appropriate money to a year
   (``FUNDS_CONFIGURATION_ACTIONS``); so does ``waibao.policy.services.parameter_set``
   (``policy_parameter.set``): those count.
   Any other service that configures something a payment depends on calls
   ``configuration_change_record(user=..., subject_type="funds.fund", subject_id=fund.pk,
   summary=...)`` inside its transaction; for a parameter ``subject_type="rules.parameter"``,
   ``subject_id="<jurisdiction>/<parameter name>"``. It appends a
   ``security.configuration.changed`` audit record: the audit log is the registry of who
   configured what, as tamper-evident as the rest of the trail.
2. The approving services (``application_review_city`` when it approves,
   ``application_approve_final``, ``publication_approve_all``) and ``payment_batch_send``,
   before changing anything, call ``payment_approval_check(user=actor,
   subjects=fund_payment_subjects(fund))`` (both through ``waibao.funds.duties``, which knows
   what a payment from a fund depends on). It raises
   ``django.core.exceptions.PermissionDenied`` (and records a ``duties.refused`` event) when
   the approver configured any of them. ``may_approve_payment`` is the pure rule behind it,
   for views that only want to hide the button. The other pairs of hands on the money path
   (approver, batch maker, sender, payment confirmer) are ``waibao.funds.duties``.

Rules, in order: an anonymous or inactive user may not approve; a user who configured any of
the subjects may not approve; otherwise this module does not object (whether the user's role
may approve payments at all is the funds app's permission rule, not this one). A superuser
gets no exemption: separation of duties binds administrators too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from waibao.audit.models import AuditRecord
from waibao.security.events import ACTION_PREFIX, Outcome, security_event_record

Subject = tuple[str, str]
CONFIGURATION_ACTION = f"{ACTION_PREFIX}configuration.changed"
# The funds app's own audit actions that configure a fund (waibao.funds.services): they count
# as configuration without any further call.
FUNDS_CONFIGURATION_ACTIONS = (
    "fund.create",
    "fund.configure",
    "fund.continue",  # 续设: the fund's years extended (waibao.funds.stages.budgets)
    "fund_clause.configure",
    "budget_line.create",
    "ledger.appropriation",
    # waibao.policy.services.parameter_set: a bureau value of a policy parameter
    "policy_parameter.set",
)
CONFIGURATION_ACTIONS = (CONFIGURATION_ACTION, *FUNDS_CONFIGURATION_ACTIONS)


def may_approve_payment(user: Any, *, configured_by_user_ids: Iterable[int]) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.pk not in set(configured_by_user_ids)


def configuration_change_record(
    *, user: Any, subject_type: str, subject_id: object, summary: str = ""
) -> AuditRecord:
    """Register that ``user`` configured a subject: an audit record, so the registry is as
    tamper-evident as the rest of the trail."""
    return security_event_record(
        kind="configuration.changed",
        user=user,
        target=(subject_type, str(subject_id)),
        detail={"summary": summary},
    )


def configured_by_user_ids(*, subjects: Iterable[Subject]) -> set[int]:
    """Everyone who ever configured any of the subjects."""
    condition = Q(pk__in=[])
    for subject_type, subject_id in subjects:
        condition |= Q(object_type=subject_type, object_id=str(subject_id))
    return set(
        AuditRecord.objects.filter(
            condition, action__in=CONFIGURATION_ACTIONS, actor_id__isnull=False
        )
        .values_list("actor_id", flat=True)
        .distinct()
    )


def payment_approval_check(*, user: Any, subjects: Iterable[Subject]) -> None:
    subjects = list(subjects)
    configurers = configured_by_user_ids(subjects=subjects)
    if not may_approve_payment(user, configured_by_user_ids=configurers):
        security_event_record(
            kind="duties.refused",
            outcome=Outcome.DENIED,
            user=user if getattr(user, "is_authenticated", False) else None,
            target=("security.duties", ";".join(f"{t}:{i}" for t, i in subjects)[:64]),
            detail={"subjects": [[t, str(i)] for t, i in subjects]},
        )
        raise PermissionDenied(_("不相容职责分离：配置该资金或参数的人员不得审批其支付。"))
