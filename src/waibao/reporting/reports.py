"""An enterprise reporting for itself, from the browser or the API: one contract, one
execution, a contracts and/or executions file, or a year's figures.

Contracts and executions go through the importers themselves (``contracts_import`` /
``executions_import`` with ``only_uscc``), so a form row is checked by exactly the rules of
a file row (DATA-FORMATS.md §2–4) and a file naming another organisation's 统一社会信用代码
is refused whole. Every write checks ``waibao.permissions`` (``submit_report`` on the
organisation), runs in one transaction and leaves an audit record; a refused write leaves
nothing, not even the audit record.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from waibao import permissions, uploads, years
from waibao.audit.services import audit_record
from waibao.imports.problems import ImportRefused, ImportResult
from waibao.money import format_fen
from waibao.refusals import Refused
from waibao.registry.models import Organisation, OrganisationYear
from waibao.reporting.models import Contract, Execution
from waibao.reporting.services import (
    CONTRACT_COLUMNS,
    EXECUTION_COLUMNS,
    contracts_import,
    executions_import,
)
from waibao.typed_numbers import TypedNumberError, typed_count, typed_fen

FORM = "form"  # the "file" name of a form's single row in problem lines
FORM_ROW = 2  # as if the form were the first row under a header
UPLOAD_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class Problem:
    """One refused cell: ``file:row:column: reason`` and its parts."""

    line: str
    file: str
    row: str
    column: str
    reason: str

    @classmethod
    def parse(cls, line: str) -> Problem:
        # The file name may hold colons; row, column and reason follow the last three fields'
        # separators, and the reason itself may hold colons: split from the left after the file.
        head, _, rest = line.partition(": ")
        file, row, column = [*head.rsplit(":", 2), "", ""][:3]
        return cls(line=line, file=file, row=row, column=column, reason=rest)


class ReportRefused(Refused):
    """Nothing was written; ``problems`` lists every reason, ``file:row:column: reason``."""

    def __init__(self, lines: list[str]):
        self.problems = [Problem.parse(line) for line in lines]
        super().__init__(f"{len(lines)} problem(s)")

    def problem_list(self) -> list[dict[str, object]]:
        return [vars(problem) for problem in self.problems]

    @property
    def lines(self) -> list[str]:
        return [p.line for p in self.problems]

    def by_column(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for problem in self.problems:
            found.setdefault(problem.column, []).append(problem.reason)
        return found


@dataclass(frozen=True)
class UploadOutcome:
    results: list[ImportResult] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(r.added for r in self.results)

    @property
    def warnings(self) -> list[str]:
        return [w for r in self.results for w in r.warnings]


def require_reporter(actor: Any, organisation: Organisation) -> None:
    """Only a user who may submit reports for ``organisation`` (its own enterprise user; a
    system administrator may act for any): otherwise ``PermissionDenied``."""
    if not permissions.can(actor, permissions.SUBMIT_REPORT, organisation):
        raise PermissionDenied("not allowed to report for this organisation")


def _cells(columns: Any, values: Mapping[str, Any], uscc: str) -> tuple[str, ...]:
    """The row a form or request body stands for; ``uscc`` defaults to the organisation's
    own, and one naming another firm is refused by the importer (``only_uscc``)."""
    cells = []
    for column in columns:
        value = values.get(column.name)
        if column.name == "uscc" and value in (None, ""):
            value = uscc
        cells.append("" if value is None else str(value))
    return tuple(cells)


def contract_report(
    *, actor: Any, organisation: Organisation, values: Mapping[str, Any], via: str = "form"
) -> Contract | None:
    """Add one contract of ``organisation`` (``values`` keyed by the columns of
    DATA-FORMATS.md §2, ``amount`` a decimal string). Returns the contract, or ``None`` when
    an identical one was already reported (nothing changes); ``ReportRefused`` otherwise."""
    require_reporter(actor, organisation)
    cells = _cells(CONTRACT_COLUMNS, values, organisation.uscc)
    with transaction.atomic():
        try:
            result = contracts_import(
                name=FORM, only_uscc=organisation.uscc, rows=[(FORM_ROW, cells)]
            )
        except ImportRefused as refused:
            raise ReportRefused(refused.lines) from refused
        contract = Contract.objects.get(organisation=organisation, contract_id=cells[0])
        if not result.added:
            return None
        audit_record(
            actor=actor,
            action="contract.report",
            obj=contract,
            to_state="reported",
            payload={
                "uscc": organisation.uscc,
                "contract_id": contract.contract_id,
                "amount": format_fen(contract.amount_minor),
                "currency": contract.currency,
                "via": via,
                "warnings": list(result.warnings),
            },
        )
    return contract


def execution_report(
    *, actor: Any, organisation: Organisation, values: Mapping[str, Any], via: str = "form"
) -> Execution | None:
    """Add one execution to a contract of ``organisation`` (columns of DATA-FORMATS.md §3).
    ``None`` when an identical one was already reported; ``ReportRefused`` otherwise."""
    require_reporter(actor, organisation)
    cells = _cells(EXECUTION_COLUMNS, values, organisation.uscc)
    with transaction.atomic():
        try:
            result = executions_import(
                name=FORM, only_uscc=organisation.uscc, rows=[(FORM_ROW, cells)]
            )
        except ImportRefused as refused:
            raise ReportRefused(refused.lines) from refused
        execution = Execution.objects.select_related("contract").get(
            contract__organisation=organisation,
            contract__contract_id=cells[1],
            execution_id=cells[0],
        )
        if not result.added:
            return None
        audit_record(
            actor=actor,
            action="execution.report",
            obj=execution,
            to_state="reported",
            payload={
                "uscc": organisation.uscc,
                "contract_id": execution.contract.contract_id,
                "execution_id": execution.execution_id,
                "amount": format_fen(execution.amount_minor),
                "currency": execution.currency,
                "via": via,
                "warnings": list(result.warnings),
            },
        )
    return execution


def _file_problem(name: str, reason: str) -> str:
    return f"{name}:0:-: {reason}"


def reports_upload(
    *,
    actor: Any,
    organisation: Organisation,
    contracts: Any = None,
    executions: Any = None,
    via: str = "form",
) -> UploadOutcome:
    """Import a contracts file and/or an executions file (uploaded files: ``.name`` and
    ``.chunks()``) of ``organisation``, all or nothing: contracts first, so the executions
    file may refer to them. Any row of another organisation refuses the upload. Every
    problem of both files is raised together in ``ReportRefused``."""
    require_reporter(actor, organisation)
    files = [(kind, f) for kind, f in (("contracts", contracts), ("executions", executions)) if f]
    if not files:
        raise ReportRefused([_file_problem("-", "choose a contracts or executions file")])
    lines: list[str] = []
    results: list[ImportResult] = []
    run = {"contracts": contracts_import, "executions": executions_import}
    with tempfile.TemporaryDirectory(prefix="waibao-upload-") as directory:
        paths = []
        for kind, upload in files:
            name = Path(str(upload.name)).name or kind
            suffix = Path(name).suffix.lower()
            if suffix not in UPLOAD_SUFFIXES:
                lines.append(_file_problem(name, "not a .csv or .xlsx file"))
                continue
            path = Path(directory) / f"{kind}{suffix}"
            try:  # the contents are measured again by the importer (waibao.uploads)
                uploads.upload_size_check(upload.size)
                uploads.upload_save(upload.chunks(), path)
            except uploads.FileRefused as refused:
                lines.append(_file_problem(name, str(refused)))
                continue
            paths.append((kind, path, name))
        if lines:
            raise ReportRefused(lines)
        with transaction.atomic():
            for kind, path, name in paths:
                try:
                    results.append(run[kind](path=path, name=name, only_uscc=organisation.uscc))
                except ImportRefused as refused:
                    lines.extend(refused.lines)
            if lines:
                raise ReportRefused(lines)
            for (kind, _, name), result in zip(paths, results, strict=True):
                audit_record(
                    actor=actor,
                    action=f"{kind}.upload",
                    obj=organisation,
                    to_state="reported",
                    payload={
                        "uscc": organisation.uscc,
                        "file": name,
                        "added": result.added,
                        "unchanged": result.unchanged,
                        "via": via,
                        "warnings": list(result.warnings),
                    },
                )
    return UploadOutcome(results)


# ------------------------------------------------------------------------ yearly figures

COUNT_FIELDS = ("employees", "employees_college", "ip_registrations", "talents_introduced")
AMOUNT_FIELDS = {  # form name (yuan, decimal string) -> model field (fen)
    "revenue": "revenue_fen",
    "so_revenue": "so_revenue_fen",
    "offshore_so_revenue": "offshore_so_revenue_fen",
    # issue 19: the facts of the remaining provisions (docs/rules-engine.md)
    "central_training_funds": "central_training_funds_fen",
    "higher_level_grants": "higher_level_grants_fen",
    "expert_fees": "expert_fees_fen",
    "guaranteed_loans": "guaranteed_loans_fen",
    "loan_interest": "loan_interest_fen",
}
DATE_FIELDS = ("office_lease_started",)  # ISO YYYY-MM-DD, on or before the year's end
BOOL_FIELDS = ("high_tech_enterprise",)  # true/false (是/否); blank: not known
YEAR_FIELDS = (*COUNT_FIELDS, *AMOUNT_FIELDS, *DATE_FIELDS, *BOOL_FIELDS)
TRUE_TEXTS, FALSE_TEXTS = ("true", "1", "yes"), ("false", "0", "no")


def organisation_year_report(
    *,
    actor: Any,
    organisation: Organisation,
    year: Any,
    values: Mapping[str, Any],
    via: str = "form",
) -> OrganisationYear:
    """Set one year's reported figures of ``organisation``: head count, of whom with a college
    degree or above, revenue, service-outsourcing revenue and its offshore part, and the
    facts issue 19's clauses read (funds received, expert fees, loans, IP registrations,
    talents introduced, the office lease's start, 高新技术企业 status). Amounts in yuan as
    decimal strings (DATA-FORMATS.md amounts), dates ISO, booleans true/false; blank means
    not known. Only the fields given change. ``ReportRefused`` names every bad field (file
    ``form``, row = the year)."""
    require_reporter(actor, organisation)
    problems: list[str] = []

    def refuse(column: str, reason: str) -> None:
        problems.append(f"{FORM}:{year}:{column}: {reason}")

    today = timezone.localdate()
    try:
        year_number = int(str(year))
    except ValueError:
        year_number = 0
    if not years.is_fact_year(year_number, today):
        first, last = years.FIRST_FACT_YEAR, years.last_fact_year(today)
        refuse("year", f"year {year!r} is not a year from {first} to {last}")
    parsed: dict[str, Any] = {}
    for name in COUNT_FIELDS:
        if name not in values:
            continue
        text = "" if values[name] is None else str(values[name])
        if text.strip() == "":
            parsed[name] = None
            continue
        try:  # a person's typing: 1,200 or full-width digits (waibao.typed_numbers)
            parsed[name] = typed_count(text)
        except TypedNumberError as error:
            refuse(name, str(error))
    for name, model_field in AMOUNT_FIELDS.items():
        if name not in values:
            continue
        text = "" if values[name] is None else str(values[name])
        if text.strip() == "":
            parsed[model_field] = None
            continue
        try:
            parsed[model_field] = typed_fen(text)
        except TypedNumberError as error:
            refuse(name, str(error))
    for name in DATE_FIELDS:
        if name not in values:
            continue
        text = "" if values[name] is None else str(values[name])
        try:
            parsed[name] = dt.date.fromisoformat(text) if text else None
        except ValueError:
            refuse(name, f"{name} {text!r} is not a date (YYYY-MM-DD)")
            continue
        if parsed[name] is not None and year_number and parsed[name].year > year_number:
            refuse(name, f"{name} {text} is after the end of {year_number}")
    for name in BOOL_FIELDS:
        if name not in values:
            continue
        text = "" if values[name] is None else str(values[name]).strip().lower()
        if text == "":
            parsed[name] = None
        elif text in TRUE_TEXTS or text in FALSE_TEXTS:
            parsed[name] = text in TRUE_TEXTS
        else:
            refuse(name, f"{name} {values[name]!r} is not true or false")
    if problems:
        raise ReportRefused(problems)
    with transaction.atomic():
        row, _ = OrganisationYear.objects.select_for_update().get_or_create(
            organisation=organisation, year=year_number
        )
        before = {name: getattr(row, name) for name in parsed}
        for name, value in parsed.items():
            setattr(row, name, value)
        _check_year_consistency(row, year_number, problems)
        if problems:
            raise ReportRefused(problems)
        changed = sorted(name for name in parsed if before[name] != parsed[name])
        if not changed:
            return row
        row.save()

        def money(name: str, value: Any) -> Any:
            if isinstance(value, dt.date):
                return value.isoformat()
            return format_fen(value) if name.endswith("_fen") else value

        audit_record(
            actor=actor,
            action="organisation_year.report",
            obj=row,
            payload={
                "uscc": organisation.uscc,
                "year": year_number,
                "before": {name: money(name, before[name]) for name in changed},
                "after": {name: money(name, parsed[name]) for name in changed},
                "via": via,
            },
        )
    return row


def _check_year_consistency(row: OrganisationYear, year: int, problems: list[str]) -> None:
    """Parts never exceed their whole: graduates ≤ employees, offshore ≤ service-outsourcing
    revenue ≤ revenue (each pair only when both are known)."""
    pairs = (
        ("employees_college", "employees", "employees_college", "employees"),
        ("so_revenue_fen", "revenue_fen", "so_revenue", "revenue"),
        ("offshore_so_revenue_fen", "so_revenue_fen", "offshore_so_revenue", "so_revenue"),
    )
    for part, whole, part_name, whole_name in pairs:
        part_value, whole_value = getattr(row, part), getattr(row, whole)
        if part_value is not None and whole_value is not None and part_value > whole_value:
            problems.append(f"{FORM}:{year}:{part_name}: {part_name} is more than {whole_name}")
