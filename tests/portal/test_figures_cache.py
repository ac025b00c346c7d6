"""Cached figures (``waibao.readmodel.cache``) are never stale: they are keyed on the data
version that database triggers change with every write, whatever does the writing, and they
equal what is computed without the cache. Runs on SQLite and, in the PostgreSQL pass, on
PostgreSQL (statement-level triggers there)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from waibao.dataversion import data_version
from waibao.portal import selectors
from waibao.readmodel import calculator

CONTRACT_HEADER = [
    "contract_id",
    "uscc",
    "client_name",
    "client_country",
    "category",
    "signed_date",
    "amount",
    "currency",
]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def _uncached_dashboard(user):
    """The dashboard computed now, the cache bypassed."""
    cache.clear()
    return selectors.dashboard_for(user)


def _import_contract(tmp_path, uscc: str, contract_id: str, signed: str) -> None:
    from waibao.reporting.services import contracts_import

    path = tmp_path / f"{contract_id}.csv"
    path.write_text(
        ",".join(CONTRACT_HEADER)
        + f"\n{contract_id},{uscc},Fabrikam Ltd,JP,ITO.01,{signed},2500.00,USD\n",
        encoding="utf-8",
    )
    contracts_import(path=path)


@pytest.mark.django_db
def test_importing_a_contract_changes_the_cached_dashboard(world, tmp_path):
    leader = world.users["leader"]
    before = selectors.dashboard_for(leader)
    assert before.contracts_by_year == [4]
    assert selectors.dashboard_for(leader) == before  # served from the cache

    _import_contract(tmp_path, world.orgs.own.uscc, "HT-NEW-1", "2024-05-02")

    after = selectors.dashboard_for(leader)
    assert after.contracts_by_year == [5]
    assert after == _uncached_dashboard(leader)


@pytest.mark.django_db
def test_a_bulk_import_bumps_the_version_once_and_leaves_the_triggers_in_place(world, tmp_path):
    """On SQLite a bulk insert lifts the table's per-row triggers for its rows and bumps the
    version itself (waibao.dataversion.triggers.bulk_rows); the triggers are back afterwards."""
    before = data_version()
    _import_contract(tmp_path, world.orgs.own.uscc, "HT-BULK-1", "2024-05-02")
    after_import = data_version()
    assert after_import != before
    with connection.cursor() as cursor:  # a later write by other means is still tracked
        cursor.execute("UPDATE reporting_contract SET client_name = client_name || '.'")
    assert data_version() != after_import


@pytest.mark.django_db
def test_a_bulk_insert_rolled_back_keeps_the_version_and_brings_the_triggers_back(world):
    from waibao.dataversion.triggers import bulk_rows

    before = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        with bulk_rows(connection, "reporting_contract"):
            with connection.cursor() as cursor:
                cursor.execute("UPDATE reporting_contract SET client_name = client_name || '.'")
            raise RuntimeError("the import is refused after writing")
    assert data_version() == before
    with connection.cursor() as cursor:  # the triggers were restored by the rollback
        cursor.execute("UPDATE reporting_contract SET client_name = client_name || '.'")
    assert data_version() != before


@pytest.mark.django_db
def test_a_change_by_raw_sql_changes_the_dashboard_too(world):
    leader = world.users["leader"]
    assert selectors.dashboard_for(leader).executed_by_year == {"USD": ["280000.00"]}
    with connection.cursor() as cursor:
        cursor.execute("UPDATE reporting_execution SET amount_minor = amount_minor + 1")
    assert selectors.dashboard_for(leader).executed_by_year == {"USD": ["280000.04"]}


@pytest.mark.django_db
def test_cached_dashboards_equal_uncached_ones_for_every_role_and_never_leak_scope(world):
    roles = ("leader", "city_admin", "district_reviewer", "analyst", "system_admin")
    cached = {}
    for role in roles:  # fill the cache in one order...
        cached[role] = selectors.dashboard_for(world.users[role])
    for role in reversed(roles):  # ...read it in the other
        assert selectors.dashboard_for(world.users[role]) == cached[role]
        assert cached[role] == _uncached_dashboard(world.users[role])
    assert cached["district_reviewer"].districts == ["天河区"]
    assert cached["leader"].organisations == 4
    assert cached["city_admin"].organisations == 3


@pytest.mark.django_db
def test_the_version_changes_with_each_write_and_a_rolled_back_one_is_never_reused(world):
    from waibao.reporting.models import Execution

    start = data_version()
    seen = set()
    for _ in range(2):
        with transaction.atomic():
            sid = transaction.savepoint()
            Execution.objects.update(amount_minor=1)
            inside = data_version()
            assert inside != start
            seen.add(inside)
            transaction.savepoint_rollback(sid)
        assert data_version() == start
    assert len(seen) == 2  # the second attempt got a version of its own


@pytest.mark.django_db
def test_a_write_to_an_untracked_table_keeps_the_cached_figures(world):
    from waibao.audit.services import audit_record

    before = data_version()
    audit_record(actor=None, action="test", obj=("t", 1))
    assert data_version() == before


@pytest.mark.django_db
def test_target_progress_is_computed_once_per_data_version(world, monkeypatch):
    from waibao.registry.models import Certification

    calls = []
    compute = selectors._target_progress

    def counted(jurisdictions):
        calls.append(jurisdictions)
        return compute(jurisdictions)

    monkeypatch.setattr(selectors, "_target_progress", counted)
    first = selectors.target_progress_for(["guangzhou"])
    assert selectors.target_progress_for(["guangzhou"]) == first
    assert len(calls) == 1

    Certification.objects.create(
        organisation=world.orgs.own,
        scheme="CMMI",
        level="3",
        event="new",
        date=dt.date(2024, 2, 1),
    )
    again = selectors.target_progress_for(["guangzhou"])
    assert len(calls) == 2
    cache.clear()
    assert selectors.target_progress_for(["guangzhou"]) == again


@pytest.mark.django_db
def test_the_calculator_sees_a_new_certification_at_once(world):
    from waibao.registry.models import Certification

    organisation = world.orgs.own

    def certification_row():
        rows = calculator.calculator_rows(organisation, 2024, claims=False)
        return next(row for row in rows if row.clause == "guangzhou.5.certification")

    before = certification_row()
    assert before.facts["certifications"] == []
    assert certification_row() == before  # cached
    Certification.objects.create(
        organisation=organisation, scheme="CMMI", level="3", event="new", date=dt.date(2024, 3, 1)
    )
    after = certification_row()
    assert [c["scheme"] for c in after.facts["certifications"]] == ["CMMI"]
    cache.clear()
    assert certification_row() == after


@pytest.mark.django_db
def test_the_triggers_come_back_after_migrate_rebuilt_a_table(world):
    from waibao.dataversion import triggers

    triggers.install(connection)  # idempotent
    triggers.install(connection)
    before = data_version()
    from waibao.registry.models import Organisation

    Organisation.objects.filter(pk=world.orgs.own.pk).update(name="改名")
    assert data_version() != before


@pytest.mark.django_db
def test_the_calculator_api_answers_from_the_cache_and_sees_a_change_at_once(client, world):
    from waibao.registry.models import Certification

    client.force_login(world.users["enterprise"])

    def certifications() -> list[str]:
        response = client.get("/api/calculator/2024")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json; charset=utf-8"
        row = next(r for r in response.json()["rows"] if r["clause"] == "guangzhou.5.certification")
        return [c["scheme"] for c in row["facts"]["certifications"]]

    assert certifications() == []
    first = client.get("/api/calculator/2024").content
    assert client.get("/api/calculator/2024").content == first  # served from the cache
    Certification.objects.create(
        organisation=world.orgs.own,
        scheme="ISO27001",
        level=None,
        event="new",
        date=dt.date(2024, 4, 1),
    )
    assert certifications() == ["ISO27001"]
    changed = client.get("/api/calculator/2024").content
    cache.clear()
    assert client.get("/api/calculator/2024").content == changed
