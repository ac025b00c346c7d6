"""Open-data releases: aggregate, suppress, write CSV/JSON/XLSX and a Frictionless package.

A release (``DataRelease``) names a year, one or two dimensions and a measure. Publishing it
computes the table from the contract executions (ORM), applies ``suppression``, writes four
files under ``data_dir()/opendata/<slug>/v<n>/`` and records their SHA-256 in a new immutable
``DataReleaseVersion``: v1, v2, … each superseding the one before, none ever rewritten.

Amounts: each execution is converted on its own at its year's average rate and rounded half
up to the cent/fen (``waibao.reporting.rates``, the one conversion: the same figures as the
statistics, the dashboard and the brief), then summed per enterprise and cell. Published as
strings with two decimals; a suppressed cell is empty with ``flag`` = ``suppressed``.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from waibao.audit.services import audit_record
from waibao.money import format_fen
from waibao.paths import data_dir
from waibao.publishing import storage
from waibao.publishing.access import require_editor
from waibao.publishing.models import DataRelease, DataReleaseVersion
from waibao.publishing.suppression import TOTAL, Rule, build_table, suppress
from waibao.registry.models import Region
from waibao.reporting.models import Execution
from waibao.reporting.rates import MissingRate, Rates
from waibao.spreadsheets import csv_dict_writer, workbook, xlsx_append

FILE_NAMES = ("data.csv", "data.json", "data.xlsx", "datapackage.json")

# dimension → (ORM path of the execution, title zh, title en)
DIMENSIONS: dict[str, tuple[str, str, str]] = {
    "city": ("contract__organisation__region_id", "城市", "City (GB/T 2260 code)"),
    "district": ("contract__organisation__region_id", "区县", "District (GB/T 2260 code)"),
    "group": ("contract__category__group", "业务大类", "Category group (ITO/BPO/KPO)"),
    "offshore": ("contract__client_country", "离岸", "Offshore (client outside mainland)"),
}
MEASURES: dict[str, tuple[str, str, str]] = {
    "executed_usd": ("USD", "执行金额(美元)", "Value executed (USD)"),
    "executed_cny": ("CNY", "执行金额(人民币元)", "Value executed (CNY)"),
}


class ReleaseError(ValueError):
    pass


def _key(dimension: str, raw: str) -> str:
    if dimension == "city":
        return raw[:4] + "00"
    if dimension == "offshore":
        return "false" if raw == "CN" else "true"
    return raw


def release_records(release: DataRelease) -> list[tuple[str, str, int, int]]:
    """(row, column, enterprise id, amount in minor units) for the release's year."""
    dims = list(release.dimensions)
    if not 1 <= len(dims) <= 2 or any(d not in DIMENSIONS for d in dims):
        raise ReleaseError(f"dimensions must be one or two of {sorted(DIMENSIONS)}: {dims}")
    if release.measure not in MEASURES:
        raise ReleaseError(f"unknown measure {release.measure!r}")
    target = MEASURES[release.measure][0]
    paths = [DIMENSIONS[d][0] for d in dims]
    rates, year = Rates.from_database(), release.year
    rows = (
        Execution.objects.filter(execution_date__year=year)
        .values("contract__organisation_id", "currency", "amount_minor", *paths)
        .order_by()
    )
    sums: dict[tuple[str, str, int], int] = defaultdict(int)
    try:
        for row in rows.iterator(chunk_size=10_000):
            keys = [_key(d, str(row[p])) for d, p in zip(dims, paths, strict=True)]
            col = keys[1] if len(keys) == 2 else "value"
            amount = rates.convert(row["amount_minor"], row["currency"], year, target)
            sums[(keys[0], col, row["contract__organisation_id"])] += amount
    except MissingRate as error:
        raise ReleaseError(f"no {year} average exchange rate for {error.currency}") from None
    return [(r, c, e, a) for (r, c, e), a in sorted(sums.items())]


def release_table(release: DataRelease) -> tuple[list[dict[str, Any]], int]:
    """The published rows (totals included) and the number of suppressed cells."""
    table = build_table(release_records(release))
    hidden = suppress(table, Rule(release.min_enterprises, release.dominance_percent))
    dims = list(release.dimensions)
    names = dict(Region.objects.values_list("code", "name"))
    out = []
    for (row, col), cell in sorted(
        table.items(),
        key=lambda kv: (kv[0][0] == TOTAL, str(kv[0][0]), kv[0][1] == TOTAL, str(kv[0][1])),
    ):
        if len(dims) == 1 and col == TOTAL:
            continue  # one dimension: the row is its own total
        record: dict[str, Any] = {}
        for dim, key in zip(dims, (row, col), strict=False):
            record[dim] = "total" if key == TOTAL else key
            if dim in ("city", "district"):
                record[f"{dim}_name"] = "合计" if key == TOTAL else names.get(str(key), "")
        record["year"] = release.year
        record["value"] = None if cell.suppressed else format_fen(cell.value)
        record["enterprises"] = cell.enterprises
        record["flag"] = "suppressed" if cell.suppressed else ""
        out.append(record)
    return out, hidden


