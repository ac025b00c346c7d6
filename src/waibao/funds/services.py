"""Writing funds: every state change checks its actor, runs in one transaction and leaves an
audit record (who, when, from which state to which, why).

Lock order, to keep concurrent transactions from deadlocking: a budget line first, then an
application, then the audit chain (``audit_record`` takes the chain lock last).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from waibao import bounds
from waibao.audit.services import audit_record
from waibao.funds import access, budgets, duties, evidence, payee
from waibao.funds.errors import (
    BudgetExceeded,
    Forbidden,
    FundsError,
    InvalidAmount,
    InvalidEntitlements,
    InvalidTransition,
)
from waibao.funds.models import (
    Application,
    BudgetLine,
    Evidence,
    Fund,
    FundClause,
    FundEntitlement,
    LedgerEntry,
    Objection,
    Payment,
    PaymentBatch,
    Publication,
)
from waibao.funds.selectors import (
    allocation_preview,
    application_committed_fen,
    application_paid_or_pending_fen,
    budget_line_balance,
)
from waibao.money import MoneyError, format_fen, parse_fen, yuan
from waibao.registry.models import AwardReceived, Organisation

S = Application.Status
PAYABLE_KINDS = frozenset({"reward", "subsidy"})


def _validate(instance: Any) -> None:
    """``full_clean`` with Django's field errors turned into a refused rule, named."""
    try:
        instance.full_clean()
    except ValidationError as error:
        details = "; ".join(
            f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items()
        )
        raise FundsError(details) from error


def _fen(amount: int | None) -> str | None:
    return format_fen(amount)


