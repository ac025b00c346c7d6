"""Writes to reporting: ``contracts_import`` and ``executions_import`` load the files of
DATA-FORMATS.md §2–3 under the rules of §4.

All-or-nothing: the whole import runs in one transaction; rows are validated as they are
read and written in batches while the file is clean; the first bad row stops the writing
(validation goes on, so that every bad row is reported) and the transaction is rolled back.
Idempotent: a row whose key is stored with the same values counts as unchanged; with other
values it is an error, never an update.

Built for a million rows in seconds: reference sets (organisations, categories, countries,
currencies) are read once, dates are parsed once per distinct text, stored rows are read
per organisation only when the table already has rows, and rows go in by COPY / executemany
(``waibao.imports.bulk``). Contracts and executions must reference rows already in the
database (enterprises and contracts come from their own imports), not rows of the same file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from operator import itemgetter
from pathlib import Path

from django.db import connection, transaction

from waibao.imports.bulk import (
    LARGE_BATCH,
    CopyStream,
    bulk_insert,
    foreign_keys_drop,
    foreign_keys_restore,
)
from waibao.imports.problems import ImportResult, Problems
from waibao.imports.tabular import AMOUNT, DATE, Column, read_rows
from waibao.money import MoneyError, format_fen, parse_fen, round_half_up
from waibao.registry.models import Organisation
from waibao.registry.validation import parse_iso_date, uscc_problem
from waibao.reporting.models import Category, Contract, Execution
from waibao.reporting.rates import MissingRate, cny_per_unit, rate_table
from waibao.reporting.validation import (
    category_problem,
    country_codes,
    country_problem,
    currency_codes,
    currency_problem,
)

BATCH = 200_000
Progress = Callable[[int], None] | None
# Rows given directly instead of a file (a web form): ``(row number, cells in column order)``.
Rows = Iterable[tuple[int, tuple[str | None, ...]]] | None

CONTRACT_COLUMNS = (
    Column("contract_id", required=True),
    Column("uscc", required=True),
    Column("client_name", required=True),
    Column("client_country", required=True),
    Column("category", required=True),
    Column("signed_date", required=True, kind=DATE),
    Column("amount", required=True, kind=AMOUNT),
    Column("currency", required=True),
)
EXECUTION_COLUMNS = (
    Column("execution_id", required=True),
    Column("contract_id", required=True),
    Column("uscc", required=True),
    Column("execution_date", required=True, kind=DATE),
    Column("amount", required=True, kind=AMOUNT),
    Column("currency", required=True),
    Column("receipt_ref", required=False),
)
CONTRACT_FIELDS = (
    "organisation",
    "contract_id",
    "client_name",
    "client_country",
    "category",
    "signed_date",
    "amount_minor",
    "currency",
)
EXECUTION_FIELDS = (
    "contract",
    "execution_id",
    "execution_date",
    "amount_minor",
    "currency",
    "receipt_ref",
)


def _max_length(model: type, field: str) -> int:
    return int(model._meta.get_field(field).max_length)  # type: ignore[attr-defined]


class _Dates:
    """ISO dates parsed once per distinct text: a file has few distinct dates."""

    def __init__(self) -> None:
        self.cache: dict[str, date | str] = {}

    def parse(self, text: str) -> date | str:
        """A ``date``, or the reason the text is not one."""
        value = self.cache.get(text)
        if value is None:
            try:
                value = parse_iso_date(text)
            except ValueError as error:
                value = str(error)
            self.cache[text] = value
        return value


def _organisations(only_uscc: str | None = None) -> dict[str, int]:
    """Every organisation's id by uscc: the registry is small next to a contracts file.
    With ``only_uscc`` (an enterprise reporting for itself) that organisation alone."""
    qs = Organisation.objects.all()
    if only_uscc is not None:
        qs = qs.filter(uscc=only_uscc)
    return dict(qs.values_list("uscc", "id"))


def _uscc_reason(uscc: str, known: dict[str, int], only_uscc: str | None = None) -> str | None:
    if uscc in known:
        return None
    if only_uscc is not None:
        # Whether another firm's code exists is not the uploader's business: one answer,
        # with the code's own defect when it has one.
        malformed = uscc_problem(uscc)
        return (
            f"uscc {uscc} is not your organisation's ({only_uscc}): you may report only your own"
            + (f" ({malformed})" if malformed else "")
        )
    return uscc_problem(uscc) or f"no enterprise with uscc {uscc} in the registry"


class _Writer:
    """Batches rows and writes them while the file is still clean.

    With ``stream`` (PostgreSQL, and no query needed until the end of the file), once an
    import proves large it switches to one open COPY that takes each row as it is validated.
    Used as a context manager so that an exception ends an open COPY cleanly.
    """

    def __init__(
        self, model: type, fields: tuple[str, ...], problems: Problems, *, stream: bool = False
    ):
        self.model, self.fields, self.problems = model, fields, problems
        self.problem_lines = problems.lines  # the list itself: cheap to test per row
        self.pending: list[tuple[object, ...]] = []
        self.written = 0
        self.dropped_foreign_keys: list[tuple[str, str]] | None = None
        self.postgresql = connection.vendor == "postgresql"
        self.stream = stream and self.postgresql
        self.threshold = LARGE_BATCH if self.stream else BATCH
        self.copy: CopyStream | None = None

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, kind: object, error: BaseException | None, traceback: object) -> None:
        if self.copy is not None:
            copy, self.copy = self.copy, None
            copy.close(error)

    def add(self, row: tuple[object, ...]) -> None:
        if self.copy is not None:
            if not self.problem_lines:
                self.copy.write_row(row)
                self.written += 1
            return
        pending = self.pending
        pending.append(row)
        if len(pending) >= self.threshold:
            self.flush()

    def flush(self) -> None:
        """Write what is pending, unless a problem was found: then the transaction will be
        rolled back anyway, and only validation goes on."""
        if self.pending and not self.problems:
            large = len(self.pending) >= LARGE_BATCH
            if self.dropped_foreign_keys is None and self.postgresql and large:
                self.dropped_foreign_keys = foreign_keys_drop(self.model)
            # Key order makes the unique index's inserts nearly sequential.
            self.pending.sort(key=_write_order)
            if self.stream and large:
                self.copy = CopyStream(self.model, self.fields)
                for row in self.pending:
                    self.copy.write_row(row)
            else:
                bulk_insert(self.model, self.fields, self.pending)
            self.written += len(self.pending)
        self.pending = []

    def close(self) -> None:
        """Write the last rows; put back any foreign keys (validating every row at once)."""
        if self.copy is not None:
            copy, self.copy = self.copy, None
            copy.close()
        else:
            self.flush()
        if self.dropped_foreign_keys and not self.problems:
            foreign_keys_restore(self.model, self.dropped_foreign_keys)
            self.dropped_foreign_keys = None


_write_order = itemgetter(0, 1)  # (parent id, own id): the unique index's order


def _fen(text: str) -> int | None:
    """Fast path of ``waibao.money.parse_fen`` for the valid case: the same grammar
    (``0|[1-9][0-9]*`` then optionally ``.`` and one or two digits), ASCII only. ``None``
    sends the caller to ``parse_fen`` for the reason. Twelve digits of yuan at most keep it
    inside ``waibao.bounds.MAX_AMOUNT_FEN``; a longer one goes to ``parse_fen`` too."""
    whole, dot, fraction = text.partition(".")
    if not (whole.isdigit() and whole.isascii()) or (whole[0] == "0" and len(whole) > 1):
        return None
    if len(whole) > 12:
        return None
    if not dot:
        return int(whole) * 100
    if 0 < len(fraction) <= 2 and fraction.isdigit() and fraction.isascii():
        return int(whole) * 100 + int(fraction) * (10 if len(fraction) == 1 else 1)
    return None


# ----------------------------------------------------------------------------- contracts


def contracts_import(
    *,
    path: Path | None = None,
    name: str | None = None,
    progress: Progress = None,
    only_uscc: str | None = None,
    rows: Rows = None,
) -> ImportResult:
    """Import a contracts file; raise ``ImportRefused`` listing every problem.

    ``only_uscc``: refuse every row of another organisation (an enterprise's own upload).
    ``rows``: cells in ``CONTRACT_COLUMNS`` order instead of a file (a web form), checked by
    exactly the same rules."""
    with transaction.atomic():
        return _contracts_import(path, name, progress, only_uscc, rows)


def _stored_contracts(organisation_id: int) -> dict[str, tuple[object, ...]]:
    """An organisation's stored contracts as the file would hold them (ISO date text), read
    with one plain query: the ORM's per-row conversions cost more than the comparison."""
    fields = ("contract_id", *CONTRACT_FIELDS[2:])
    columns = ", ".join(Contract._meta.get_field(name).column for name in fields)
    table = Contract._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {table} WHERE organisation_id = %s",  # noqa: S608  # nosec B608  # table from model metadata
            [organisation_id],
        )
        return {
            contract_id: (client, country, category, _iso(signed), amount, currency)
            for contract_id, client, country, category, signed, amount, currency in cursor
        }


