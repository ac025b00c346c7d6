"""The audit log is append-only and hash-chained; a rewritten row is found by verify."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, IntegrityError, connection, transaction

from waibao.audit import chain
from waibao.audit.models import AppendOnlyError, AuditRecord
from waibao.audit.selectors import audit_chain_verify, audit_trail
from waibao.audit.services import audit_record
from waibao.cli import main


@pytest.fixture
def clerk(db):
    return get_user_model().objects.create_user(username="clerk", password="x")


def _three_records(actor):
    return [
        audit_record(
            actor=actor,
            action="application.submit",
            obj=("funds.application", index),
            from_state="draft",
            to_state="submitted",
            reason=f"step {index}",
            payload={"amount": "200000.00", "index": index},
        )
        for index in (1, 2, 3)
    ]


def test_each_record_chains_onto_the_one_before(clerk):
    first, second, third = _three_records(clerk)
    assert [r.sequence for r in (first, second, third)] == [1, 2, 3]
    assert first.prev_hash == chain.GENESIS_HASH
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert first.actor_username == "clerk" and first.actor_id == clerk.pk
    stored = AuditRecord.objects.get(sequence=2)
    assert stored.computed_hash() == stored.hash
    report = audit_chain_verify()
    assert report.intact and report.records == 3 and report.head_hash == third.hash


def test_the_hash_covers_the_content_and_the_predecessor(clerk):
    record = _three_records(clerk)[0]
    fields = record.hashed_fields()
    assert chain.record_hash(fields, record.prev_hash) == record.hash
    fields["payload"] = {"amount": "200000.01", "index": 1}
    assert chain.record_hash(fields, record.prev_hash) != record.hash
    assert chain.record_hash(record.hashed_fields(), "1" * 64) != record.hash


def test_the_trail_of_one_object_lists_its_records_in_order(clerk):
    _three_records(clerk)
    audit_record(actor=None, action="x", obj=("funds.application", 2), to_state="approved")
    trail = list(
        AuditRecord.objects.filter(object_type="funds.application", object_id="2").values_list(
            "sequence", flat=True
        )
    )
    assert trail == [2, 4]
    assert list(audit_trail(obj=clerk)) == []


def test_a_float_in_the_payload_is_refused_so_hashes_stay_reproducible(clerk):
    with pytest.raises(chain.NotCanonical, match=r"payload.amount is a float"):
        audit_record(actor=clerk, action="x", obj=None, payload={"amount": 0.1})
    assert AuditRecord.objects.count() == 0


def test_the_application_refuses_to_change_or_delete_a_record(clerk):
    record = _three_records(clerk)[0]
    record.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(sequence=1).update(reason="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.all().delete()
    assert AuditRecord.objects.get(sequence=1).reason == "step 1"


def test_the_database_refuses_update_and_delete_from_outside_the_application(clerk):
    _three_records(clerk)
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditrecord SET reason = 'x' WHERE sequence = 1")
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditrecord WHERE sequence = 3")
    assert AuditRecord.objects.count() == 3
    assert audit_chain_verify().intact


def test_a_second_record_after_the_same_predecessor_is_refused(clerk):
    first = _three_records(clerk)[0]
    fork = AuditRecord(
        sequence=99,
        occurred_at=first.occurred_at,
        action="fork",
        object_type="x",
        object_id="1",
        prev_hash=first.prev_hash,
        hash="f" * 64,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        fork.save(force_insert=True)


def _bypass_triggers(cursor):
    """What an attacker with database rights does first."""
    if connection.vendor == "postgresql":
        cursor.execute("ALTER TABLE audit_auditrecord DISABLE TRIGGER USER")
    else:
        cursor.execute("DROP TRIGGER audit_refuse_update")
        cursor.execute("DROP TRIGGER audit_refuse_delete")


def test_verify_finds_a_record_edited_directly_in_the_database(clerk, capsys):
    _three_records(clerk)
    assert main(["audit", "verify"]) == 0
    assert "audit chain intact: 3 records" in capsys.readouterr().out
    with connection.cursor() as cursor:
        _bypass_triggers(cursor)
        cursor.execute(
            "UPDATE audit_auditrecord SET reason = 'approved by the director' WHERE sequence = 2"
        )
    report = audit_chain_verify()
    assert report.broken_at == 2 and "altered" in report.reason
    assert main(["audit", "verify"]) == 1
    assert "audit chain broken at record #2" in capsys.readouterr().err


def test_verify_finds_a_record_whose_hash_was_recomputed_after_an_edit(clerk):
    _three_records(clerk)
    forged = AuditRecord.objects.get(sequence=2)
    forged.reason = "forged"
    with connection.cursor() as cursor:
        _bypass_triggers(cursor)
        cursor.execute(
            "UPDATE audit_auditrecord SET reason = %s, hash = %s WHERE sequence = 2",
            ["forged", forged.computed_hash()],
        )
    report = audit_chain_verify()
    assert report.broken_at == 3 and "prev_hash" in report.reason


def test_verify_finds_a_record_deleted_from_the_middle(clerk):
    _three_records(clerk)
    with connection.cursor() as cursor:
        _bypass_triggers(cursor)
        cursor.execute("DELETE FROM audit_auditrecord WHERE sequence = 2")
    report = audit_chain_verify()
    assert report.broken_at == 3 and "missing" in report.reason


def test_verify_with_a_recorded_head_finds_records_removed_from_the_end(clerk, capsys):
    head = _three_records(clerk)[-1].hash
    assert audit_chain_verify(expected_head=head).intact
    with connection.cursor() as cursor:
        _bypass_triggers(cursor)
        cursor.execute("DELETE FROM audit_auditrecord WHERE sequence = 3")
    assert audit_chain_verify().intact  # a shorter chain is still a chain
    assert not audit_chain_verify(expected_head=head).intact
    assert main(["audit", "verify", "--expect-head", head]) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_on_postgresql_never_fork_the_chain():
    threads_count, per_thread = 12, 5
    barrier = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def append(worker: int) -> None:
        try:
            barrier.wait()
            for step in range(per_thread):
                with transaction.atomic():
                    audit_record(
                        actor=None,
                        action="concurrent",
                        obj=("test.worker", worker),
                        payload={"step": step},
                    )
        except BaseException as error:  # collected and re-raised in the main thread
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=append, args=(n,)) for n in range(threads_count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    sequences = list(AuditRecord.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, threads_count * per_thread + 1))
    report = audit_chain_verify()
    assert report.intact and report.records == threads_count * per_thread
