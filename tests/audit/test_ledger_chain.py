"""Tampering with money below the application (issue 17 item 7): the funds ledger is
append-only in the database and chained into the audit log; the chain head is checkpointed,
signed with a key outside the database; ``waibao audit verify`` names the first changed
record, even after an attacker dropped the triggers and recomputed every later hash."""

from __future__ import annotations

import json

import pytest
from django.db import DatabaseError, connection, transaction

from waibao.audit import checkpointing, checkpoints
from waibao.audit.models import AuditRecord
from waibao.audit.selectors import audit_chain_verify
from waibao.audit.services import audit_record
from waibao.cli import main
from waibao.funds.models import BudgetLine, Fund, LedgerEntry
from waibao.funds.selectors import budget_line_balance

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("WAIBAO_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def line():
    fund = Fund.objects.create(
        code="gz", name="广州专项", jurisdiction="guangzhou", city_code="440100", citation="穗"
    )
    return BudgetLine.objects.create(
        fund=fund, year=2026, source="city", source_name="市本级", citation="穗"
    )


def _entries(line):
    appropriation = LedgerEntry.objects.create(
        line=line, kind="appropriation", amount_fen=10_000_000, note="预算"
    )
    commitment = LedgerEntry.objects.create(
        line=line, kind="commitment", amount_fen=4_995_000, note="核定安排资金"
    )
    audit_record(actor=None, action="application.commit", obj=("funds.application", 1))
    return appropriation, commitment


def _bypass(cursor, table):
    """What an attacker with database rights does first."""
    if connection.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks block the ALTER
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    else:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP TRIGGER {name}")


def test_the_database_refuses_to_change_or_delete_a_ledger_entry(line):
    _, commitment = _entries(line)
    for statement in (
        "UPDATE funds_ledgerentry SET amount_fen = 5000 WHERE id = %s",
        "DELETE FROM funds_ledgerentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement, [commitment.pk])
    assert LedgerEntry.objects.get(pk=commitment.pk).amount_fen == 4_995_000


def test_every_ledger_entry_is_a_link_of_the_audit_chain(line):
    appropriation, commitment = _entries(line)
    records = AuditRecord.objects.filter(action="ledger.entry").order_by("sequence")
    assert [r.object_id for r in records] == [str(appropriation.pk), str(commitment.pk)]
    assert records[1].payload["entry"]["amount_fen"] == 4_995_000
    assert audit_chain_verify().intact


def test_verify_names_a_ledger_entry_whose_amount_was_rewritten(line, capsys):
    _, commitment = _entries(line)
    with connection.cursor() as cursor:
        _bypass(cursor, "funds_ledgerentry")
        cursor.execute(
            "UPDATE funds_ledgerentry SET amount_fen = 5000 WHERE id = %s", [commitment.pk]
        )
    assert budget_line_balance(line=line).available_fen == 9_995_000  # the money "came back"
    report = audit_chain_verify()
    assert not report.intact
    assert report.subject == f"ledger entry #{commitment.pk}"
    assert "amount_fen" in report.reason and "4995000" in report.reason
    assert main(["audit", "verify"]) == 1
    assert f"ledger entry #{commitment.pk}" in capsys.readouterr().err


def test_verify_names_a_ledger_entry_deleted_around_the_application(line):
    _, commitment = _entries(line)
    with connection.cursor() as cursor:
        _bypass(cursor, "funds_ledgerentry")
        cursor.execute("DELETE FROM funds_ledgerentry WHERE id = %s", [commitment.pk])
    report = audit_chain_verify()
    assert report.subject == f"ledger entry #{commitment.pk}" and "deleted" in report.reason


def test_verify_names_a_ledger_entry_inserted_without_a_link(line):
    appropriation, _ = _entries(line)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO funds_ledgerentry (line_id, kind, amount_fen, created_at, note) "
            "VALUES (%s, 'appropriation', 100, %s, '')",
            [line.pk, appropriation.created_at],
        )
    inserted = LedgerEntry.objects.order_by("-id").first()
    report = audit_chain_verify()
    assert report.subject == f"ledger entry #{inserted.pk}" and "no audit record" in report.reason


def _recompute_from(sequence, **changes):
    """Rewrite one audit record and recompute every later hash, as a careful attacker would."""
    with connection.cursor() as cursor:
        _bypass(cursor, "audit_auditrecord")
    previous = AuditRecord.objects.get(sequence=sequence - 1).hash
    for record in AuditRecord.objects.filter(sequence__gte=sequence).order_by("sequence"):
        if record.sequence == sequence:
            for name, value in changes.items():
                setattr(record, name, value)
        record.prev_hash = previous
        record.hash = record.computed_hash()
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditrecord SET reason = %s, prev_hash = %s, hash = %s "
                "WHERE sequence = %s",
                [record.reason, record.prev_hash, record.hash, record.sequence],
            )
        previous = record.hash