def _iso(value: object) -> str:
    """A date column's value as ISO text: SQLite hands back text, PostgreSQL a ``date``."""
    return value if isinstance(value, str) else value.isoformat()  # type: ignore[attr-defined]


CONTRACT_COMPARED = (
    "client_name",
    "client_country",
    "category",
    "signed_date",
    "amount",
    "currency",
)


def _contracts_import(
    path: Path | None, name: str | None, progress: Progress, only_uscc: str | None, rows: Rows
) -> ImportResult:
    problems = Problems(name or str(path))
    add_problem = problems.add
    organisations = _organisations(only_uscc)
    categories = frozenset(Category.objects.values_list("code", flat=True))
    countries, currencies = country_codes(), currency_codes()
    dates = _Dates()
    good_dates: dict[str, date] = {}
    check_stored = Contract.objects.exists()
    stored_by_org: dict[int, dict[str, tuple[object, ...]]] = {}
    seen: dict[tuple[str, str], int] = {}
    # Streaming needs no query until the end: only when no stored rows must be compared.
    writer = _Writer(Contract, CONTRACT_FIELDS, problems, stream=not check_stored)
    write = writer.add
    limits = (_max_length(Contract, "contract_id"), _max_length(Contract, "client_name"))
    id_max, client_max = limits
    unchanged = 0
    rates_needed: dict[tuple[str, str], int] = {}
    with writer:
        source = rows if rows is not None else read_rows(path, CONTRACT_COLUMNS, problems)  # type: ignore[arg-type]
        for row, cells in source:
            if progress is not None and row % 1_000 == 0:
                progress(row)
            contract_id, uscc, client, country, category, signed_text, amount_text, currency = cells
            # Fast path: every check of the valid case, as cheap set and dict lookups. Any
            # failure (or a cell already refused, None) goes to the path that finds reasons.
            organisation_id = organisations.get(uscc)  # type: ignore[arg-type]
            signed = good_dates.get(signed_text)  # type: ignore[arg-type]
            if signed is None and signed_text:
                parsed = dates.parse(signed_text)
                if not isinstance(parsed, str):
                    signed = good_dates[signed_text] = parsed
            amount = _fen(amount_text) if amount_text else None
            key = (uscc, contract_id)
            if (
                organisation_id is None
                or signed is None
                or amount is None
                or country not in countries
                or category not in categories
                or currency not in currencies
                or not contract_id
                or len(contract_id) > id_max
                or not client
                or len(client) > client_max
                or key in seen
                or contract_id.isspace()
                or client.isspace()
            ):
                if None not in key and key not in seen:
                    seen[key] = row  # type: ignore[index]
                for column, reason in _contract_problems(
                    cells,
                    organisations,
                    categories,
                    seen.get(key, row),
                    row,
                    limits,
                    dates,  # type: ignore[arg-type]
                    only_uscc,
                ):
                    add_problem(row, column, reason)
                continue
            seen[key] = row  # type: ignore[index]
            if check_stored:
                stored_rows = stored_by_org.get(organisation_id)
                if stored_rows is None:
                    stored_rows = stored_by_org[organisation_id] = _stored_contracts(
                        organisation_id
                    )
                stored = stored_rows.get(contract_id)  # type: ignore[arg-type]
                if stored is not None:
                    values = (client, country, category, signed_text, amount, currency)
                    if stored == values:
                        unchanged += 1
                    else:
                        what = f"contract {contract_id} of {uscc}"
                        reason = _difference(what, CONTRACT_COMPARED, values, stored)
                        add_problem(row, "contract_id", reason)
                    continue
            rate_key = (currency, signed_text[:4])  # type: ignore[index]
            if rate_key not in rates_needed:
                rates_needed[rate_key] = row  # type: ignore[index]
            write(
                (
                    organisation_id,
                    contract_id,
                    client,
                    country,
                    category,
                    signed_text,
                    amount,
                    currency,
                )
            )
        writer.close()
    problems.raise_if_any()
    _warn_missing_rates(rates_needed, problems, "signed_date")
    return ImportResult(problems.file, writer.written, unchanged, tuple(problems.warnings))


