"""The facts record of FACTS.md: field names, types, and the validation every record passes.

Validation collects **every** error of every record (record number, field, reason) before
failing, so a bureau fixes a file in one pass. Money never passes through a float:

- an amount is a decimal string (``"500000.00"``, at most two decimals), or a JSON *integer*
  literal (``500000``), which is exact. A JSON number with a fraction or an exponent
  (``0.1``, ``1.0``, ``5e5``) is refused with its own reason, because a JSON parser may already
  have turned it into a binary float; write it as a string.
  (decision: docs/decisions/0002-rules-readings.md)
- ``*_cny`` amounts are kept as integer fen, ``*_usd`` amounts as integer cents.

Absent fields and ``null`` mean *unknown*; a clause that needs an unknown fact is not applied.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from waibao import jurisdictions
from waibao.bounds import MAX_AMOUNT_FEN, MAX_AMOUNT_TEXT
from waibao.money import AmountOverBound, MoneyError, parse_fen
from waibao.years import facts_file_year_problem

# The policy folders' slugs (waibao.jurisdictions), read at each check: FACTS.md's valid values
# are whatever texts the catalogue holds, a folder added later included.
JURISDICTIONS: Sequence[str] = jurisdictions.LiveSlugs()
ORG_KINDS = ("enterprise", "park", "training_institution", "platform")
SCHEMES = ("CMM", "CMMI", "PCMM", "ISO9000", "ISO20000", "ISO27001", "BS7799", "SAS70")
CERT_EVENTS = ("new", "upgrade", "maintenance")
RECOGNITION_KINDS = (
    "rd_center",
    "demonstration_park",
    "training_institution",
    "public_platform",
    "key_enterprise",
    "demonstration_enterprise",
    "export_brand",
)
LEVELS = ("national", "provincial", "municipal")
TRAINEES = ("graduate", "new_staff", "custom")
EXPENSE_KINDS = (
    "platform_usage",
    "leased_line",
    "trade_fair",
    "office_rent",
    "office_purchase",
    "investment_promotion",
    "public_platform_investment",
    # issue 19 extensions (costs a text names separately, each with its own reimbursement)
    "venue_rent",  # 场租费 of an organised SO event
    "travel",  # 国际交通费, 境外住宿费 of the people sent
)
VIOLATION_KINDS = ("ip_infringement", "information_security", "false_statement", "late_reporting")

REQUIRED = ("uscc", "year", "jurisdiction", "kind")


class FactsError(ValueError):
    """Facts that fail validation: ``errors`` holds one line per problem, all of them."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class FieldError:
    record: int  # 1-based record number (line number for JSON Lines)
    field: str
    reason: str

    def __str__(self) -> str:
        return f"record {self.record}: {self.field}: {self.reason}"


Value = Any
Checker = Callable[[Value], Value]


class Invalid(ValueError):
    """One field's reason for refusal."""


def check_str(value: Value) -> str:
    if not isinstance(value, str):
        raise Invalid(f"must be a string, not {_json_type(value)}")
    if value.strip() == "":
        raise Invalid("must not be blank")
    return value


MAX_COUNT = 10**12  # people, years, square metres: far beyond any real count, inside Int64


def check_int(value: Value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"must be an integer, not {_json_type(value)}")
    if value < 0:
        raise Invalid(f"must not be negative ({value})")
    if value > MAX_COUNT:
        raise Invalid(f"{value} is above {MAX_COUNT}")
    return value


def check_year(value: Value) -> int:
    year = check_int(value)
    problem = facts_file_year_problem(year)
    if problem is not None:
        raise Invalid(problem)
    return year


def check_bool(value: Value) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"must be true or false, not {_json_type(value)}")
    return value


MAX_AMOUNT = MAX_AMOUNT_FEN  # 1万亿 yuan in fen: beyond any real figure, inside Int64 arithmetic


def check_amount(value: Value) -> int:
    """An amount in hundredths (fen or cents): a decimal string or a JSON integer literal,
    at most 1,000,000,000,000.00 (so that rate arithmetic in Int64 cannot overflow)."""
    hundredths = _amount(value)
    if hundredths > MAX_AMOUNT:
        raise Invalid(f"amount {value} is above {MAX_AMOUNT_TEXT}")
    return hundredths


