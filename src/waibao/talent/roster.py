"""Roster import (docs/formats/roster.md): CSV or XLSX, all-or-nothing in one transaction,
every bad row reported as ``file:row:column: reason`` (DATA-FORMATS.md §4).

Re-importing changes nothing. A row is keyed by provider, course and ID number; a later roster
may fill in what an earlier one left blank (completion, exams, certificate, hiring), never
change a value already recorded: that is an error, as DATA-FORMATS.md §4 asks. Error messages
never quote personal data.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from waibao import crypto
from waibao.bounds import day_problem
from waibao.money import MoneyError, parse_fen
from waibao.registry.models import Organisation
from waibao.talent.identity import IdentityError, clean_id_number, clean_name, clean_phone
from waibao.talent.models import AccessLog, Course, Enrolment, ErasedIdentity, Person
from waibao.talent.services import access_log_record
from waibao.uploads import FileRefused, import_file_check

REQUIRED = ("provider_uscc", "course_code", "id_number", "name", "enrolled_on", "fee_paid_cny")
OPTIONAL = (
    "phone",
    "graduation_date",
    "employer_uscc",
    "employed_since",
    "completed_on",
    "final_exam",
    "qualification_exam",
    "certificate_no",
    "hired_by_uscc",
    "hired_on",
)
COLUMNS = REQUIRED + OPTIONAL
EXAM_WORDS = {  # nosec B105  # exam results, not passwords
    "": "",
    "pass": "pass",
    "合格": "pass",
    "fail": "fail",
    "不合格": "fail",
}
# Fields a later roster may fill in when blank, but never change.
FILLABLE = (
    "completed_on",
    "final_exam",
    "qualification_exam",
    "certificate_no",
    "hired_by_id",
    "hired_on",
)
FIXED = ("enrolled_on", "graduation_date", "employer_id", "employed_since", "fee_paid_fen")


class RosterError(ValueError):
    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))


@dataclass
class RosterResult:
    added: int = 0
    filled: int = 0
    unchanged: int = 0
    people_added: int = 0


@dataclass
class _Row:
    number: int
    values: dict[str, Any] = field(default_factory=dict)


# ----------------------------------------------------------------- reading


def _read_csv(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    handle = path.open(encoding="utf-8-sig", newline="")
    reader = csv.reader(handle)
    try:
        header = next(reader)
    except StopIteration:
        handle.close()
        return [], iter(())

    def rows() -> Iterator[tuple[int, list[str]]]:
        with handle:
            start = reader.line_num + 1
            for record in reader:
                yield start, record
                start = reader.line_num + 1

    return header, rows()


def _xlsx_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = str(Decimal(repr(value)))
        return text[:-2] if text.endswith(".0") else text
    return str(value)


def _read_xlsx(
    path: Path,
) -> tuple[list[str], Iterator[tuple[int, list[str]]], set[tuple[int, int]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    numeric: set[tuple[int, int]] = set()
    table: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        for index, value in enumerate(cells):
            if isinstance(value, int | float) and not isinstance(value, bool):
                numeric.add((number, index))
        table.append((number, [_xlsx_cell(value) for value in cells]))
    workbook.close()
    if not table:
        return [], iter(()), numeric
    header = [cell.strip() for cell in table[0][1]]
    while header and header[-1] == "":
        header.pop()
    return header, iter(table[1:]), numeric


# ----------------------------------------------------------------- checking


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as error:
        raise ValueError(f"{text!r} is not an ISO date (YYYY-MM-DD)") from error
    problem = day_problem(day)
    if problem:
        raise ValueError(problem)
    return day


def _check_row(raw: dict[str, str], errors: list[str], where: str) -> dict[str, Any] | None:
    """Parse one row; append an error per bad column; ``None`` when any was bad."""
    values: dict[str, Any] = {}
    count = len(errors)

    def bad(column: str, reason: str) -> None:
        errors.append(f"{where}:{column}: {reason}")

    for column in REQUIRED:
        if not raw.get(column, "").strip():
            bad(column, "required value is empty")
    text = {column: raw.get(column, "").strip() for column in COLUMNS}
    if text["id_number"]:
        try:
            values["id_number"] = clean_id_number(text["id_number"])
        except IdentityError as error:
            bad("id_number", str(error))
    if text["name"]:
        try:
            values["name"] = clean_name(text["name"])
        except IdentityError as error:
            bad("name", str(error))
    values["phone"] = ""
    if text["phone"]:
        try:
            values["phone"] = clean_phone(text["phone"])
        except IdentityError as error:
            bad("phone", str(error))
    for column in ("enrolled_on", "graduation_date", "employed_since", "completed_on", "hired_on"):
        values[column] = None
        if text[column]:
            try:
                values[column] = _date(text[column])
            except ValueError as error:
                bad(column, str(error))
    if text["fee_paid_cny"]:
        try:
            values["fee_paid_fen"] = parse_fen(text["fee_paid_cny"])
        except MoneyError as error:
            bad("fee_paid_cny", str(error))
    for column in ("final_exam", "qualification_exam"):
        word = text[column].lower()
        if word not in EXAM_WORDS:
            bad(column, f"{text[column]!r} is not pass, fail, 合格, 不合格 or empty")
        else:
            values[column] = EXAM_WORDS[word]
    values["certificate_no"] = text["certificate_no"][:64]
    for column in ("provider_uscc", "course_code", "employer_uscc", "hired_by_uscc"):
        values[column] = text[column].upper() if column.endswith("uscc") else text[column]
    if bool(values["employer_uscc"]) != bool(text["employed_since"]):
        missing = "employed_since" if values["employer_uscc"] else "employer_uscc"
        bad(missing, "employer_uscc and employed_since go together")
    if bool(values["hired_by_uscc"]) != bool(text["hired_on"]):
        missing = "hired_on" if values["hired_by_uscc"] else "hired_by_uscc"
        bad(missing, "hired_by_uscc and hired_on go together")
    enrolled = values.get("enrolled_on")
    if enrolled and values.get("completed_on") and values["completed_on"] < enrolled:
        bad("completed_on", "is before enrolled_on")
    if enrolled and values.get("hired_on") and values["hired_on"] < enrolled:
        bad("hired_on", "is before enrolled_on")
    if values.get("final_exam") and not values.get("completed_on") and not text["completed_on"]:
        bad("completed_on", "a final exam result needs the completion date")
    return values if len(errors) == count else None


# ----------------------------------------------------------------- importing


def _by_row(errors: list[str], name: str) -> list[str]:
    """Errors in file order (stable within a row): every message starts ``name:row:``."""

    def row(message: str) -> int:
        number = message[len(name) + 1 :].split(":", 1)[0]
        return int(number) if number.isdigit() else 0

    return sorted(errors, key=row)


def _size_check(path: Path, name: str) -> None:
    """Refuse a roster over the size limits (``waibao.uploads``) before a parser opens it."""
    try:
        import_file_check(path)
    except FileRefused as refused:
        raise RosterError([f"{name}:0:-: {refused}"]) from None
    except OSError:
        pass  # cannot be opened: the reader reports it


def roster_import(
    path: str | Path, *, display_name: str | None = None, user: Any = None
) -> RosterResult:
    """Check every row, then write them all in one transaction, or raise ``RosterError``
    with every bad row and write nothing."""
    path = Path(path)
    name = display_name or str(path)
    _size_check(path, name)
    numeric: set[tuple[int, int]] = set()
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        header, rows, numeric = _read_xlsx(path)
    elif path.suffix.lower() == ".csv":
        header, rows = _read_csv(path)
    else:
        raise RosterError([f"{name}:1:: not a .csv or .xlsx file"])
    header = [column.strip() for column in header]
    errors: list[str] = []
    for column in REQUIRED:
        if column not in header:
            errors.append(f"{name}:1:{column}: required column is missing")
    for column in header:
        if column not in COLUMNS:
            errors.append(f"{name}:1:{column}: unknown column")
    if errors:
        raise RosterError(errors)
    id_position = header.index("id_number")

    parsed: list[_Row] = []
    for number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        raw = {column: (cells[i] if i < len(cells) else "") for i, column in enumerate(header)}
        where = f"{name}:{number}"
        if (number, id_position) in numeric:
            errors.append(
                f"{where}:id_number: stored as a number in Excel, which loses digits; "
                "format the column as text"
            )
            continue
        nul = [column for column, cell in raw.items() if "\x00" in cell]
        for column in nul:  # no database stores NUL in text (issue 17 item 6)
            errors.append(f"{where}:{column}: a NUL character (0x00) in the cell")
        if nul:
            continue
        values = _check_row(raw, errors, where)
        if values is not None:
            parsed.append(_Row(number, values))

    organisations = _organisations(parsed)
    courses = {
        (c.provider.uscc, c.code): c
        for c in Course.objects.select_related("provider").filter(
            provider__uscc__in={row.values["provider_uscc"] for row in parsed}
        )
    }
    seen: dict[tuple[str, str, str], int] = {}
    erased = set(ErasedIdentity.objects.values_list("id_number_index", flat=True))
    for row in parsed:
        v, where = row.values, f"{name}:{row.number}"
        if v["provider_uscc"] not in organisations:
            errors.append(f"{where}:provider_uscc: no organisation with this uscc in the registry")
        elif (v["provider_uscc"], v["course_code"]) not in courses:
            errors.append(f"{where}:course_code: unknown course of this provider")
        else:
            v["course"] = courses[(v["provider_uscc"], v["course_code"])]
        for column, target in (("employer_uscc", "employer"), ("hired_by_uscc", "hired_by")):
            v[target] = None
            if v[column]:
                if v[column] not in organisations:
                    errors.append(
                        f"{where}:{column}: no organisation with this uscc in the registry"
                    )
                else:
                    v[target] = organisations[v[column]]
        key = (v["provider_uscc"], v["course_code"], v["id_number"])
        if key in seen:
            errors.append(
                f"{where}:id_number: duplicate of row {seen[key]} (same course and person)"
            )
        else:
            seen[key] = row.number
        v["person_key"] = crypto.blind_index(v["id_number"])
        if v["person_key"] in erased:
            errors.append(
                f"{where}:id_number: this person's data was erased at their request; remove the row"
            )
    if errors:
        raise RosterError(_by_row(errors, name))

    with transaction.atomic():
        result = _write(parsed, name, errors)
        if errors:
            raise RosterError(_by_row(errors, name))  # rolls back everything written
        _sync_trainings(parsed)
        access_log_record(
            user=user,
            action=AccessLog.Action.IMPORT,
            actor_label="" if user else "cli",
            fields="id_number,name,phone",
            purpose=f"roster {name}: {result.added} added, {result.filled} filled in",
        )
    return result


def _sync_trainings(rows: list[_Row]) -> None:
    """Keep ``registry.Training`` (what the facts builder reads) current for every provider and
    completion year the roster touched, in the import's transaction."""
    from waibao.talent.services import training_sync

    touched = {
        (row.values["course"].provider, row.values["completed_on"].year)
        for row in rows
        if row.values["completed_on"] is not None
    }
    for provider, year in sorted(touched, key=lambda pair: (pair[0].pk, pair[1])):
        training_sync(organisation=provider, year=year)