def _warn_missing_rates(
    needed: dict[tuple[str, str], int], problems: Problems, column: str
) -> None:
    """Statistics convert every amount to CNY and USD at its year's rate; say now, not at
    report time, which rates an administrator must add (DATA-FORMATS.md §3)."""
    rates = rate_table()
    for (currency, year), row in sorted(needed.items(), key=lambda item: item[1]):
        missing = sorted(
            code for code in {currency, "USD"} - {"CNY"} if (code, int(year)) not in rates
        )
        if missing:
            problems.warn(
                row,
                column,
                f"no {'/'.join(missing)} exchange rate for {year} (first row needing it): "
                "statistics will refuse these amounts until an administrator adds it",
            )


def _contract_problems(
    cells: tuple[str | None, ...],
    organisations: dict[str, int],
    categories: frozenset[str],
    first_row: int,
    row: int,
    limits: tuple[int, int],
    dates: _Dates,
    only_uscc: str | None = None,
) -> list[tuple[str, str]]:
    """Every reason a contract row is refused; cells that are ``None`` were refused already."""
    contract_id, uscc, client, country, category, signed_text, amount_text, currency = cells
    id_max, client_max = limits
    errors: list[tuple[str, str]] = []
    if contract_id is not None:
        if contract_id.strip() == "":
            errors.append(("contract_id", "contract_id is empty"))
        elif len(contract_id) > id_max:
            errors.append(("contract_id", f"contract_id is longer than {id_max} characters"))
        elif uscc and first_row != row:
            errors.append(
                (
                    "contract_id",
                    f"contract {contract_id} of {uscc} appears again (first at row {first_row})",
                )
            )
    if uscc is not None and uscc not in organisations:
        errors.append(("uscc", _uscc_reason(uscc, organisations, only_uscc) or ""))
    if client is not None:
        if client.strip() == "":
            errors.append(("client_name", "client_name is empty"))
        elif len(client) > client_max:
            errors.append(("client_name", f"client_name is longer than {client_max} characters"))
    if country is not None:
        reason = country_problem(country)
        if reason:
            errors.append(("client_country", reason))
    if category is not None:
        reason = category_problem(category, categories)
        if reason:
            errors.append(("category", reason))
    if signed_text is not None:
        signed = dates.parse(signed_text) if signed_text else "signed_date is empty"
        if isinstance(signed, str):
            errors.append(("signed_date", signed))
    if amount_text is not None:
        try:
            parse_fen(amount_text)
        except MoneyError as error:
            errors.append(("amount", str(error)))
    if currency is not None:
        reason = currency_problem(currency)
        if reason:
            errors.append(("currency", reason))
    return errors