def _audit(
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


def _locked(application: Application) -> Application:
    """The application re-read under a row lock, so two steps cannot pass the same state."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("organisation__region", "fund", "line", "entitlement")
        .get(pk=application.pk)
    )


def _expect(application: Application, *states: str) -> None:
    if application.status not in states:
        wanted = ", ".join(states)
        raise InvalidTransition(
            f"application {application.pk} is {application.status}; this step needs {wanted}"
        )


# ---------------------------------------------------------------- funds and budgets


def funds_preload(
    *, years: Iterable[int] = (), actor: Any = None, amounts: Mapping[str, int] | None = None
) -> list[Fund]:
    """Create the seed texts' funds (``budgets.FUNDS``) and, for each year given that a fund
    covers, its budget lines, with an appropriation for every amount the text states.
    ``amounts`` (fund code -> fen a year) is the bureau's yearly amount for a fund whose text
    names none (see each fund's clause in ``budgets.FUNDS``): appropriated on the fund's first
    line, and recorded as the bureau's, not the text's. Idempotent: what exists is left alone."""
    amounts = dict(amounts or {})
    unknown = sorted(set(amounts) - {spec.code for spec in budgets.FUNDS})
    if unknown:
        raise FundsError(f"no fund {', '.join(unknown)}")
    funds = []
    with transaction.atomic():
        for spec in budgets.FUNDS:
            fund, created = Fund.objects.get_or_create(
                code=spec.code,
                defaults={
                    "name": spec.name,
                    "jurisdiction": spec.jurisdiction,
                    "city_code": spec.city_code,
                    "clause": spec.clause,
                    "citation": spec.citation,
                    "note": spec.note,
                    "first_year": spec.first_year,
                    "last_year": spec.last_year,
                    "default_source": spec.lines[0].source,
                },
            )
            if created:
                _audit(actor, "fund.create", fund, to_state="active", citation=spec.citation)
                for clause_spec in spec.clauses:
                    FundClause.objects.create(
                        fund=fund,
                        clause=clause_spec.clause,
                        payable=clause_spec.payable,
                        not_payable_reason=clause_spec.reason if not clause_spec.payable else "",
                        source=clause_spec.source,
                    )
            funds.append(fund)
            for year in years:
                if not _fund_covers(fund, year):
                    continue
                for index, line_spec in enumerate(spec.lines):
                    bureau = amounts.get(spec.code) if index == 0 else None
                    _line_preload(fund, spec, line_spec, year, actor, bureau)
    return funds


def _fund_covers(fund: Fund, year: int) -> bool:
    if fund.first_year is not None and year < fund.first_year:
        return False
    return not (fund.last_year is not None and year > fund.last_year)


def _line_preload(
    fund: Fund,
    spec: budgets.FundSpec,
    line_spec: budgets.LineSpec,
    year: int,
    actor: Any,
    bureau_fen: int | None = None,
) -> None:
    planned = yuan(line_spec.yuan) if line_spec.yuan is not None else None
    line, created = BudgetLine.objects.get_or_create(
        fund=fund,
        year=year,
        source=line_spec.source,
        defaults={
            "source_name": line_spec.source_name,
            "planned_fen": planned,
            "planned_is_minimum": line_spec.minimum,
            "clause": spec.clause,
            "citation": spec.citation,
        },
    )
    if not created:
        return
    _audit(actor, "budget_line.create", line, planned=_fen(planned), citation=spec.citation)
    if planned is not None:
        _appropriate(line, planned, actor, f"{spec.citation}: {line_spec.source_name}")
    elif bureau_fen is not None:
        if bureau_fen <= 0:
            raise InvalidAmount("a fund's yearly amount must be positive")
        _appropriate(
            line,
            bureau_fen,
            actor,
            f"主管部门安排 {year}年度 (文件未规定金额; {spec.citation}): {line_spec.source_name}",
        )


def _appropriate(line: BudgetLine, amount_fen: int, actor: Any, note: str) -> LedgerEntry:
    entry = LedgerEntry.objects.create(
        line=line,
        kind=LedgerEntry.Kind.APPROPRIATION,
        amount_fen=amount_fen,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
    )
    _audit(actor, "ledger.appropriation", line, reason=note, amount=_fen(amount_fen))
    return entry


def budget_line_create(
    *, fund: Fund, year: int, source: str, source_name: str, actor: Any
) -> BudgetLine:
    """A line the texts do not name (a county's matching funds, say)."""
    access.require_city_admin_of(actor, fund)
    with transaction.atomic():
        line = BudgetLine(
            fund=fund,
            year=year,
            source=source,
            source_name=source_name,
            clause=fund.clause,
            citation=fund.citation,
        )
        _validate(line)
        line.save()
        _audit(actor, "budget_line.create", line, citation=fund.citation)
    return line


def budget_line_appropriate(
    *, line: BudgetLine, amount_fen: int, actor: Any, note: str = ""
) -> LedgerEntry:
    """Put money on a line (the yearly budget, or a top-up): one appropriation row."""
    access.require_city_admin_of(actor, line.fund)
    if amount_fen <= 0:
        raise InvalidAmount("an appropriation must be a positive amount")
    with transaction.atomic():
        BudgetLine.objects.select_for_update().get(pk=line.pk)
        return _appropriate(line, amount_fen, actor, note)


def fund_configure(
    *,
    fund: Fund,
    actor: Any,
    allocation_method: str | None = None,
    publicity_days: int | None = None,
    district_review_days: int | None = None,
    city_review_days: int | None = None,
) -> Fund:
    access.require_city_admin_of(actor, fund)
    changes = {
        "allocation_method": allocation_method,
        "publicity_days": publicity_days,
        "district_review_days": district_review_days,
        "city_review_days": city_review_days,
    }
    for name, value in changes.items():
        problem = None if not isinstance(value, int) else bounds.quantity_problem(name, value)
        if problem:
            raise FundsError(problem)
    with transaction.atomic():
        fund = Fund.objects.select_for_update().get(pk=fund.pk)
        before = {}
        for name, value in changes.items():
            if value is not None:
                before[name] = getattr(fund, name)
                setattr(fund, name, value)
        _validate(fund)
        fund.save()
        _audit(
            actor,
            "fund.configure",
            fund,
            before={k: str(v) for k, v in before.items()},
            after={k: str(v) for k, v in changes.items() if v is not None},
        )
    return fund


def fund_clause_configure(
    *,
    fund: Fund,
    clause: str,
    actor: Any,
    automatic: bool | None = None,
    priority: int | None = None,
    source: str | None = None,
    reviewer_cap_fen: int | None = None,
) -> FundClause:
    """Per-clause settings: 免申即享, allocation priority, paying source, reviewer cap."""
    access.require_city_admin_of(actor, fund)
    if not clause.startswith(f"{fund.jurisdiction}."):
        raise FundsError(f"{clause} is not a clause of {fund.jurisdiction}")
    with transaction.atomic():
        setting, _ = FundClause.objects.select_for_update().get_or_create(fund=fund, clause=clause)
        if automatic is not None:
            setting.automatic = automatic
        if priority is not None:
            problem = bounds.quantity_problem("priority", priority)
            if problem:
                raise FundsError(problem)
            setting.priority = priority
        if source is not None:
            setting.source = source
        if reviewer_cap_fen is not None:
            if reviewer_cap_fen <= 0:
                raise InvalidAmount("a reviewer cap must be positive")
            setting.reviewer_cap_fen = reviewer_cap_fen
        _validate(setting)
        setting.save()
        _audit(
            actor,
            "fund_clause.configure",
            setting,
            clause=clause,
            automatic=setting.automatic,
            priority=setting.priority,
            source=setting.source,
            reviewer_cap=_fen(setting.reviewer_cap_fen),
        )
    return setting


def _clause_setting(fund: Fund, clause: str) -> FundClause | None:
    return FundClause.objects.filter(fund=fund, clause=clause).first()


# ---------------------------------------------------------------- entitlements in


@dataclass(frozen=True)
class ImportResult:
    added: int
    unchanged: int
    replaced: int


ENTITLEMENT_FIELDS = ("uscc", "year", "clause", "kind", "amount_cny", "discretionary", "citation")


def _parse_entitlement(row: Mapping[str, Any], where: str, errors: list[str]) -> dict[str, Any]:
    parsed: dict[str, Any] = {}
    missing = [name for name in ENTITLEMENT_FIELDS if name not in row]
    if missing:
        errors.extend(f"{where}, field {name}: missing" for name in missing)
        return parsed
    for name in ("amount_cny", "min_cny"):
        value = row.get(name)
        if value is None:
            parsed[name] = None
            continue
        try:
            parsed[name] = parse_fen(value)
        except MoneyError as error:
            errors.append(f"{where}, field {name}: {error}")
    if not isinstance(row["year"], int) or isinstance(row["year"], bool):
        errors.append(f"{where}, field year: {row['year']!r} is not a year")
    if not isinstance(row["discretionary"], bool):
        errors.append(f"{where}, field discretionary: must be true or false")
    if not str(row["citation"]).strip():
        errors.append(f"{where}, field citation: every entitlement must cite its clause")
    if row.get("applies") is False:
        errors.append(f"{where}: a row with applies: false is not an entitlement")
    return parsed


def entitlement_import(*, rows: Iterable[Mapping[str, Any]], actor: Any = None) -> ImportResult:
    """Store entitlement rows (FACTS.md shape) as ``FundEntitlement`` snapshots, all or
    nothing. A row already stored with the same values is unchanged; with other values it
    replaces the old one unless an application already rests on it (then it is an error)."""
    rows = list(rows)
    errors: list[str] = []
    parsed_rows = []
    usccs = {str(row.get("uscc", "")) for row in rows}
    organisations = {o.uscc: o for o in Organisation.objects.filter(uscc__in=usccs)}
    for index, row in enumerate(rows, start=1):
        where = f"entitlement row {index}"
        parsed = _parse_entitlement(row, where, errors)
        if str(row.get("uscc", "")) not in organisations:
            errors.append(f"{where}, field uscc: no organisation {row.get('uscc')!r} registered")
        parsed_rows.append((row, parsed))
    if errors:
        raise InvalidEntitlements(errors)
    added = unchanged = replaced = 0
    with transaction.atomic():
        for index, (row, parsed) in enumerate(parsed_rows, start=1):
            values = {
                "organisation": organisations[str(row["uscc"])],
                "kind": str(row["kind"]),
                "amount_fen": parsed["amount_cny"],
                "min_fen": parsed["min_cny"],
                "discretionary": bool(row["discretionary"]),
                "citation": str(row["citation"]),
                "explanation": str(row.get("explanation") or ""),
            }
            key = {"uscc": str(row["uscc"]), "year": row["year"], "clause": str(row["clause"])}
            existing = FundEntitlement.objects.select_for_update().filter(**key).first()
            if existing is None:
                entitlement = FundEntitlement.objects.create(**key, **values)
                _audit(
                    actor,
                    "entitlement.import",
                    entitlement,
                    to_state="imported",
                    **_entitlement_payload(entitlement),
                )
                added += 1
                continue
            if all(getattr(existing, name) == value for name, value in values.items()):
                unchanged += 1
                continue
            if Application.objects.filter(entitlement=existing).exists():
                errors.append(
                    f"entitlement row {index}: {key['uscc']} {key['year']} {key['clause']} "
                    "changed, but an application already rests on the stored one"
                )
                continue
            before = _entitlement_payload(existing)
            for name, value in values.items():
                setattr(existing, name, value)
            existing.save()
            _audit(
                actor,
                "entitlement.replace",
                existing,
                before=before,
                after=_entitlement_payload(existing),
            )
            replaced += 1
        if errors:
            raise InvalidEntitlements(errors)
    return ImportResult(added=added, unchanged=unchanged, replaced=replaced)


def _entitlement_payload(entitlement: FundEntitlement) -> dict[str, Any]:
    return {
        "uscc": entitlement.uscc,
        "year": entitlement.year,
        "clause": entitlement.clause,
        "kind": entitlement.kind,
        "amount_cny": _fen(entitlement.amount_fen),
        "min_cny": _fen(entitlement.min_fen),
        "discretionary": entitlement.discretionary,
        "citation": entitlement.citation,
    }


# ---------------------------------------------------------------- applications


def fund_for_entitlement(entitlement: FundEntitlement) -> Fund:
    """The fund that pays a clause: the fund of the clause's jurisdiction covering the year."""
    jurisdiction = entitlement.clause.split(".", 1)[0]
    candidates = [
        fund
        for fund in Fund.objects.filter(jurisdiction=jurisdiction)
        if _fund_covers(fund, entitlement.year)
    ]
    if not candidates:
        raise FundsError(f"no {jurisdiction} fund covers {entitlement.year}")
    return candidates[0]


def _payable_line(fund: Fund, entitlement: FundEntitlement) -> BudgetLine:
    if entitlement.kind not in PAYABLE_KINDS:
        raise FundsError(
            f"{entitlement.clause} is a {entitlement.kind}: tax treatment, not paid from a fund"
        )
    setting = _clause_setting(fund, entitlement.clause)
    if setting is not None and not setting.payable:
        raise FundsError(
            f"{entitlement.clause} is not paid from {fund.name}: {setting.not_payable_reason}"
        )
    source = (setting.source if setting and setting.source else "") or fund.default_source
    line = BudgetLine.objects.filter(fund=fund, year=entitlement.year, source=source).first()
    if line is None:
        raise FundsError(f"{fund.name} has no {entitlement.year} budget line {source!r}")
    return line


def _check_claim(
    entitlement: FundEntitlement, setting: FundClause | None, claimed_fen: int | None
) -> None:
    if claimed_fen is None:
        if entitlement.amount_fen is not None:
            raise InvalidAmount("the amount claimed is required")
        return
    if claimed_fen <= 0:
        raise InvalidAmount("the amount claimed must be positive")
    if entitlement.amount_fen is not None and claimed_fen > entitlement.amount_fen:
        raise InvalidAmount(
            f"claimed {format_fen(claimed_fen)} is more than the entitlement "
            f"{format_fen(entitlement.amount_fen)} ({entitlement.citation})"
        )
    cap = setting.reviewer_cap_fen if setting else None
    if entitlement.amount_fen is None and cap is not None and claimed_fen > cap:
        raise InvalidAmount(
            f"claimed {format_fen(claimed_fen)} is more than the bureau's cap {format_fen(cap)}"
        )


def application_create(
    *, entitlement: FundEntitlement, actor: Any, claimed_fen: int | None = None
) -> Application:
    """An enterprise starts a claim on one of its entitlements (a draft)."""
    access.require_enterprise_of(actor, entitlement.organisation)
    fund = fund_for_entitlement(entitlement)
    if not fund.covers_region(entitlement.organisation.region_id):
        raise Forbidden(f"{entitlement.organisation.name} is not in the area of {fund.name}")
    line = _payable_line(fund, entitlement)
    setting = _clause_setting(fund, entitlement.clause)
    if claimed_fen is None and entitlement.amount_fen is not None:
        claimed_fen = entitlement.amount_fen
    _check_claim(entitlement, setting, claimed_fen)
    with transaction.atomic():
        if Application.objects.filter(entitlement=entitlement).exists():
            raise InvalidTransition("this entitlement already has an application")
        application = Application.objects.create(
            fund=fund,
            line=line,
            entitlement=entitlement,
            organisation=entitlement.organisation,
            year=entitlement.year,
            clause=entitlement.clause,
            status=S.DRAFT,
            claimed_fen=claimed_fen,
            created_by=actor,
        )
        _audit(
            actor,
            "application.create",
            application,
            to_state=S.DRAFT,
            clause=entitlement.clause,
            claimed=_fen(claimed_fen),
        )
    return application


def evidence_attach(
    *, application: Application, actor: Any, name: str, content: bytes | BinaryIO
) -> Evidence:
    """Attach a PDF, JPEG or PNG (checked by content) to a draft or returned application."""
    access.require_enterprise_of(actor, application.organisation)
    data, content_type = evidence.read_checked(content, name)
    with transaction.atomic():
        application = _locked(application)
        _expect(application, S.DRAFT, S.RETURNED)
        sha256 = evidence.store(data)
        item = Evidence.objects.create(
            application=application,
            sha256=sha256,
            size=len(data),
            content_type=content_type,
            original_name=name[:255],
            uploaded_by=actor,
        )
        _audit(
            actor,
            "evidence.attach",
            application,
            from_state=application.status,
            to_state=application.status,
            sha256=sha256,
            size=len(data),
            content_type=content_type,
            name=name[:255],
        )
    return item


def _set_payment_details(
    application: Application, account_name: str, account_number: str, bank_name: str
) -> None:
    """Checked by ``payee.clean_payee`` (digits, lengths, no formula prefixes)."""
    name, number, bank = payee.clean_payee(account_name, account_number, bank_name)
    application.bank_account_name = name
    application.bank_account_number = number
    application.bank_name = bank
    application.payment_details_confirmed_at = timezone.now()


_masked = payee.masked
PAYEE_CHANGEABLE = (S.APPROVED, S.UNFUNDED, S.COMMITTED, S.PAYEE_REVIEW)


def application_payment_details_change(
    *,
    application: Application,
    actor: Any,
    account_name: str,
    account_number: str,
    bank_name: str,
    reason: str,
) -> Application:
    """The enterprise changes where to pay an approved, unfunded or committed application
    (after a failed payment, say); refused while a payment is pending or sent.

    The new details were never reviewed, so the application goes back to review
    (``payee_review``) until a city reviewer checks them (``application_payee_review``): no
    batch takes it meanwhile (batches pay ``committed`` applications only). Its commitment
    is held, not released: the claim, the approval and the amount are unchanged, and a
    release would cost the enterprise its place in an oversubscribed year for correcting a
    bank account. Audited with both accounts masked."""
    access.require_enterprise_of(actor, application.organisation)
    if not reason.strip():
        raise FundsError("a change of payment details needs its reason")
    with transaction.atomic():
        application = _locked(application)
        _expect(application, *PAYEE_CHANGEABLE)
        if application.payments.filter(
            status__in=[Payment.Status.PENDING, Payment.Status.SENT]
        ).exists():
            raise InvalidTransition("a payment to the old account is pending or sent")
        before = _masked(application.bank_account_number)
        from_state = application.status
        _set_payment_details(application, account_name, account_number, bank_name)
        application.status = S.PAYEE_REVIEW
        application.save()
        _audit(
            actor,
            "application.payment_details_change",
            application,
            from_state=from_state,
            to_state=S.PAYEE_REVIEW,
            reason=reason,
            before=before,
            after=_masked(application.bank_account_number),
        )
    return application


def _state_after_payee_review(application: Application) -> str:
    """Where the application was before its payee changed, read from its money: committed if
    money is bound to it, unfunded if the allocation gave it none, else approved."""
    if application_committed_fen(application=application) > 0:
        return S.COMMITTED
    if application.allocated_fen == 0:
        return S.UNFUNDED
    return S.APPROVED


def application_payee_review(
    *, application: Application, actor: Any, decision: str, reason: str = ""
) -> Application:
    """A city reviewer checks changed payment details (against the account licence, say):
    ``approve`` returns the application to where it was, payable again; ``reject`` releases
    its commitment (a release row) and rejects it, with the reason. Never by the enterprise
    or whoever submitted it (``access.require_city_reviewer_of``)."""
    access.require_city_reviewer_of(actor, application)
    if decision not in ("approve", "reject"):
        raise FundsError("decision must be approve or reject")
    if decision == "reject" and not reason.strip():
        raise FundsError("a reject needs its reason")
    with transaction.atomic():
        line = _lock_line(application.line)
        application = _locked(application)
        _expect(application, S.PAYEE_REVIEW)
        if decision == "reject":
            _release_and_reject(application, line=line, actor=actor, reason=reason)
        else:
            application.status = _state_after_payee_review(application)
        application.save()
        _audit(
            actor,
            f"application.payee_{decision}",
            application,
            from_state=S.PAYEE_REVIEW,
            to_state=application.status,
            reason=reason,
            account=_masked(application.bank_account_number),
        )
    return application


def _start_district_review(application: Application, actor: Any) -> None:
    now = timezone.now()
    application.submitted_at = application.submitted_at or now
    application.submitted_by = actor
    application.district_due = timezone.localdate(now) + dt.timedelta(
        days=application.fund.district_review_days
    )


def application_submit(
    *,
    application: Application,
    actor: Any,
    account_name: str,
    account_number: str,
    bank_name: str,
    claimed_fen: int | None = None,
) -> Application:
    """Submit (or resubmit after a return): evidence attached, payment details given."""
    access.require_enterprise_of(actor, application.organisation)
    with transaction.atomic():
        application = _locked(application)
        _expect(application, S.DRAFT, S.RETURNED)
        if claimed_fen is not None:
            setting = _clause_setting(application.fund, application.clause)
            _check_claim(application.entitlement, setting, claimed_fen)
            application.claimed_fen = claimed_fen
        if not application.evidence.exists():
            raise FundsError("attach at least one evidence file before submitting")
        _set_payment_details(application, account_name, account_number, bank_name)
        before = application.status
        application.status = S.SUBMITTED
        _start_district_review(application, actor)
        application.save()
        _audit(
            actor,
            "application.submit",
            application,
            from_state=before,
            to_state=S.SUBMITTED,
            claimed=_fen(application.claimed_fen),
            district_due=application.district_due.isoformat(),
            account=_masked(application.bank_account_number),
        )
    return application


def automatic_batch_create(*, fund: Fund, year: int, actor: Any) -> list[Application]:
    """免申即享: applications straight from the year's entitlements for the clauses the bureau
    marked automatic; the enterprises only confirm their payment details."""
    access.require_city_admin_of(actor, fund)
    settings = {
        s.clause: s for s in FundClause.objects.filter(fund=fund, automatic=True, payable=True)
    }
    created = []
    with transaction.atomic():
        entitlements = (
            FundEntitlement.objects.filter(
                year=year,
                clause__in=settings,
                application__isnull=True,
                organisation__region__code__startswith=fund.area_prefix,
            )
            .select_related("organisation")
            .order_by("id")
        )
        for entitlement in entitlements:
            if entitlement.kind not in PAYABLE_KINDS:
                continue
            line = _payable_line(fund, entitlement)
            application = Application.objects.create(
                fund=fund,
                line=line,
                entitlement=entitlement,
                organisation=entitlement.organisation,
                year=year,
                clause=entitlement.clause,
                status=S.AWAITING_CONFIRMATION,
                automatic=True,
                claimed_fen=entitlement.amount_fen,
                created_by=actor,
            )
            _audit(
                actor,
                "application.create_automatic",
                application,
                to_state=S.AWAITING_CONFIRMATION,
                reason="免申即享",
                clause=entitlement.clause,
                claimed=_fen(entitlement.amount_fen),
            )
            created.append(application)
    return created


def application_confirm(
    *,
    application: Application,
    actor: Any,
    account_name: str,
    account_number: str,
    bank_name: str,
) -> Application:
    """免申即享: the enterprise confirms where to pay; the application goes to review."""
    access.require_enterprise_of(actor, application.organisation)
    with transaction.atomic():
        application = _locked(application)
        _expect(application, S.AWAITING_CONFIRMATION)
        _set_payment_details(application, account_name, account_number, bank_name)
        application.status = S.SUBMITTED
        _start_district_review(application, actor)
        application.save()
        _audit(
            actor,
            "application.confirm",
            application,
            from_state=S.AWAITING_CONFIRMATION,
            to_state=S.SUBMITTED,
            reason="免申即享: 确认收款信息",
            claimed=_fen(application.claimed_fen),
            account=_masked(application.bank_account_number),
        )
    return application


# ---------------------------------------------------------------- review


def amount_bounds(application: Application) -> tuple[int, int | None, bool]:
    """(lowest, highest or None, fixed): the amounts a reviewer may approve.

    A ceiling (``amount_cny`` of a discretionary row) and the claim bound it from above, the
    text's floor (``min_cny``) from below. A non-discretionary amount is fixed: the reviewer
    approves it or refuses the application. A null amount needs the reviewer's figure, capped
    by the bureau's ``reviewer_cap_fen`` where it set one.
    """
    entitlement = application.entitlement
    setting = _clause_setting(application.fund, application.clause)
    uppers = [v for v in (entitlement.amount_fen, application.claimed_fen) if v is not None]
    if entitlement.amount_fen is None and setting and setting.reviewer_cap_fen is not None:
        uppers.append(setting.reviewer_cap_fen)
    highest = min(uppers) if uppers else None
    lowest = max(entitlement.min_fen or 1, 1)
    fixed = not entitlement.discretionary and entitlement.amount_fen is not None
    return lowest, highest, fixed


def _check_reviewed_amount(application: Application, amount_fen: int | None) -> int:
    lowest, highest, fixed = amount_bounds(application)
    if fixed:
        assert highest is not None
        if amount_fen is not None and amount_fen != highest:
            raise InvalidAmount(
                f"{application.clause} is not discretionary: the amount is "
                f"{format_fen(highest)}; approve it or reject the application"
            )
        return highest
    if amount_fen is None:
        raise InvalidAmount(f"{application.clause} needs the reviewer's amount")
    if highest is not None and amount_fen > highest:
        raise InvalidAmount(
            f"{format_fen(amount_fen)} is more than the ceiling {format_fen(highest)}"
        )
    if amount_fen < lowest:
        raise InvalidAmount(
            f"{format_fen(amount_fen)} is less than the floor {format_fen(lowest)} the text sets"
        )
    return amount_fen


DECISIONS = ("approve", "return", "reject")


def _decide(
    application: Application,
    actor: Any,
    decision: str,
    reason: str,
    approved_state: str,
    stage: str,
    amount: int | None,
) -> None:
    if decision not in DECISIONS:
        raise FundsError(f"decision must be one of {', '.join(DECISIONS)}")
    if decision in ("return", "reject") and not reason.strip():
        raise FundsError(f"a {decision} needs its reason")
    before = application.status
    if decision == "approve":
        application.status = approved_state
    elif decision == "return":
        application.status = S.RETURNED
        application.last_reason = reason
    else:
        application.status = S.REJECTED
        application.last_reason = reason
    application.save()
    _audit(
        actor,
        f"application.{stage}_{decision}",
        application,
        from_state=before,
        to_state=application.status,
        reason=reason,
        amount=_fen(amount),
    )


def application_review_district(
    *,
    application: Application,
    actor: Any,
    decision: str,
    reason: str = "",
    recommended_fen: int | None = None,
) -> Application:
    """区县初审: approve (optionally recommending an amount), return for revision, or reject."""
    with transaction.atomic():
        application = _locked(application)
        access.require_district_reviewer_of(actor, application)
        _expect(application, S.SUBMITTED)
        if decision == "approve":
            if recommended_fen is not None:
                application.recommended_fen = _check_reviewed_amount(application, recommended_fen)
            application.district_reviewed_by = actor
            application.city_due = timezone.localdate() + dt.timedelta(
                days=application.fund.city_review_days
            )
        _decide(
            application,
            actor,
            decision,
            reason,
            S.DISTRICT_APPROVED,
            "district",
            application.recommended_fen,
        )
    return application


def application_review_city(
    *,
    application: Application,
    actor: Any,
    decision: str,
    reason: str = "",
    approved_fen: int | None = None,
) -> Application:
    """市级复核: approve with the amount (default: the district's recommendation, else the
    claim), return for revision, or reject. Approving is refused to whoever configured the
    fund or a parameter of its policy (``duties``, rule 1)."""
    if decision == "approve":
        duties.require_not_configurer(actor, application.fund)
    with transaction.atomic():
        application = _locked(application)
        access.require_city_reviewer_of(actor, application)
        _expect(application, S.DISTRICT_APPROVED)
        if decision == "approve":
            if approved_fen is None:
                approved_fen = application.recommended_fen
            if approved_fen is None and amount_bounds(application)[2] is False:
                approved_fen = application.claimed_fen
            application.approved_fen = _check_reviewed_amount(application, approved_fen)
            application.city_reviewed_by = actor
        _decide(
            application, actor, decision, reason, S.CITY_APPROVED, "city", application.approved_fen
        )
    return application


# ---------------------------------------------------------------- 公示


def publication_create(
    *,
    fund: Fund,
    year: int,
    actor: Any,
    title: str = "",
    applications: Iterable[Application] | None = None,
    days: int | None = None,
    starts_at: dt.datetime | None = None,
) -> Publication:
    """Publish city-approved applications for ``days`` (the fund's period, 7 by default)."""
    access.require_city_admin_of(actor, fund)
    starts_at = starts_at or timezone.now()
    days = fund.publicity_days if days is None else days
    if days < 1:
        raise FundsError("a 公示 period lasts at least one day")
    with transaction.atomic():
        if applications is None:
            chosen = list(
                Application.objects.select_for_update()
                .filter(fund=fund, year=year, status=S.CITY_APPROVED)
                .order_by("id")
            )
        else:
            chosen = [_locked(a) for a in applications]
        if not chosen:
            raise FundsError("nothing to publish: no city-approved applications")
        publication = Publication.objects.create(
            fund=fund,
            year=year,
            title=title or f"{fund.name} {year}年度拟支持项目公示",
            published_at=starts_at,
            ends_at=starts_at + dt.timedelta(days=days),
            published_by=actor,
        )
        _audit(
            actor,
            "publication.create",
            publication,
            to_state="published",
            ends_at=publication.ends_at.isoformat(),
            days=days,
            count=len(chosen),
        )
        for application in chosen:
            if application.fund_id != fund.pk or application.year != year:
                raise FundsError(f"application {application.pk} is not of {fund.name} {year}")
            _expect(application, S.CITY_APPROVED)
            application.status = S.IN_PUBLICITY
            application.publication = publication
            application.save()
            _audit(
                actor,
                "application.publish",
                application,
                from_state=S.CITY_APPROVED,
                to_state=S.IN_PUBLICITY,
                publication=publication.pk,
                amount=_fen(application.approved_fen),
            )
    return publication


def objection_record(
    *, application: Application, actor: Any, raised_by: str, text: str
) -> Objection:
    """Record an objection received during the 公示 period (by letter, telephone, visit)."""
    access.require_city_admin_of(actor, application.fund)
    if not text.strip() or not raised_by.strip():
        raise FundsError("an objection needs who raised it and what it says")
    with transaction.atomic():
        application = _locked(application)
        _expect(application, S.IN_PUBLICITY)
        publication = application.publication
        assert publication is not None
        if timezone.now() > publication.ends_at:
            raise FundsError("the 公示 period has ended")
        objection = Objection.objects.create(
            publication=publication,
            application=application,
            raised_by=raised_by,
            text=text,
            recorded_by=actor,
        )
        _audit(
            actor,
            "objection.record",
            objection,
            to_state=Objection.Status.OPEN,
            reason=text,
            application=application.pk,
            raised_by=raised_by,
        )
    return objection


OBJECTION_MAX_CHARS = 2000


def objection_submit(
    *, application: Application, raised_by: str, contact: str, text: str
) -> Objection:
    """Anyone may object to a published application during its 公示 period, giving a name
    and a way to be reached; the city admin then resolves it like a recorded one."""
    raised_by, contact, text = raised_by.strip(), contact.strip(), text.strip()
    if not raised_by or not contact or not text:
        raise FundsError("an objection needs a name, a way to reach you and what it says")
    if len(text) > OBJECTION_MAX_CHARS or len(raised_by) > 200 or len(contact) > 200:
        raise FundsError(f"an objection is at most {OBJECTION_MAX_CHARS} characters")
    with transaction.atomic():
        application = _locked(application)
        _expect(application, S.IN_PUBLICITY)
        publication = application.publication
        assert publication is not None
        now = timezone.now()
        if not publication.published_at <= now <= publication.ends_at:
            raise FundsError("objections are taken during the 公示 period only")
        objection = Objection.objects.create(
            publication=publication,
            application=application,
            raised_by=raised_by,
            contact=contact,
            text=text,
        )
        _audit(
            None,
            "objection.submit",
            objection,
            to_state=Objection.Status.OPEN,
            reason=text,
            application=application.pk,
            raised_by=raised_by,
        )
    return objection


def objection_resolve(
    *, objection: Objection, actor: Any, upheld: bool, resolution: str
) -> Objection:
    """Resolve an objection; one upheld rejects the application with the resolution."""
    access.require_city_reviewer_of(actor, objection.application)
    if not resolution.strip():
        raise FundsError("a resolution needs its reasons")
    with transaction.atomic():
        application = _locked(objection.application)
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        if objection.status != Objection.Status.OPEN:
            raise InvalidTransition("this objection is already resolved")
        objection.status = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
        objection.resolution = resolution
        objection.resolved_at = timezone.now()
        objection.resolved_by = actor
        objection.save()
        _audit(
            actor,
            "objection.resolve",
            objection,
            from_state=Objection.Status.OPEN,
            to_state=objection.status,
            reason=resolution,
            application=application.pk,
        )
        if upheld and application.status == S.IN_PUBLICITY:
            application.status = S.REJECTED
            application.last_reason = resolution
            application.save()
            _audit(
                actor,
                "application.reject_after_objection",
                application,
                from_state=S.IN_PUBLICITY,
                to_state=S.REJECTED,
                reason=resolution,
            )
    return objection


def application_approve_final(
    *, application: Application, actor: Any, now: dt.datetime | None = None
) -> Application:
    """Final approval: only after the 公示 period has ended with no objection left open, and
    never by whoever configured the fund or a parameter of its policy (``duties``, rule 1)."""
    access.require_city_reviewer_of(actor, application)
    duties.require_not_configurer(actor, application.fund)
    now = now or timezone.now()
    with transaction.atomic():
        application = _locked(application)
        _expect(application, S.IN_PUBLICITY)
        publication = application.publication
        assert publication is not None
        if now < publication.ends_at:
            ends = timezone.localtime(publication.ends_at)
            raise InvalidTransition(f"the 公示 period runs until {ends:%Y-%m-%d %H:%M}")
        if application.objections.filter(status=Objection.Status.OPEN).exists():
            raise InvalidTransition("an objection to this application is still open")
        application.status = S.APPROVED
        application.save()
        _audit(
            actor,
            "application.approve_final",
            application,
            from_state=S.IN_PUBLICITY,
            to_state=S.APPROVED,
            amount=_fen(application.approved_fen),
            publication=publication.pk,
        )
    return application


def publication_approve_all(
    *, publication: Publication, actor: Any, now: dt.datetime | None = None
) -> list[Application]:
    """Final approval of every application still in this 公示."""
    return [
        application_approve_final(application=app, actor=actor, now=now)
        for app in publication.applications.filter(status=S.IN_PUBLICITY).order_by("id")
    ]


# ---------------------------------------------------------------- commitments


def _lock_line(line: BudgetLine) -> BudgetLine:
    """The budget-line row lock: every commitment on a line passes through it in turn."""
    return BudgetLine.objects.select_for_update(of=("self",)).select_related("fund").get(pk=line.pk)


def _commit_locked(
    line: BudgetLine, application: Application, amount_fen: int, actor: Any, reason: str
) -> LedgerEntry:
    """Commit with the line already locked: refused if it would exceed what is left."""
    available = budget_line_balance(line=line).available_fen
    if amount_fen > available:
        raise BudgetExceeded(
            f"committing {format_fen(amount_fen)} to application {application.pk} would exceed "
            f"{line}: {format_fen(available)} left"
        )
    entry = LedgerEntry.objects.create(
        line=line,
        kind=LedgerEntry.Kind.COMMITMENT,
        amount_fen=amount_fen,
        application=application,
        created_by=actor,
        note=reason,
    )
    before = application.status
    application.allocated_fen = amount_fen
    application.status = S.COMMITTED
    application.save()
    _audit(
        actor,
        "application.commit",
        application,
        from_state=before,
        to_state=S.COMMITTED,
        reason=reason,
        amount=_fen(amount_fen),
        line=line.pk,
        available_before=_fen(available),
        available_after=_fen(available - amount_fen),
    )
    return entry


def application_commit(
    *, application: Application, actor: Any, amount_fen: int | None = None
) -> Application:
    """Bind money to one finally approved application (its approved amount unless a lower one
    is given), refused inside the transaction if the line cannot cover it."""
    access.require_city_reviewer_of(actor, application)
    with transaction.atomic():
        line = _lock_line(application.line)
        application = _locked(application)
        _expect(application, S.APPROVED, S.UNFUNDED)  # unfunded: money was added since
        assert application.approved_fen is not None
        amount = application.approved_fen if amount_fen is None else amount_fen
        if not 0 < amount <= application.approved_fen:
            raise InvalidAmount(
                f"a commitment is between 0.01 and the approved "
                f"{format_fen(application.approved_fen)}"
            )
        _commit_locked(line, application, amount, actor, "核定安排资金")
    return application


def allocation_commit(
    *, line: BudgetLine, actor: Any, expected_digest: str | None = None
) -> list[Application]:
    """Commit the allocation ``allocation_preview`` shows, recomputed under the line lock.
    With ``expected_digest`` (the preview's), a plan that changed since is refused."""
    access.require_city_admin_of(actor, line.fund)
    with transaction.atomic():
        line = _lock_line(line)
        preview = allocation_preview(line=line)
        if expected_digest is not None and expected_digest != preview.digest:
            raise FundsError(
                "the budget or the applications changed since the preview; preview again"
            )
        method = line.fund.get_allocation_method_display()
        results = []
        for row in preview.rows:
            application = _locked(Application(pk=row.application_id))
            _expect(application, S.APPROVED)
            if row.allocated_fen > 0:
                reason = (
                    f"{method}: 安排 {format_fen(row.allocated_fen)} / 核定 "
                    f"{format_fen(row.requested_fen)}"
                    if preview.oversubscribed
                    else "预算足额安排"
                )
                _commit_locked(line, application, row.allocated_fen, actor, reason)
            else:
                application.allocated_fen = 0
                application.status = S.UNFUNDED
                application.save()
                _audit(
                    actor,
                    "application.unfunded",
                    application,
                    from_state=S.APPROVED,
                    to_state=S.UNFUNDED,
                    reason=f"{method}: 预算已安排完毕",
                    requested=_fen(row.requested_fen),
                )
            results.append(application)
        _audit(
            actor,
            "allocation.commit",
            line,
            reason=preview.rule,
            method=preview.method,
            available=_fen(preview.available_fen),
            requested=_fen(preview.requested_fen),
            allocated=_fen(preview.allocated_fen),
            digest=preview.digest,
        )
    return results


# ---------------------------------------------------------------- payments


def payment_batch_create(
    *, fund: Fund, year: int, actor: Any, applications: Iterable[Application] | None = None
) -> PaymentBatch:
    """A batch paying each committed application what is committed and not yet paid; never
    made by whoever finally approved one of them (``duties``, rule 2)."""
    access.require_city_admin_of(actor, fund)
    if applications is None:
        chosen = list(
            Application.objects.filter(fund=fund, year=year, status=S.COMMITTED).order_by("id")
        )
    else:
        chosen = list(applications)
    duties.require_not_approver(actor, [a.pk for a in chosen], step="batch")
    with transaction.atomic():
        batch = PaymentBatch.objects.create(fund=fund, year=year, created_by=actor)
        _audit(actor, "payment_batch.create", batch, to_state=PaymentBatch.Status.PENDING)
        for application in chosen:
            application = _locked(application)
            left = application_committed_fen(
                application=application
            ) - application_paid_or_pending_fen(application=application)
            if left > 0:
                payment_add(batch=batch, application=application, amount_fen=left, actor=actor)
        if not batch.payments.exists():
            raise FundsError("nothing to pay: no committed, unpaid applications")
    return batch


def payment_add(
    *, batch: PaymentBatch, application: Application, amount_fen: int, actor: Any
) -> Payment:
    """One payment; refused beyond what the application's commitment leaves unpaid, and to
    whoever finally approved the application (``duties``, rule 2)."""
    access.require_city_admin_of(actor, batch.fund)
    duties.require_not_approver(actor, [application.pk], step="batch")
    with transaction.atomic():
        application = _locked(application)
        if application.fund_id != batch.fund_id:
            raise FundsError("the application is not of this batch's fund")
        if batch.status != PaymentBatch.Status.PENDING:
            raise InvalidTransition("payments are added to a pending batch only")
        _expect(application, S.COMMITTED)
        left = application_committed_fen(application=application) - application_paid_or_pending_fen(
            application=application
        )
        if amount_fen <= 0 or amount_fen > left:
            raise InvalidAmount(
                f"a payment of {format_fen(amount_fen)} to application {application.pk} is "
                f"beyond its approval: {format_fen(max(left, 0))} left to pay"
            )
        payment = Payment.objects.create(
            batch=batch,
            application=application,
            amount_fen=amount_fen,
            bank_account_name=application.bank_account_name,
            bank_account_number=application.bank_account_number,
            bank_name=application.bank_name,
        )
        _audit(
            actor,
            "payment.create",
            payment,
            to_state=Payment.Status.PENDING,
            application=application.pk,
            amount=_fen(amount_fen),
        )
    return payment


def payment_batch_send(*, batch: PaymentBatch, actor: Any) -> PaymentBatch:
    """The batch has gone to the treasury: it and its payments are now ``sent``. Not by
    whoever configured the fund, made the batch or approved an application in it
    (``duties``, rules 1 and 3)."""
    access.require_city_admin_of(actor, batch.fund)
    duties.require_not_configurer(actor, batch.fund)
    duties.require_not_batch_maker(actor, batch)
    duties.require_not_approver(
        actor, batch.payments.values_list("application_id", flat=True), step="send"
    )
    with transaction.atomic():
        batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != PaymentBatch.Status.PENDING:
            raise InvalidTransition(f"batch {batch.pk} is {batch.status}, not pending")
        batch.status = PaymentBatch.Status.SENT
        batch.save()
        _audit(
            actor,
            "payment_batch.send",
            batch,
            from_state=PaymentBatch.Status.PENDING,
            to_state=PaymentBatch.Status.SENT,
        )
        for payment in batch.payments.select_for_update().filter(status=Payment.Status.PENDING):
            payment.status = Payment.Status.SENT
            payment.save()
            _audit(
                actor,
                "payment.send",
                payment,
                from_state=Payment.Status.PENDING,
                to_state=Payment.Status.SENT,
                amount=_fen(payment.amount_fen),
            )
    return batch


def _settle_if_done(batch: PaymentBatch, actor: Any) -> None:
    if not batch.payments.filter(status__in=[Payment.Status.PENDING, Payment.Status.SENT]).exists():
        batch.status = PaymentBatch.Status.SETTLED
        batch.save()
        _audit(
            actor,
            "payment_batch.settle",
            batch,
            from_state=PaymentBatch.Status.SENT,
            to_state=PaymentBatch.Status.SETTLED,
        )


def payment_mark_paid(*, payment: Payment, actor: Any) -> Payment:
    """The treasury paid: a payment row on the ledger; the application is paid when its whole
    commitment is. Not confirmed by whoever sent the batch (``duties``, rule 4)."""
    access.require_city_admin_of(actor, payment.batch.fund)
    duties.require_not_sender(actor, payment.batch)
    with transaction.atomic():
        application = _locked(payment.application)
        payment = Payment.objects.select_for_update().select_related("batch").get(pk=payment.pk)
        if payment.status != Payment.Status.SENT:
            raise InvalidTransition(f"payment {payment.pk} is {payment.status}, not sent")
        payment.status = Payment.Status.PAID
        payment.save()
        LedgerEntry.objects.create(
            line=application.line,
            kind=LedgerEntry.Kind.PAYMENT,
            amount_fen=payment.amount_fen,
            application=application,
            payment=payment,
            created_by=actor,
            note="国库拨付",
        )
        _audit(
            actor,
            "payment.paid",
            payment,
            from_state=Payment.Status.SENT,
            to_state=Payment.Status.PAID,
            amount=_fen(payment.amount_fen),
            application=application.pk,
        )
        paid = sum(
            application.payments.filter(status=Payment.Status.PAID).values_list(
                "amount_fen", flat=True
            )
        )
        if paid == application_committed_fen(application=application):
            application.status = S.PAID
            application.save()
            _audit(
                actor,
                "application.paid",
                application,
                from_state=S.COMMITTED,
                to_state=S.PAID,
                amount=_fen(paid),
            )
            _award_record(application, paid, actor)
        _settle_if_done(payment.batch, actor)
    return payment


def _award_record(application: Application, paid_fen: int, actor: Any) -> AwardReceived:
    """A paid application is an award received (FACTS.md ``awards_received``): the rules
    engine nets one-time clauses against it in later years (facts from the database read
    ``AwardReceived``), so a one-time award paid in 2022 is not offered again in 2023.
    One row per organisation, clause and year: a second paid application of the same clause
    and year (a correction after a release) adds to it."""
    award, created = AwardReceived.objects.get_or_create(
        organisation=application.organisation,
        clause=application.clause,
        year=application.year,
        defaults={"amount_fen": paid_fen},
    )
    before = None if created else award.amount_fen
    if not created:
        award.amount_fen += paid_fen
        award.save(update_fields=["amount_fen"])
    _audit(
        actor,
        "award_received.record",
        award,
        clause=application.clause,
        year=application.year,
        application=application.pk,
        before=_fen(before),
        amount=_fen(award.amount_fen),
    )
    return award


def payment_mark_failed(*, payment: Payment, actor: Any, reason: str) -> Payment:
    """The treasury could not pay (a wrong account, say); the money stays committed and can
    be paid again in a new batch once the details are right. Not confirmed by whoever sent
    the batch (``duties``, rule 4)."""
    access.require_city_admin_of(actor, payment.batch.fund)
    duties.require_not_sender(actor, payment.batch)
    if not reason.strip():
        raise FundsError("a failed payment needs its reason")
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("batch").get(pk=payment.pk)
        if payment.status != Payment.Status.SENT:
            raise InvalidTransition(f"payment {payment.pk} is {payment.status}, not sent")
        payment.status = Payment.Status.FAILED
        payment.failure_reason = reason
        payment.save()
        _audit(
            actor,
            "payment.failed",
            payment,
            from_state=Payment.Status.SENT,
            to_state=Payment.Status.FAILED,
            reason=reason,
            amount=_fen(payment.amount_fen),
        )
        _settle_if_done(payment.batch, actor)
    return payment


def _release_and_reject(application: Application, *, line: Any, actor: Any, reason: str) -> int:
    """The application's committed money back to its (locked) line as a release row, never a
    deletion, and the application rejected with ``reason``; the caller saves and audits.
    Returns the amount released (fen)."""
    amount = application_committed_fen(application=application)
    if amount:
        LedgerEntry.objects.create(
            line=line,
            kind=LedgerEntry.Kind.RELEASE,
            amount_fen=amount,
            application=application,
            created_by=actor,
            note=reason,
        )
    application.status = S.REJECTED
    application.last_reason = reason
    return amount


def application_release(*, application: Application, actor: Any, reason: str) -> Application:
    """Give a committed, unpaid application's money back to its line (the enterprise lost its
    eligibility, withdrew, or the commitment was a mistake): a release row, never a deletion."""
    access.require_city_reviewer_of(actor, application)
    if not reason.strip():
        raise FundsError("a release needs its reason")
    with transaction.atomic():
        line = _lock_line(application.line)
        application = _locked(application)
        _expect(application, S.COMMITTED)
        if application_paid_or_pending_fen(application=application):
            raise InvalidTransition("payments are pending or made: settle them first")
        amount = _release_and_reject(application, line=line, actor=actor, reason=reason)
        application.save()
        _audit(
            actor,
            "application.release",
            application,
            from_state=S.COMMITTED,
            to_state=S.REJECTED,
            reason=reason,
            amount=_fen(amount),
            line=line.pk,
        )
    return application