def _organisations(rows: list[_Row]) -> dict[str, Organisation]:
    codes: set[str] = set()
    for row in rows:
        for column in ("provider_uscc", "employer_uscc", "hired_by_uscc"):
            if row.values.get(column):
                codes.add(row.values[column])
    return {o.uscc: o for o in Organisation.objects.filter(uscc__in=codes)}


_CHUNK = 500  # keeps IN (...) lists under every database's parameter limit


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _people(
    rows: list[_Row], name: str, errors: list[str], result: RosterResult
) -> dict[str, Person]:
    """The person of every row, by blind index: found in bulk, checked (same name), the new
    ones created in bulk, encrypted."""
    keys = sorted({row.values["person_key"] for row in rows})
    people: dict[str, Person] = {}
    for chunk in _chunks(keys):
        people.update(
            {p.id_number_index: p for p in Person.objects.filter(id_number_index__in=chunk)}
        )
    checked: dict[str, str] = {}
    new: dict[str, Person] = {}
    phone_changed: dict[str, Person] = {}
    for row in rows:
        v, key = row.values, row.values["person_key"]
        person = people.get(key)
        if person is None:
            if key in new:
                if crypto.decrypt(new[key].name_encrypted) != v["name"]:
                    errors.append(
                        f"{name}:{row.number}:name: differs from another row of this ID number"
                    )
                continue
            new[key] = Person(
                id_number_encrypted=crypto.encrypt(v["id_number"]),
                id_number_index=key,
                name_encrypted=crypto.encrypt(v["name"]),
                phone_encrypted=crypto.encrypt(v["phone"]) if v["phone"] else "",
            )
            continue
        if key not in checked:
            checked[key] = crypto.decrypt(person.name_encrypted)
            recorded_phone = (
                crypto.decrypt(person.phone_encrypted) if person.phone_encrypted else ""
            )
            if v["phone"] and v["phone"] != recorded_phone:
                person.phone_encrypted = crypto.encrypt(v["phone"])
                phone_changed[key] = person
        if checked[key] != v["name"]:
            errors.append(
                f"{name}:{row.number}:name: name differs from the one recorded for this ID number"
            )
    if errors:
        return people
    for person in phone_changed.values():
        person.save(update_fields=["phone_encrypted"])
    created = Person.objects.bulk_create(list(new.values()), batch_size=_CHUNK)
    if any(person.pk is None for person in created):  # a backend without RETURNING
        for chunk in _chunks(list(new)):
            people.update(
                {p.id_number_index: p for p in Person.objects.filter(id_number_index__in=chunk)}
            )
    else:
        people.update({person.id_number_index: person for person in created})
    result.people_added = len(new)
    return people


