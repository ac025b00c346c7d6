"""Regression (issue 17 item 2): command-line imports wrote no audit record. ``waibao import``
and ``waibao import-roster`` now append ``import.<kind>`` naming the operating-system user,
the file (path, size, SHA-256) and the rows, in the import's own transaction: a refused
import leaves neither rows nor a record."""

from __future__ import annotations

import hashlib

from reporting_factories import CONTRACT_HEADER, USCC_1

from waibao.audit.models import AuditRecord
from waibao.cli import main

ROWS = [["HT-1", USCC_1, "Acme", "US", "ITO.01", "2024-01-15", "100.00", "USD"]]


def test_an_accepted_import_is_recorded_with_who_what_file_and_rows(enterprises, write_csv, capsys):
    path = write_csv("c.csv", CONTRACT_HEADER, ROWS)
    assert main(["import", "contracts", str(path)]) == 0
    assert main(["import", "contracts", str(path)]) == 0
    records = list(AuditRecord.objects.filter(action="import.contracts").order_by("sequence"))
    assert len(records) == 2
    first, second = (r.payload for r in records)
    assert (first["added"], first["unchanged"], second["added"], second["unchanged"]) == (
        1,
        0,
        0,
        1,
    )
    assert first["file"] == str(path) and first["via"] == "cli"
    assert first["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert first["bytes"] == path.stat().st_size
    assert "os_user" in first
    assert records[0].object_id == "c.csv"


def test_a_refused_import_leaves_no_record(enterprises, write_csv, capsys):
    bad = [[*ROWS[0][:6], "1.5.0", "USD"]]
    assert main(["import", "contracts", str(write_csv("c.csv", CONTRACT_HEADER, bad))]) == 1
    assert not AuditRecord.objects.filter(action__startswith="import.").exists()