def _fields(release: DataRelease) -> list[dict[str, Any]]:
    unit, title_zh, title_en = MEASURES[release.measure]
    fields: list[dict[str, Any]] = []
    for dim in release.dimensions:
        _, zh, en = DIMENSIONS[dim]
        fields.append({"name": dim, "type": "string", "title": en, "title_zh": zh})
        if dim in ("city", "district"):
            fields.append(
                {"name": f"{dim}_name", "type": "string", "title": "Name", "title_zh": "名称"}
            )
    fields += [
        {"name": "year", "type": "integer", "title": "Year", "title_zh": "年度"},
        {
            "name": "value",
            "type": "number",
            "title": title_en,
            "title_zh": title_zh,
            "unit": unit,
            "description": "Two decimals; empty when suppressed",
        },
        {
            "name": "enterprises",
            "type": "integer",
            "title": "Enterprises contributing",
            "title_zh": "企业数",
            "unit": "count",
        },
        {
            "name": "flag",
            "type": "string",
            "title": "Suppression flag",
            "title_zh": "隐藏标记",
            "constraints": {"enum": ["", "suppressed"]},
        },
    ]
    return fields


def version_dir(slug: str, number: int) -> Path:
    return data_dir() / "opendata" / slug / f"v{number}"


def _write(directory: Path, release: DataRelease, number: int, rows: list[dict[str, Any]]) -> None:
    fields = _fields(release)
    names = [f["name"] for f in fields]
    buffer = io.StringIO()
    writer = csv_dict_writer(buffer, names, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row[k] for k in names})
    (directory / "data.csv").write_text(buffer.getvalue(), encoding="utf-8")
    (directory / "data.json").write_text(
        json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    book = workbook()
    sheet = book.active
    sheet.title = f"v{number}"
    xlsx_append(sheet, names)
    for row in rows:
        xlsx_append(sheet, ["" if row.get(k) is None else row[k] for k in names])
    book.save(directory / "data.xlsx")
    rule = Rule(release.min_enterprises, release.dominance_percent)
    package = {
        "profile": "tabular-data-package",
        "name": release.slug,
        "title": release.title_en,
        "title_zh": release.title_zh,
        "version": f"{number}.0.0",
        "created": timezone.now().isoformat(timespec="seconds"),
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "sources": [{"title": "Waibao contract executions (MOFCOM service-outsourcing reporting)"}],
        "waibao:suppression": {
            "min_enterprises": rule.min_enterprises,
            "dominance_percent": rule.dominance_percent,
            "rule": rule.describe(),
            "limits": "Protects against recovery from any single row or column equation; "
            "not a full linear-programming audit.",
        },
        "resources": [
            {
                "name": "data",
                "path": "data.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "hash": "sha256:" + storage.sha256_of(directory / "data.csv"),
                "schema": {"fields": fields, "missingValues": [""]},
            },
            {
                "name": "data-json",
                "path": "data.json",
                "format": "json",
                "mediatype": "application/json",
                "hash": "sha256:" + storage.sha256_of(directory / "data.json"),
            },
            {
                "name": "data-xlsx",
                "path": "data.xlsx",
                "format": "xlsx",
                "mediatype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "hash": "sha256:" + storage.sha256_of(directory / "data.xlsx"),
            },
        ],
    }
    (directory / "datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=1), encoding="utf-8"
    )


@transaction.atomic
def release_publish(*, user: Any, release: DataRelease) -> DataReleaseVersion:
    """Compute and publish the next version. Earlier versions stay, superseded, unchanged."""
    require_editor(user)
    release = DataRelease.objects.select_for_update().get(pk=release.pk)
    last = release.versions.order_by("-number").first()
    number = (last.number if last else 0) + 1
    rows, hidden = release_table(release)
    target = version_dir(release.slug, number)
    if target.exists():
        raise ReleaseError(f"{target} exists: a published version is never overwritten")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent))
    try:
        _write(tmp, release, number, rows)
        files = {name: storage.sha256_of(tmp / name) for name in FILE_NAMES}
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    version = DataReleaseVersion.objects.create(
        release=release,
        number=number,
        published_at=timezone.now(),
        published_by=user if getattr(user, "is_authenticated", False) else None,
        files=files,
        rows=len(rows),
        suppressed_cells=hidden,
    )
    audit_record(
        actor=user,
        action="opendata.publish",
        obj=version,
        to_state=f"v{number}",
        payload={"release": release.slug, "files": files, "suppressed": hidden},
    )
    return version