def test_a_recomputed_chain_is_caught_by_the_signed_checkpoint_at_the_first_changed_record(
    line, capsys
):
    _entries(line)
    audit_record(actor=None, action="x", obj=("test.thing", 1), reason="original")
    audit_record(actor=None, action="y", obj=("test.thing", 1))
    checkpoint = checkpointing.checkpoint_write()
    assert checkpoint["sequence"] == 5
    audit_record(actor=None, action="z", obj=("test.thing", 1))
    _recompute_from(4, reason="rewritten")
    without = audit_chain_verify(use_checkpoints=False)
    assert without.intact  # the chain alone cannot tell: that is what the checkpoint is for
    report = audit_chain_verify()
    assert report.broken_at == 4 and "checkpoint" in report.reason
    assert main(["audit", "verify"]) == 1
    assert "record #4" in capsys.readouterr().err


def test_records_removed_from_the_end_after_a_checkpoint_are_found(line, capsys):
    _entries(line)
    audit_record(actor=None, action="x", obj=("test.thing", 1))
    assert main(["audit", "checkpoint"]) == 0
    assert "audit checkpoint: record #4" in capsys.readouterr().out
    with connection.cursor() as cursor:
        _bypass(cursor, "audit_auditrecord")
        cursor.execute("DELETE FROM audit_auditrecord WHERE sequence = 4")
    report = audit_chain_verify()
    assert report.broken_at == 4 and "checkpoint" in report.reason


def test_a_forged_checkpoint_is_refused(line, data_dir):
    _entries(line)
    checkpointing.checkpoint_write()
    path = checkpoints.checkpoint_path()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    forged = json.loads(path.read_text().splitlines()[-1])
    forged["head"] = "f" * 64
    path.write_text(path.read_text() + json.dumps(forged) + "\n")
    report = audit_chain_verify()
    assert not report.intact and "signature" in report.reason


def test_the_backup_manifest_carries_a_signed_checkpoint(line, tmp_path, data_dir, monkeypatch):
    from waibao.security import backup

    def dump(database, work):  # the database dump itself is tested in tests/security
        target = work / "db.dump"
        target.write_bytes(b"dump")
        return "stub", target

    monkeypatch.setattr(backup, "_dump_database", dump)
    _entries(line)
    summary = backup.backup_create(
        destination=tmp_path / "b.tar", data_dir=data_dir, database={"ENGINE": "x.sqlite3"}
    )
    manifest = backup.backup_verify(source=summary.archive)
    head = AuditRecord.objects.order_by("-sequence").first()
    assert manifest["audit_checkpoint"]["sequence"] == head.sequence
    assert manifest["audit_checkpoint"]["head"] == head.hash
    assert checkpoints.signature_valid(manifest["audit_checkpoint"])
    forged = {**manifest["audit_checkpoint"], "head": "0" * 64}
    assert not checkpoints.signature_valid(forged)
