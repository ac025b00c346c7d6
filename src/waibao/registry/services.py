"""Writes to the registry. ``enterprises_import`` loads ``enterprises.csv`` (DATA-FORMATS.md
§1, §4): all-or-nothing, every bad row reported, idempotent, never an update."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from django.db import transaction

from waibao.imports.problems import ImportResult, Problems
from waibao.imports.tabular import AMOUNT, DATE, Column, read_rows
from waibao.money import MoneyError, format_fen, parse_fen
from waibao.registry.models import Organisation, Park, Region
from waibao.registry.validation import (
    RegionIndex,
    ownership_problem,
    parse_iso_date,
    uscc_problem,
)

ENTERPRISE_COLUMNS = (
    Column("uscc", required=True),
    Column("name", required=True),
    Column("region_code", required=True),
    Column("park_id", required=False),
    Column("ownership", required=False),
    Column("registered_capital_cny", required=False, kind=AMOUNT),
    Column("founded", required=False, kind=DATE),
)
COMPARED = ("name", "region_code", "park_id", "ownership", "registered_capital_cny", "founded")
_NAME_MAX = Organisation._meta.get_field("name").max_length


def region_index() -> RegionIndex:
    """The regions in the database (the shipped table, plus any an administrator added)."""
    return RegionIndex.from_rows(list(Region.objects.values_list("code", "level", "parent_id")))


def enterprises_import(
    *, path: Path, name: str | None = None, progress: Callable[[int], None] | None = None
) -> ImportResult:
    """Import an enterprises file; raise ``ImportRefused`` listing every problem."""
    with transaction.atomic():
        return _enterprises_import(path, name, progress)


def _enterprises_import(
    path: Path, name: str | None, progress: Callable[[int], None] | None
) -> ImportResult:
    problems = Problems(name or str(path))
    regions = region_index()
    parks = set(Park.objects.values_list("park_id", flat=True))
    stored_rows = Organisation.objects.values_list(
        "uscc", "name", "region_id", "park_id", "ownership", "registered_capital_fen", "founded"
    )
    existing = {
        uscc: (org_name, region, park or "", ownership, capital, founded)
        for uscc, org_name, region, park, ownership, capital, founded in stored_rows
    }
    seen: dict[str, int] = {}
    new: list[Organisation] = []
    unchanged = 0
    for row, cells in read_rows(path, ENTERPRISE_COLUMNS, problems):
        if progress is not None and row % 1_000 == 0:
            progress(row)
        uscc, org_name, region, park, ownership, capital_text, founded_text = cells
        errors: list[tuple[str, str]] = []
        bad = errors.append
        if uscc is not None:
            reason = uscc_problem(uscc)
            if reason:
                bad(("uscc", reason))
            elif uscc in seen:
                bad(("uscc", f"uscc {uscc} appears again (first at row {seen[uscc]})"))
            else:
                seen[uscc] = row
        if org_name is not None:
            if org_name.strip() == "":
                bad(("name", "name is empty"))
            elif len(org_name) > _NAME_MAX:
                bad(("name", f"name is longer than {_NAME_MAX} characters"))
        if region is not None:
            reason = regions.enterprise_region_problem(region)
            if reason:
                bad(("region_code", reason))
        if park and park not in parks:
            bad(("park_id", f"park_id {park!r} is not a known park"))
        if ownership is not None:
            reason = ownership_problem(ownership)
            if reason:
                bad(("ownership", reason))
        capital: int | None = None
        if capital_text:
            try:
                capital = parse_fen(capital_text)
            except MoneyError as error:
                bad(("registered_capital_cny", str(error)))
        founded: date | None = None
        if founded_text:
            try:
                founded = parse_iso_date(founded_text)
            except ValueError as error:
                bad(("founded", str(error)))
        if errors:
            for column, reason in errors:
                problems.add(row, column, reason)
            continue
        if None in cells:
            continue
        values = (org_name, region, park, ownership, capital, founded)
        stored = existing.get(uscc)  # type: ignore[arg-type]
        if stored is None:
            new.append(
                Organisation(
                    uscc=uscc,
                    name=org_name,
                    kind=Organisation.Kind.ENTERPRISE,
                    region_id=region,
                    park_id=park or None,
                    ownership=ownership,
                    registered_capital_fen=capital,
                    founded=founded,
                )
            )
        elif stored == values:
            unchanged += 1
        else:
            problems.add(row, "uscc", _difference(uscc, values, stored))  # type: ignore[arg-type]
    problems.raise_if_any()
    Organisation.objects.bulk_create(new, batch_size=5000)
    return ImportResult(problems.file, len(new), unchanged, tuple(problems.warnings))


def _shown(column: str, value: object) -> str:
    if value is None or value == "":
        return "blank"
    if column == "registered_capital_cny":
        return format_fen(value)  # type: ignore[arg-type, return-value]
    return str(value)


def _difference(uscc: str, values: tuple[object, ...], stored: tuple[object, ...]) -> str:
    changes = ", ".join(
        f"{column} {_shown(column, new)} (stored: {_shown(column, old)})"
        for column, new, old in zip(COMPARED, values, stored, strict=True)
        if new != old
    )
    return (
        f"enterprise {uscc} already exists with different values: {changes}; imports never update"
    )