def _write(rows: list[_Row], name: str, errors: list[str]) -> RosterResult:
    result = RosterResult()
    people = _people(rows, name, errors, result)
    if errors:
        return result
    existing: dict[tuple[int, str], Enrolment] = {}
    course_ids = sorted({row.values["course"].pk for row in rows})
    for chunk in _chunks(sorted({row.values["person_key"] for row in rows})):
        for enrolment in Enrolment.objects.filter(course_id__in=course_ids, person_key__in=chunk):
            existing[(enrolment.course_id, enrolment.person_key)] = enrolment
    additions = []
    for row in rows:
        v, where = row.values, f"{name}:{row.number}"
        wanted = {
            "enrolled_on": v["enrolled_on"],
            "graduation_date": v["graduation_date"],
            "employer_id": v["employer"].pk if v["employer"] else None,
            "employed_since": v["employed_since"],
            "fee_paid_fen": v["fee_paid_fen"],
            "completed_on": v["completed_on"],
            "final_exam": v["final_exam"],
            "qualification_exam": v["qualification_exam"],
            "certificate_no": v["certificate_no"],
            "hired_by_id": v["hired_by"].pk if v["hired_by"] else None,
            "hired_on": v["hired_on"],
        }
        enrolment = existing.get((v["course"].pk, v["person_key"]))
        if enrolment is None:
            additions.append(
                Enrolment(
                    course=v["course"],
                    person=people[v["person_key"]],
                    person_key=v["person_key"],
                    **wanted,
                )
            )
            continue
        changes = {}
        for attribute in FIXED + FILLABLE:
            old, new = getattr(enrolment, attribute), wanted[attribute]
            if new in (None, "") or old == new:
                continue
            if attribute in FILLABLE and old in (None, ""):
                changes[attribute] = new
            else:
                column = _COLUMN_OF.get(attribute, attribute)
                errors.append(f"{where}:{column}: differs from the value already recorded")
        if changes:
            for attribute, new in changes.items():
                setattr(enrolment, attribute, new)
            enrolment.save(update_fields=list(changes))
            result.filled += 1
        else:
            result.unchanged += 1
    if not errors:
        Enrolment.objects.bulk_create(additions, batch_size=_CHUNK)
        result.added = len(additions)
    return result


_COLUMN_OF = {
    "employer_id": "employer_uscc",
    "hired_by_id": "hired_by_uscc",
    "fee_paid_fen": "fee_paid_cny",
}


def roster_providers(path: str | Path) -> set[str]:
    """The provider codes a roster names, read before importing to check the uploader's rights."""
    path = Path(path)
    _size_check(path, str(path))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        header, rows, _ = _read_xlsx(path)
    elif path.suffix.lower() == ".csv":
        header, rows = _read_csv(path)
    else:
        return set()
    header = [column.strip() for column in header]
    if "provider_uscc" not in header:
        return set()
    position = header.index("provider_uscc")
    return {
        cells[position].strip().upper()
        for _, cells in rows
        if position < len(cells) and cells[position].strip()
    }
