"""The funds' writing services, as one import: each name is defined in its stage
(``waibao.funds.stages``) and only gathered here, for the CLI, the demo, the portal, the
tests and the documents that name ``funds.services``. New code may import the stage itself.
"""

from __future__ import annotations

from waibao.funds.stages.allocation import (
    allocation_commit,
    application_commit,
    application_release,
)
from waibao.funds.stages.applications import (
    application_confirm,
    application_create,
    application_submit,
    automatic_batch_create,
    evidence_attach,
    fund_for_entitlement,
)
from waibao.funds.stages.budgets import (
    budget_line_appropriate,
    budget_line_create,
    fund_clause_configure,
    fund_configure,
    fund_continue,
    funds_preload,
)
from waibao.funds.stages.common import (
    PAYABLE_KINDS,
    S,
)
from waibao.funds.stages.entitlements_in import (
    ENTITLEMENT_FIELDS,
    ImportResult,
    entitlement_import,
)
from waibao.funds.stages.payment import (
    PAYEE_CHANGEABLE,
    application_payee_review,
    application_payment_details_change,
    payment_add,
    payment_batch_create,
    payment_batch_send,
    payment_mark_failed,
    payment_mark_paid,
)
from waibao.funds.stages.publication import (
    OBJECTION_MAX_CHARS,
    application_approve_final,
    objection_record,
    objection_resolve,
    objection_submit,
    publication_approve_all,
    publication_create,
)
from waibao.funds.stages.review import (
    DECISIONS,
    amount_bounds,
    application_review_city,
    application_review_district,
)

__all__ = [
    "DECISIONS",
    "ENTITLEMENT_FIELDS",
    "OBJECTION_MAX_CHARS",
    "PAYABLE_KINDS",
    "PAYEE_CHANGEABLE",
    "ImportResult",
    "S",
    "allocation_commit",
    "amount_bounds",
    "application_approve_final",
    "application_commit",
    "application_confirm",
    "application_create",
    "application_payee_review",
    "application_payment_details_change",
    "application_release",
    "application_review_city",
    "application_review_district",
    "application_submit",
    "automatic_batch_create",
    "budget_line_appropriate",
    "budget_line_create",
    "entitlement_import",
    "evidence_attach",
    "fund_clause_configure",
    "fund_configure",
    "fund_continue",
    "fund_for_entitlement",
    "funds_preload",
    "objection_record",
    "objection_resolve",
    "objection_submit",
    "payment_add",
    "payment_batch_create",
    "payment_batch_send",
    "payment_mark_failed",
    "payment_mark_paid",
    "publication_approve_all",
    "publication_create",
]