def _amount(value: Value) -> int:
    if isinstance(value, bool):
        raise Invalid("must be an amount, not a boolean")
    if isinstance(value, int):
        if value < 0:
            raise Invalid(f"amount {value} is negative")
        return value * 100
    if isinstance(value, float | Decimal):
        raise Invalid(
            f"amount {value} is a JSON number with a fraction or exponent; "
            f'write it as a decimal string ("{value}")'
        )
    if not isinstance(value, str):
        raise Invalid(f"must be a decimal string, not {_json_type(value)}")
    try:
        return parse_fen(value)
    except AmountOverBound:
        raise Invalid(f"amount {value} is above {MAX_AMOUNT_TEXT}") from None
    except MoneyError as error:
        raise Invalid(str(error)) from error


def check_date(value: Value) -> dt.date:
    if not isinstance(value, str):
        raise Invalid(f"must be a date string YYYY-MM-DD, not {_json_type(value)}")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise Invalid(f"{value!r} is not a date YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise Invalid(f"{value!r} is not a date YYYY-MM-DD") from error


def check_region(value: Value) -> str:
    text = check_str(value)
    if not re.fullmatch(r"\d{6}", text):
        raise Invalid(f"{text!r} is not a 6-digit GB/T 2260 code")
    return text


def check_uscc(value: Value) -> str:
    text = check_str(value)
    if not re.fullmatch(r"[0-9A-Z]{18}", text):
        raise Invalid(f"{text!r} is not an 18-character 统一社会信用代码")
    return text


def one_of(choices: Sequence[str]) -> Checker:
    def check(value: Value) -> str:
        if value not in choices:
            raise Invalid(f"{value!r} is not one of {', '.join(choices)}")
        return str(value)

    check.choices = choices  # type: ignore[attr-defined]  # for the column checks
    return check


def check_level_int(value: Value) -> int:
    level = check_int(value)
    if not 1 <= level <= 5:
        raise Invalid(f"level {level} is outside 1-5")
    return level


# Scalars of FACTS.md, plus four extensions (marked *) that clauses need and FACTS.md lacks;
# they are optional, so every FACTS.md file stays valid.
SCALARS: dict[str, Checker] = {
    "uscc": check_uscc,
    "name": check_str,
    "year": check_year,
    "jurisdiction": one_of(JURISDICTIONS),
    "region_code": check_region,
    "kind": one_of(ORG_KINDS),
    "registered_capital_cny": check_amount,
    "is_headquarters": check_bool,
    "offshore_focused": check_bool,
    "tax_paid_cny": check_amount,
    "employees": check_int,
    "employees_college": check_int,
    "revenue_cny": check_amount,
    "so_revenue_cny": check_amount,
    "offshore_so_revenue_cny": check_amount,
    "software_export_usd": check_amount,
    "contract_signed_usd": check_amount,
    "contract_executed_usd": check_amount,
    "offshore_executed_usd": check_amount,
    "rd_expense_cny": check_amount,
    "rd_expense_prev_cny": check_amount,
    "tech_service_income_cny": check_amount,
    "statistics_reported": check_bool,
    # extensions (*)
    "founded": check_date,
    "foreign_invested": check_bool,
    "parent_multinational_or_large": check_bool,
    "in_demonstration_park": check_bool,
    # issue 19 extensions (*): facts the remaining provisions need (docs/rules-engine.md)
    "central_training_funds_cny": check_amount,
    "higher_level_grants_cny": check_amount,
    "expert_fees_cny": check_amount,
    "guaranteed_loans_cny": check_amount,
    "loan_interest_cny": check_amount,
    "ip_registrations": check_int,
    "talents_introduced": check_int,
    "office_lease_started": check_date,
    "high_tech_enterprise": check_bool,
}

AMOUNT_FIELDS = tuple(name for name, check in SCALARS.items() if check is check_amount)
INT_FIELDS = ("year", "employees", "employees_college", "ip_registrations", "talents_introduced")
BOOL_FIELDS = tuple(name for name, check in SCALARS.items() if check is check_bool)
DATE_FIELDS = ("founded", "office_lease_started")

# List fields: item field -> (checker, required)
LISTS: dict[str, dict[str, tuple[Checker, bool]]] = {
    "certifications": {
        "scheme": (one_of(SCHEMES), True),
        "level": (check_level_int, False),
        "event": (one_of(CERT_EVENTS), True),
        "date": (check_date, True),
        "cost_cny": (check_amount, False),
    },
    "recognitions": {
        "kind": (one_of(RECOGNITION_KINDS), True),
        "level": (one_of(LEVELS), True),
        "date": (check_date, True),
        "operating_years": (check_int, False),
        "has_public_it_platform": (check_bool, False),
    },
    "trainings": {
        "trainee": (one_of(TRAINEES), True),
        "people": (check_int, True),
        "cost_cny": (check_amount, True),
        "hired": (check_int, False),
    },
    "expenses": {
        "kind": (one_of(EXPENSE_KINDS), True),
        "amount_cny": (check_amount, True),
        "area_sqm": (check_int, False),
    },
    "awards_received": {
        "clause": (check_str, True),
        "year": (check_year, True),
        "amount_cny": (check_amount, True),
    },
    "violations": {
        "kind": (one_of(VIOLATION_KINDS), True),
        "date": (check_date, True),
        "restored": (check_date, False),
    },
}


def validate_record(raw: Value, number: int, errors: list[FieldError]) -> dict[str, Any] | None:
    """One record as plain Python values (amounts in fen/cents), or None with ``errors`` added."""
    if not isinstance(raw, Mapping):
        errors.append(
            FieldError(number, "(record)", f"must be a JSON object, not {_json_type(raw)}")
        )
        return None
    found = len(errors)
    record: dict[str, Any] = {}
    for name in REQUIRED:
        if raw.get(name) is None:
            errors.append(FieldError(number, name, "is required"))
    for name, value in raw.items():
        if name in SCALARS:
            if value is None:
                continue
            try:
                record[name] = SCALARS[name](value)
            except Invalid as reason:
                errors.append(FieldError(number, name, str(reason)))
        elif name in LISTS:
            if value is None:
                continue
            record[name] = _validate_list(name, value, number, errors)
        else:
            errors.append(FieldError(number, str(name), "is not a FACTS.md field"))
    _cross_checks(record, number, errors)
    return record if len(errors) == found else None


def _validate_list(
    name: str, value: Value, number: int, errors: list[FieldError]
) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        errors.append(FieldError(number, name, f"must be a list, not {_json_type(value)}"))
        return []
    spec = LISTS[name]
    items: list[dict[str, Any]] = []
    for index, item in enumerate(value):
        where = f"{name}[{index}]"
        if not isinstance(item, Mapping):
            errors.append(FieldError(number, where, f"must be an object, not {_json_type(item)}"))
            continue
        clean: dict[str, Any] = {}
        for field, (check, required) in spec.items():
            if item.get(field) is None:
                if required:
                    errors.append(FieldError(number, f"{where}.{field}", "is required"))
                clean[field] = None
                continue
            try:
                clean[field] = check(item[field])
            except Invalid as reason:
                errors.append(FieldError(number, f"{where}.{field}", str(reason)))
                clean[field] = None
        for field in item:
            if field not in spec:
                errors.append(FieldError(number, f"{where}.{field}", "is not a FACTS.md field"))
        items.append(clean)
    return items


def _cross_checks(record: dict[str, Any], number: int, errors: list[FieldError]) -> None:
    employees, college = record.get("employees"), record.get("employees_college")
    if employees is not None and college is not None and college > employees:
        errors.append(
            FieldError(number, "employees_college", f"{college} is more than employees {employees}")
        )
    for index, training in enumerate(record.get("trainings") or []):
        people, hired = training.get("people"), training.get("hired")
        if people is not None and hired is not None and hired > people:
            errors.append(
                FieldError(
                    number, f"trainings[{index}].hired", f"{hired} is more than people {people}"
                )
            )
        if people == 0:
            errors.append(FieldError(number, f"trainings[{index}].people", "must be at least 1"))
        if people is not None and people > 10_000_000:
            errors.append(
                FieldError(number, f"trainings[{index}].people", f"{people} is above 10000000")
            )
    for index, violation in enumerate(record.get("violations") or []):
        date, restored = violation.get("date"), violation.get("restored")
        if date is not None and restored is not None and restored < date:
            errors.append(
                FieldError(
                    number,
                    f"violations[{index}].restored",
                    f"{restored} is before the violation {date}",
                )
            )


def _json_type(value: Value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float | Decimal):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__
