"""Enterprise reporting endpoints (issue 6): what the reporting pages do, as JSON.

Reads (``GET /api/report/profile``) need ``view_contract``: an enterprise gets its own
organisation, staff name one of their scope by ``uscc`` (400 without it, 404 outside).
Writes need ``submit_report`` (403 otherwise): an enterprise always writes for its own
organisation, and a row naming another firm's ``uscc`` is refused like a file row; a system
administrator names the firm by ``uscc``. Rows go through the importers' own rules
(``waibao.reporting.reports``): a refusal is 400 with every problem as
``file:row:column: reason`` and nothing written. Amounts are decimal strings (a JSON number
is refused: a float cannot be trusted to be the amount meant); dates ISO text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from waibao import bounds, permissions
from waibao.money import format_fen
from waibao.registry.models import Organisation
from waibao.reporting import reports
from waibao.reporting import selectors as reporting
from waibao.web.auth import require

router = Router(tags=["reporting"])


class ProblemOut(Schema):
    line: str
    file: str
    row: str
    column: str
    reason: str


class RefusedOut(Schema):
    detail: str
    problems: list[ProblemOut]


class YearOut(Schema):
    year: int
    employees: int | None
    employees_college: int | None
    revenue: str | None
    so_revenue: str | None
    offshore_so_revenue: str | None
    central_training_funds: str | None = None
    higher_level_grants: str | None = None
    expert_fees: str | None = None
    guaranteed_loans: str | None = None
    loan_interest: str | None = None
    ip_registrations: int | None = None
    talents_introduced: int | None = None
    office_lease_started: dt.date | None = None
    high_tech_enterprise: bool | None = None


class CertificationOut(Schema):
    scheme: str
    level: int | None
    event: str
    date: dt.date


class RecognitionOut(Schema):
    kind: str
    level: str
    date: dt.date
    valid_until: dt.date | None
    revoked: dt.date | None


class ProfileOut(Schema):
    uscc: str
    name: str
    region_code: str
    region_name: str
    years: list[YearOut]
    certifications: list[CertificationOut]
    recognitions: list[RecognitionOut]


class ContractIn(Schema):
    contract_id: str
    client_name: str
    client_country: str
    category: str
    signed_date: str
    amount: str
    currency: str
    uscc: str | None = None


class ExecutionIn(Schema):
    contract_id: str
    execution_id: str
    execution_date: str
    amount: str
    currency: str
    receipt_ref: str = ""
    uscc: str | None = None


class YearIn(Schema):
    year: bounds.Year
    employees: bounds.Count | None = None
    employees_college: bounds.Count | None = None
    revenue: str | None = None
    so_revenue: str | None = None
    offshore_so_revenue: str | None = None
    # issue 19: facts of the remaining provisions (amounts decimal strings, date ISO text)
    central_training_funds: str | None = None
    higher_level_grants: str | None = None
    expert_fees: str | None = None
    guaranteed_loans: str | None = None
    loan_interest: str | None = None
    ip_registrations: bounds.Count | None = None
    talents_introduced: bounds.Count | None = None
    office_lease_started: str | None = None
    high_tech_enterprise: bool | None = None


class ReportedOut(Schema):
    uscc: str
    contract_id: str
    execution_id: str | None = None
    amount: str
    currency: str
    created: bool


class UploadFileOut(Schema):
    file: str
    added: int
    unchanged: int
    warnings: list[str]


class UploadOut(Schema):
    files: list[UploadFileOut]


def _readable(request: HttpRequest, uscc: str | None) -> Organisation:
    user = require(request, permissions.VIEW_CONTRACT)
    if not permissions.acts_for_one_organisation(user) and not uscc:
        raise HttpError(400, "uscc: required (the organisation to look at)")
    organisation = reporting.reporting_organisation(user, uscc)
    if organisation is None:
        raise HttpError(404, "organisation not found in your scope")
    return organisation


def _writable(request: HttpRequest, uscc: str | None) -> Organisation:
    """The organisation a write is for: an enterprise's own whatever ``uscc`` says (the
    importer then refuses a row naming another firm); for a system administrator the one
    named by ``uscc``."""
    user = require(request, permissions.SUBMIT_REPORT)
    if permissions.acts_for_one_organisation(user):
        organisation = reporting.reporting_organisation(user, None)
    elif not uscc:
        raise HttpError(400, "uscc: required (the organisation to report for)")
    else:
        organisation = reporting.reporting_organisation(user, uscc)
    if organisation is None:
        raise HttpError(404, "organisation not found in your scope")
    return organisation


@router.get("/report/profile", response=ProfileOut, summary="企业概况与年度数据 / profile")
def profile(request: HttpRequest, uscc: str | None = None) -> dict[str, Any]:
    """The organisation's registration, yearly figures (amounts in yuan as decimal strings),
    certifications and recognitions."""
    organisation = _readable(request, uscc)
    data = reporting.organisation_profile(organisation)
    return {
        "uscc": organisation.uscc,
        "name": organisation.name,
        "region_code": organisation.region_id,
        "region_name": organisation.region.name,
        "years": [vars(y) for y in data.years],
        "certifications": data.certifications,
        "recognitions": data.recognitions,
    }


@router.post(
    "/report/years",
    response={200: YearOut, 400: RefusedOut},
    summary="填报年度数据 / report a year's figures",
)
def year_report(request: HttpRequest, body: YearIn, uscc: str | None = None) -> Any:
    """Only the fields sent change; ``null`` clears one (not known). ``uscc``: the firm, for
    a system administrator."""
    organisation = _writable(request, uscc)
    values = {
        name: getattr(body, name) for name in reports.YEAR_FIELDS if name in body.model_fields_set
    }
    row = reports.organisation_year_report(
        actor=request.auth,  # type: ignore[attr-defined]
        organisation=organisation,
        year=body.year,
        values=values,
        via="api",
    )
    return {
        "year": row.year,
        **{name: getattr(row, name) for name in reports.COUNT_FIELDS},
        **{name: format_fen(getattr(row, field)) for name, field in reports.AMOUNT_FIELDS.items()},
        **{name: getattr(row, name) for name in (*reports.DATE_FIELDS, *reports.BOOL_FIELDS)},
    }


@router.post(
    "/report/contracts",
    response={201: ReportedOut, 200: ReportedOut, 400: RefusedOut},
    summary="报送合同 / report a contract",
)
def contract_report(request: HttpRequest, body: ContractIn) -> Any:
    """201 when added, 200 when an identical contract was already reported, 400 with every
    problem (DATA-FORMATS.md §2) otherwise."""
    organisation = _writable(request, body.uscc)
    values = body.dict()
    contract = reports.contract_report(
        actor=request.auth,  # type: ignore[attr-defined]
        organisation=organisation,
        values=values,
        via="api",
    )
    stored = organisation.contracts.get(contract_id=body.contract_id)
    return Status(
        201 if contract else 200,
        {
            "uscc": organisation.uscc,
            "contract_id": stored.contract_id,
            "amount": format_fen(stored.amount_minor),
            "currency": stored.currency,
            "created": contract is not None,
        },
    )


@router.post(
    "/report/executions",
    response={201: ReportedOut, 200: ReportedOut, 400: RefusedOut},
    summary="报送执行 / report an execution",
)
def execution_report(request: HttpRequest, body: ExecutionIn) -> Any:
    """201 when added, 200 when identical to one already reported, 400 with every problem
    (DATA-FORMATS.md §3) otherwise."""
    organisation = _writable(request, body.uscc)
    execution = reports.execution_report(
        actor=request.auth,  # type: ignore[attr-defined]
        organisation=organisation,
        values=body.dict(),
        via="api",
    )
    from waibao.reporting.models import Execution

    stored = Execution.objects.get(
        contract__organisation=organisation,
        contract__contract_id=body.contract_id,
        execution_id=body.execution_id,
    )
    return Status(
        201 if execution else 200,
        {
            "uscc": organisation.uscc,
            "contract_id": body.contract_id,
            "execution_id": stored.execution_id,
            "amount": format_fen(stored.amount_minor),
            "currency": stored.currency,
            "created": execution is not None,
        },
    )


@router.post(
    "/report/upload",
    response={200: UploadOut, 400: RefusedOut},
    summary="上传合同/执行文件 / upload contracts and executions files",
)
def upload(
    request: HttpRequest,
    contracts: File[UploadedFile] = None,  # type: ignore[assignment]
    executions: File[UploadedFile] = None,  # type: ignore[assignment]
    uscc: Form[str] = None,  # type: ignore[assignment]
) -> Any:
    """Multipart: ``contracts`` and/or ``executions`` (CSV or XLSX, DATA-FORMATS.md), all or
    nothing, contracts first. Every row must be the caller's own organisation's."""
    organisation = _writable(request, uscc)
    outcome = reports.reports_upload(
        actor=request.auth,  # type: ignore[attr-defined]
        organisation=organisation,
        contracts=contracts,
        executions=executions,
        via="api",
    )
    return {
        "files": [
            {
                "file": r.file,
                "added": r.added,
                "unchanged": r.unchanged,
                "warnings": list(r.warnings),
            }
            for r in outcome.results
        ]
    }