def _shown(column: str, value: object) -> str:
    if value is None or value == "":
        return "blank"
    if column == "amount":
        return format_fen(value)  # type: ignore[arg-type, return-value]
    return str(value)


def _difference(
    what: str, columns: tuple[str, ...], values: tuple[object, ...], stored: tuple[object, ...]
) -> str:
    changes = ", ".join(
        f"{column} {_shown(column, new)} (stored: {_shown(column, old)})"
        for column, new, old in zip(columns, values, stored, strict=True)
        if new != old
    )
    return f"{what} already exists with different values: {changes}; imports never update"


# ---------------------------------------------------------------------------- executions


@dataclass
class _ContractState:
    """A contract an execution refers to, and what has been executed on it so far."""

    pk: int
    contract_id: str
    uscc: str
    signed_date: date
    amount_minor: int
    currency: str
    executed: Fraction  # in hundredths of the contract's currency
    last_row: int = 0
    unconvertible: str = ""


def executions_import(
    *,
    path: Path | None = None,
    name: str | None = None,
    progress: Progress = None,
    only_uscc: str | None = None,
    rows: Rows = None,
) -> ImportResult:
    """Import an executions file; raise ``ImportRefused`` listing every problem. Executions
    totalling more than their contract's value are accepted with a warning. ``only_uscc``
    and ``rows`` as for ``contracts_import`` (cells in ``EXECUTION_COLUMNS`` order)."""
    with transaction.atomic():
        return _executions_import(path, name, progress, only_uscc, rows)


