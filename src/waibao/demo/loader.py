"""Write the demo data set to the database, idempotently and in big batches.

- Reference rows first: regions (province → city → district, ``get_or_create``, so the full
  GB/T 2260 table, when loaded by its migration, is reused), parks, and the categories of
  ``waibao/data/categories.csv``.
- Then organisations, streamed: an organisation whose 统一社会信用代码 is already in the
  database is skipped whole, so a second run adds nothing and an interrupted run resumes.
- Contracts and executions go in with ``executemany`` (``COPY`` on PostgreSQL) and ids taken
  from the table's current maximum inside the batch's transaction (no per-row round trip, no
  ORM objects); the PostgreSQL sequences are reset at the end. The demo is loaded by one
  process at a time: two concurrent loads could pick the same ids (the insert then fails and
  its transaction rolls back, nothing half-written). Each batch is one transaction, holding whole
  organisations only.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction

from waibao import paths
from waibao.demo import geography
from waibao.demo.records import Bundle

BATCH_ROWS = 100_000  # contracts + executions per transaction


@dataclass
class LoadResult:
    organisations_added: int = 0
    organisations_existing: int = 0
    contracts_added: int = 0
    executions_added: int = 0
    seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)


def reference_data_ensure() -> None:
    """Regions, parks and categories the demo needs, created only where missing."""
    from waibao.registry.models import Park, Region
    from waibao.reporting.models import Category

    for code, name, level, parent in geography.region_rows():
        Region.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "parent_id": parent}
        )
    for park in geography.PARKS:
        Park.objects.get_or_create(
            park_id=park.park_id,
            defaults={
                "name": park.name,
                "region_id": park.region_code,
                "capacity_sqm": park.capacity_sqm,
                "has_public_it_platform": park.has_public_it_platform,
            },
        )
    with open(paths.DATA_FILES / "categories.csv", encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            Category.objects.get_or_create(
                code=row["code"],
                defaults={
                    "group": row["group"],
                    "name_zh": row["name_zh"],
                    "name_en": row["name_en"],
                    "version": "categories.csv",
                },
            )


def demo_load(
    bundles: Iterable[Bundle],
    *,
    expected: Iterable[str] = (),
    progress: Callable[[int], None] | None = None,
) -> LoadResult:
    """Load ``bundles``; organisations already present (by uscc) are left as they are. When
    every code of ``expected`` is already present, nothing is generated at all."""
    from waibao.registry.models import Organisation

    started = time.perf_counter()
    reference_data_ensure()
    existing = set(Organisation.objects.values_list("uscc", flat=True))
    result = LoadResult()
    expected = list(expected)
    if expected and existing.issuperset(expected):
        result.organisations_existing = len(expected)
        result.seconds = time.perf_counter() - started
        return result
    batch: list[Bundle] = []
    rows = 0
    seen = 0
    for bundle in bundles:
        seen += 1
        if bundle.organisation.uscc in existing:
            result.organisations_existing += 1
            continue
        existing.add(bundle.organisation.uscc)
        batch.append(bundle)
        rows += sum(1 + len(c.executions) for c in bundle.contracts) + 1
        if rows >= BATCH_ROWS:
            _write(batch, result)
            batch, rows = [], 0
            if progress:
                progress(seen)
    if batch:
        _write(batch, result)
    if progress:
        progress(seen)
    if result.organisations_added:
        if connection.vendor == "postgresql":
            _reset_sequences()
        _analyze()
    result.seconds = time.perf_counter() - started
    return result


def _write(batch: list[Bundle], result: LoadResult) -> None:
    from waibao.registry import models as registry

    with transaction.atomic():
        organisations = registry.Organisation.objects.bulk_create(
            [
                registry.Organisation(region_id=b.organisation.region_code, **_org_fields(b))
                for b in batch
            ],
            batch_size=2_000,
        )
        if any(o.pk is None for o in organisations):  # a backend without RETURNING
            ids = dict(
                registry.Organisation.objects.filter(
                    uscc__in=[o.uscc for o in organisations]
                ).values_list("uscc", "pk")
            )
            for organisation in organisations:
                organisation.pk = ids[organisation.uscc]
        years, certs, recognitions, trainings, expenses, awards, violations = ([] for _ in range(7))
        for bundle, organisation in zip(batch, organisations, strict=True):
            oid = organisation.pk
            years += [
                registry.OrganisationYear(organisation_id=oid, **vars(y)) for y in bundle.years
            ]
            certs += [
                registry.Certification(organisation_id=oid, **vars(c))
                for c in bundle.certifications
            ]
            recognitions += [
                registry.Recognition(organisation_id=oid, **vars(r)) for r in bundle.recognitions
            ]
            trainings += [
                registry.Training(organisation_id=oid, **vars(t)) for t in bundle.trainings
            ]
            expenses += [registry.Expense(organisation_id=oid, **vars(e)) for e in bundle.expenses]
            awards += [
                registry.AwardReceived(organisation_id=oid, **vars(a)) for a in bundle.awards
            ]
            violations += [
                registry.Violation(organisation_id=oid, **vars(v)) for v in bundle.violations
            ]
        for model, objects in (
            (registry.OrganisationYear, years),
            (registry.Certification, certs),
            (registry.Recognition, recognitions),
            (registry.Training, trainings),
            (registry.Expense, expenses),
            (registry.AwardReceived, awards),
            (registry.Violation, violations),
        ):
            model.objects.bulk_create(objects, batch_size=5_000)
        _write_contracts(batch, [o.pk for o in organisations], result)
    result.organisations_added += len(batch)


def _write_contracts(batch: list[Bundle], organisation_ids: list[int], result: LoadResult) -> None:
    from waibao.reporting.models import Contract, Execution

    contract_table = connection.ops.quote_name(Contract._meta.db_table)
    execution_table = connection.ops.quote_name(Execution._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {contract_table}")  # noqa: S608  # nosec B608  # table from model metadata
        next_contract = cursor.fetchone()[0] + 1
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {execution_table}")  # noqa: S608  # nosec B608  # table from model metadata
        next_execution = cursor.fetchone()[0] + 1
        contracts, executions = [], []
        for bundle, oid in zip(batch, organisation_ids, strict=True):
            for c in bundle.contracts:
                contracts.append(
                    (
                        next_contract,
                        oid,
                        c.contract_id,
                        c.client_name,
                        c.client_country,
                        c.category,
                        c.signed_date,
                        c.amount_minor,
                        c.currency,
                    )
                )
                for e in c.executions:
                    executions.append(
                        (
                            next_execution,
                            next_contract,
                            e.execution_id,
                            e.execution_date,
                            e.amount_minor,
                            e.currency,
                            e.receipt_ref,
                        )
                    )
                    next_execution += 1
                next_contract += 1
        _insert(cursor, contract_table, CONTRACT_COLUMNS, contracts)
        _insert(cursor, execution_table, EXECUTION_COLUMNS, executions)
    result.contracts_added += len(contracts)
    result.executions_added += len(executions)


CONTRACT_COLUMNS = (
    "id",
    "organisation_id",
    "contract_id",
    "client_name",
    "client_country",
    "category_id",
    "signed_date",
    "amount_minor",
    "currency",
)
EXECUTION_COLUMNS = (
    "id",
    "contract_id",
    "execution_id",
    "execution_date",
    "amount_minor",
    "currency",
    "receipt_ref",
)


def _insert(cursor: Any, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """COPY on PostgreSQL (several times faster than INSERT), executemany elsewhere."""
    if not rows:
        return
    names = ", ".join(columns)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608  # nosec B608  # table from model metadata


def _org_fields(bundle: Bundle) -> dict[str, object]:
    fields = dict(vars(bundle.organisation))
    del fields["region_code"]
    return fields


def _analyze() -> None:
    """Fresh planner statistics: without them SQLite scans a year of contracts to find one
    district's (12 s against 0.3 s on the 100,000-enterprise data set).

    On PostgreSQL only Waibao's own tables: a bare ``ANALYZE`` also analyses the cluster's
    shared catalogs (``pg_database``, ``pg_authid``…) and keeps them locked until the
    transaction ends, so every other database's ``ANALYZE`` waited behind a load still in
    its transaction (seen with concurrent test runs)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=1000")
            cursor.execute("ANALYZE")
            return
        tables = connection.introspection.django_table_names(only_existing=True)
        names = ", ".join(connection.ops.quote_name(table) for table in sorted(tables))
        cursor.execute(f"ANALYZE {names}")  # nosec B608  # Django's own table names


def _reset_sequences() -> None:
    from waibao.reporting.models import Contract, Execution

    statements = connection.ops.sequence_reset_sql(no_style(), [Contract, Execution])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
