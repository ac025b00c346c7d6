"""Reading funds: balances as sums of ledger rows, scoped lists, overdue lists, previews."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from waibao import permissions
from waibao.funds import allocation
from waibao.funds.models import (
    Application,
    BudgetLine,
    Evidence,
    Fund,
    FundClause,
    LedgerEntry,
    Payment,
    PaymentBatch,
    Publication,
)
from waibao.funds.stages.common import PAYABLE_KINDS
from waibao.money import format_fen
from waibao.permissions import table


@dataclass(frozen=True)
class Balance:
    appropriated_fen: int
    committed_fen: int
    released_fen: int
    paid_fen: int

    @property
    def available_fen(self) -> int:
        """What can still be committed."""
        return self.appropriated_fen - self.committed_fen + self.released_fen

    @property
    def outstanding_fen(self) -> int:
        """Committed and not yet paid."""
        return self.committed_fen - self.released_fen - self.paid_fen

    def as_strings(self) -> dict[str, str | None]:
        return {
            "appropriated": format_fen(self.appropriated_fen),
            "committed": format_fen(self.committed_fen),
            "released": format_fen(self.released_fen),
            "paid": format_fen(self.paid_fen),
            "available": format_fen(self.available_fen),
            "outstanding": format_fen(self.outstanding_fen),
        }


def budget_line_balance(*, line: BudgetLine) -> Balance:
    sums = dict.fromkeys(LedgerEntry.Kind.values, 0)
    rows = LedgerEntry.objects.filter(line=line).values("kind").annotate(total=Sum("amount_fen"))
    for row in rows:
        sums[row["kind"]] = int(row["total"])
    return Balance(
        appropriated_fen=sums[LedgerEntry.Kind.APPROPRIATION],
        committed_fen=sums[LedgerEntry.Kind.COMMITMENT],
        released_fen=sums[LedgerEntry.Kind.RELEASE],
        paid_fen=sums[LedgerEntry.Kind.PAYMENT],
    )


def application_committed_fen(*, application: Application) -> int:
    """Committed to this application, less releases: the most it may ever be paid."""
    sums = dict.fromkeys(LedgerEntry.Kind.values, 0)
    rows = (
        LedgerEntry.objects.filter(application=application)
        .values("kind")
        .annotate(total=Sum("amount_fen"))
    )
    for row in rows:
        sums[row["kind"]] = int(row["total"])
    return sums[LedgerEntry.Kind.COMMITMENT] - sums[LedgerEntry.Kind.RELEASE]


def application_paid_or_pending_fen(*, application: Application) -> int:
    """Paid, sent or waiting to be sent: everything but failed payments."""
    total = (
        Payment.objects.filter(application=application)
        .exclude(status=Payment.Status.FAILED)
        .aggregate(total=Sum("amount_fen"))["total"]
    )
    return int(total or 0)


def _visible(actor: Any) -> Q | None:
    """The applications an actor may see, or ``None`` for none at all (the permission
    table's ``see_application``)."""
    return permissions.application_filter(actor, table.SEE_APPLICATION)


def application_list(
    *, actor: Any, year: int | None = None, status: str | None = None
) -> models.QuerySet[Application]:
    scope = _visible(actor)
    if scope is None:
        return Application.objects.none()
    queryset = Application.objects.filter(scope).select_related(
        "organisation", "fund", "line", "entitlement"
    )
    if year is not None:
        queryset = queryset.filter(year=year)
    if status is not None:
        queryset = queryset.filter(status=status)
    return queryset.order_by("year", "id")


def application_get(*, actor: Any, application_id: int) -> Application | None:
    return application_list(actor=actor).filter(pk=application_id).first()


def application_review_queue(*, actor: Any) -> models.QuerySet[Application]:
    """What waits for this reviewer: district reviewers see submitted applications of their
    district, city admins district-approved ones of their city."""
    if permissions.allows(actor, table.APPLICATION, table.REVIEW_DISTRICT):
        status = Application.Status.SUBMITTED
    elif permissions.allows(actor, table.APPLICATION, table.REVIEW_CITY):
        status = Application.Status.DISTRICT_APPROVED
    else:
        return Application.objects.none()
    return application_list(actor=actor, status=status)


def application_overdue_list(
    *, actor: Any, today: dt.date | None = None
) -> models.QuerySet[Application]:
    """Applications whose current review stage is past its deadline, oldest deadline first."""
    today = today or timezone.localdate()
    overdue = Q(status=Application.Status.SUBMITTED, district_due__lt=today) | Q(
        status=Application.Status.DISTRICT_APPROVED, city_due__lt=today
    )
    return (
        application_list(actor=actor)
        .filter(overdue)
        .order_by(Coalesce("district_due", "city_due"), "id")
    )


@dataclass(frozen=True)
class AllocationRow:
    application_id: int
    organisation: str
    clause: str
    requested_fen: int
    allocated_fen: int

    @property
    def reduction_fen(self) -> int:
        return self.requested_fen - self.allocated_fen


@dataclass(frozen=True)
class AllocationPreview:
    line_id: int
    method: str
    rule: str
    available_fen: int
    requested_fen: int
    rows: tuple[AllocationRow, ...]

    @property
    def allocated_fen(self) -> int:
        return sum(row.allocated_fen for row in self.rows)

    @property
    def oversubscribed(self) -> bool:
        return self.requested_fen > self.available_fen

    @property
    def digest(self) -> str:
        """Names this exact plan; a commit given it refuses a plan that has changed since."""
        plan = [self.line_id, self.method, self.available_fen]
        plan += [[row.application_id, row.requested_fen, row.allocated_fen] for row in self.rows]
        return hashlib.sha256(json.dumps(plan).encode()).hexdigest()


def allocation_preview(*, line: BudgetLine) -> AllocationPreview:
    """How the line's available money would go to its approved applications."""
    applications = list(
        Application.objects.filter(line=line, status=Application.Status.APPROVED)
        .select_related("organisation")
        .order_by("submitted_at", "id")
    )
    priorities = dict(
        FundClause.objects.filter(fund_id=line.fund_id).values_list("clause", "priority")
    )
    claims = [
        allocation.Claim(
            key=app.pk,
            amount_fen=int(app.approved_fen or 0),
            applied_at=app.submitted_at or app.created_at,
            priority=priorities.get(app.clause, 100),
        )
        for app in applications
    ]
    available = budget_line_balance(line=line).available_fen
    method = line.fund.allocation_method
    shares = allocation.allocate(claims, max(available, 0), method)
    rule = allocation.REMAINDER_RULE if method == "pro_rata" else allocation.ORDER_RULE
    rows = tuple(
        AllocationRow(
            application_id=app.pk,
            organisation=app.organisation.name,
            clause=app.clause,
            requested_fen=int(app.approved_fen or 0),
            allocated_fen=shares[app.pk],
        )
        for app in applications
    )
    return AllocationPreview(
        line_id=line.pk,
        method=method,
        rule=rule,
        available_fen=available,
        requested_fen=sum(claim.amount_fen for claim in claims),
        rows=rows,
    )


def publication_current_list() -> models.QuerySet[Publication]:
    now = timezone.now()
    return Publication.objects.filter(published_at__lte=now, ends_at__gte=now).select_related(
        "fund"
    )


def publication_rows(*, publication: Publication) -> list[dict[str, Any]]:
    """What the public sees: organisation, clause, citation and amount; no bank details."""
    rows = []
    for app in publication.applications.select_related("organisation", "entitlement").order_by(
        "organisation__name", "id"
    ):
        rows.append(
            {
                "application_id": app.pk,
                "organisation": app.organisation.name,
                "uscc": app.organisation.uscc,
                "clause": app.clause,
                "citation": app.entitlement.citation,
                "amount": format_fen(app.approved_fen),
                "status": app.get_status_display(),
            }
        )
    return rows


def payment_batch_rows(*, batch: PaymentBatch, masked: bool = False) -> list[dict[str, Any]]:
    """One row per payment, as the treasury export carries it; ``masked`` for the screen
    (the account number shown as its last four digits: ``funds.payee.masked``)."""
    from waibao.funds.payee import masked as mask

    return [
        {
            "payment_id": payment.pk,
            "application_id": payment.application_id,
            "uscc": payment.application.organisation.uscc,
            "organisation": payment.application.organisation.name,
            "clause": payment.application.clause,
            "amount": format_fen(payment.amount_fen),
            "bank_account_name": payment.bank_account_name,
            "bank_account_number": mask(payment.bank_account_number)
            if masked
            else payment.bank_account_number,
            "bank_name": payment.bank_name,
            "status": payment.status,
        }
        for payment in batch.payments.select_related("application__organisation").order_by("id")
    ]


class EvidenceCorrupted(Exception):
    """A stored evidence file whose bytes no longer match the checksum taken at upload."""


def evidence_read(*, actor: Any, evidence_id: int) -> tuple[Evidence, bytes] | None:
    """An evidence file the actor may see (its application is in the actor's scope), read
    back and checked against its SHA-256; ``None`` when out of scope or missing."""
    from waibao.funds import evidence as storage

    # Evidence carries invoices and personal data: the applicant and its reviewers only,
    # not every reader of the statistics (leaders, analysts): the table's read_evidence.
    if not permissions.allows(actor, table.APPLICATION, table.READ_EVIDENCE):
        return None
    item = (
        Evidence.objects.filter(pk=evidence_id, application__in=application_list(actor=actor))
        .select_related("application")
        .first()
    )
    if item is None:
        return None
    path = storage.evidence_path(item.sha256)
    if not path.exists():
        raise EvidenceCorrupted(
            _("证明材料 %(evidence)s：存储的文件已丢失") % {"evidence": item.pk}
        )
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != item.sha256:
        raise EvidenceCorrupted(
            _("证明材料 %(evidence)s：存储的文件与上传时的校验值不一致") % {"evidence": item.pk}
        )
    return item, data


def payable_clauses(fund: Fund) -> list[Any]:
    """The clauses of the text a fund rests on that money could pay (rewards and subsidies),
    in the text's order: what the fund's clause settings may name."""
    from waibao.rules import registry

    return [
        found
        for found in registry()
        if found.jurisdiction == fund.jurisdiction and found.kind in PAYABLE_KINDS
    ]


def source_names(fund: Fund) -> dict[str, str]:
    """Each source code of the fund's budget lines (``city``) → its name (市本级…), the latest
    year's name where a source was renamed."""
    rows = fund.lines.order_by("year").values_list("source", "source_name")
    return dict(rows)


@dataclass(frozen=True)
class FundClauseRow:
    fund_code: str
    fund_name: str
    clause: str
    citation: str
    text: str
    automatic: bool
    may_change: bool


def fund_clause_rows(user: Any) -> list[FundClauseRow]:
    """Every reward and subsidy clause of each fund in the user's scope (the funds of its
    city; every fund for a system administrator), unless the fund does not pay it, with
    免申即享 (``FundClause.automatic``, off until set) and whether the user may change it:
    the funds' own rule, a city administrator of the fund's city (``waibao.funds.access``);
    a system administrator sees them read-only. Shown on the policy parameters page and by
    ``GET /api/parameters``, beside the parameters (``waibao.policy.selectors``)."""
    if not permissions.can(user, permissions.CONFIGURE_POLICY):
        return []
    in_scope = permissions.fund_filter(user, permissions.table.VIEW_FUND_SETTINGS)
    if in_scope is None:
        return []
    funds = Fund.objects.prefetch_related("clauses").filter(in_scope).order_by("code")
    rows = []
    for fund in funds:
        may_change = permissions.allows(
            user, permissions.table.FUND, permissions.table.RUN_FUND, fund
        )
        settings = {s.clause: s for s in fund.clauses.all()}
        for found in payable_clauses(fund):
            setting = settings.get(found.id)
            if setting is not None and not setting.payable:
                continue
            rows.append(
                FundClauseRow(
                    fund_code=fund.code,
                    fund_name=fund.name,
                    clause=found.id,
                    citation=found.citation,
                    text=found.text,
                    automatic=bool(setting and setting.automatic),
                    may_change=may_change,
                )
            )
    return rows