class _OrganisationContracts:
    """An organisation's contracts and their stored executions, read once when first needed."""

    def __init__(self, organisation_id: int, uscc: str, rates: dict) -> None:
        self.contracts: dict[str, _ContractState] = {}
        by_pk: dict[int, _ContractState] = {}
        for pk, contract_id, signed, amount, currency in Contract.objects.filter(
            organisation_id=organisation_id
        ).values_list("pk", "contract_id", "signed_date", "amount_minor", "currency"):
            state = _ContractState(pk, contract_id, uscc, signed, amount, currency, Fraction(0))
            self.contracts[contract_id] = by_pk[pk] = state
        self.executions: dict[tuple[str, str], tuple[object, ...]] = {}
        if not by_pk:
            return
        for contract_pk, execution_id, when, amount, currency, receipt in Execution.objects.filter(
            contract__organisation_id=organisation_id
        ).values_list(
            "contract_id",
            "execution_id",
            "execution_date",
            "amount_minor",
            "currency",
            "receipt_ref",
        ):
            state = by_pk[contract_pk]
            self.executions[state.contract_id, execution_id] = (when, amount, currency, receipt)
            _add_executed(state, amount, currency, when.year, rates)


def _add_executed(
    state: _ContractState, amount: int, currency: str, year: int, rates: dict
) -> None:
    """Add an execution to its contract's total, in the contract's currency (through CNY at
    the execution year's rates when the currencies differ)."""
    if currency == state.currency:
        state.executed += amount
        return
    try:
        factor = Fraction(cny_per_unit(currency, year, rates=rates)) / Fraction(
            cny_per_unit(state.currency, year, rates=rates)
        )
    except MissingRate as error:
        state.unconvertible = str(error)
        return
    state.executed += amount * factor


EXECUTION_COMPARED = ("execution_date", "amount", "currency", "receipt_ref")


def _executions_import(
    path: Path | None, name: str | None, progress: Progress, only_uscc: str | None, rows: Rows
) -> ImportResult:
    problems = Problems(name or str(path))
    add_problem = problems.add
    organisations = _organisations(only_uscc)
    currencies = currency_codes()
    rates = rate_table()
    dates = _Dates()
    by_org: dict[int, _OrganisationContracts] = {}
    seen: dict[str, int] = {}
    touched: dict[int, _ContractState] = {}
    rates_needed: dict[tuple[str, str], int] = {}
    writer = _Writer(Execution, EXECUTION_FIELDS, problems)
    id_max, receipt_max = (
        _max_length(Execution, "execution_id"),
        _max_length(Execution, "receipt_ref"),
    )
    unchanged = 0
    with writer:
        source = rows if rows is not None else read_rows(path, EXECUTION_COLUMNS, problems)  # type: ignore[arg-type]
        for row, cells in source:
            if progress is not None and row % 1_000 == 0:
                progress(row)
            execution_id, contract_id, uscc, when_text, amount_text, currency, receipt = cells
            errors: list[tuple[str, str]] = []
            if execution_id is not None:
                if execution_id.strip() == "":
                    errors.append(("execution_id", "execution_id is empty"))
                elif len(execution_id) > id_max:
                    errors.append(
                        ("execution_id", f"execution_id is longer than {id_max} characters")
                    )
            contract: _ContractState | None = None
            if uscc is not None:
                organisation_id = organisations.get(uscc)
                if organisation_id is None:
                    errors.append(("uscc", _uscc_reason(uscc, organisations, only_uscc) or ""))
                elif contract_id is not None:
                    known = by_org.get(organisation_id)
                    if known is None:
                        known = by_org[organisation_id] = _OrganisationContracts(
                            organisation_id, uscc, rates
                        )
                    contract = known.contracts.get(contract_id)
                    if contract_id.strip() == "":
                        errors.append(("contract_id", "contract_id is empty"))
                    elif contract is None:
                        errors.append(
                            ("contract_id", f"no contract {contract_id} of {uscc} in the database")
                        )
            if execution_id and contract_id and uscc:
                key = uscc + "\x1f" + contract_id + "\x1f" + execution_id
                first = seen.get(key)
                if first is None:
                    seen[key] = row
                else:
                    errors.append(
                        (
                            "execution_id",
                            f"execution {execution_id} of contract {contract_id} of {uscc}"
                            f" appears again (first at row {first})",
                        )
                    )
            when = None
            if when_text is not None:
                when = dates.parse(when_text) if when_text else "execution_date is empty"
                if isinstance(when, str):
                    errors.append(("execution_date", when))
                elif contract is not None and when < contract.signed_date:
                    errors.append(
                        (
                            "execution_date",
                            f"execution_date {when} is before the contract's signed_date"
                            f" {contract.signed_date}",
                        )
                    )
            amount = 0
            if amount_text is not None:
                try:
                    amount = parse_fen(amount_text)
                except MoneyError as error:
                    errors.append(("amount", str(error)))
            if currency is not None and currency not in currencies:
                errors.append(("currency", currency_problem(currency) or ""))
            if receipt is not None and len(receipt) > receipt_max:
                errors.append(
                    ("receipt_ref", f"receipt_ref is longer than {receipt_max} characters")
                )
            if errors:
                for column, reason in errors:
                    add_problem(row, column, reason)
                continue
            if None in cells or contract is None:
                continue
            stored = by_org[organisations[uscc]].executions.get((contract_id, execution_id))  # type: ignore[index, arg-type]
            if stored is not None:
                values = (when, amount, currency, receipt)
                if stored == values:
                    unchanged += 1
                else:
                    add_problem(
                        row,
                        "execution_id",
                        _difference(
                            f"execution {execution_id} of contract {contract_id} of {uscc}",
                            EXECUTION_COMPARED,
                            values,
                            stored,
                        ),
                    )
                continue
            _add_executed(contract, amount, currency, when.year, rates)  # type: ignore[union-attr]
            contract.last_row = row
            touched[contract.pk] = contract
            if (currency, when_text[:4]) not in rates_needed:  # type: ignore[index]
                rates_needed[currency, when_text[:4]] = row  # type: ignore[index]
            writer.add((contract.pk, execution_id, when_text, amount, currency, receipt))
        writer.close()
    problems.raise_if_any()
    _warn_missing_rates(rates_needed, problems, "execution_date")
    for contract in touched.values():
        _warn_over_executed(contract, problems)
    return ImportResult(problems.file, writer.written, unchanged, tuple(problems.warnings))


def _warn_over_executed(contract: _ContractState, problems: Problems) -> None:
    what = f"contract {contract.contract_id} of {contract.uscc}"
    if contract.unconvertible:
        problems.warn(
            contract.last_row,
            "amount",
            f"{what}: executions not checked against its value: {contract.unconvertible}",
        )
    elif contract.executed > contract.amount_minor:
        executed = round_half_up(contract.executed)
        problems.warn(
            contract.last_row,
            "amount",
            f"executions of {what} total {format_fen(executed)} {contract.currency}, "
            f"above its value {format_fen(contract.amount_minor)} {contract.currency}",
        )
