"""The funds ledger joins the audit hash chain and becomes append-only in the database
(issue 17 item 7; ``waibao.funds.ledger_chain``).

Rows written before this migration get their link now, in id order, marked ``backfill``: the
chain then vouches for them from today on (what they were before cannot be proven after the
fact; ``waibao audit verify`` at the time of the upgrade is the operator's evidence)."""

from django.db import migrations

from waibao.audit import triggers

TABLE = "funds_ledgerentry"


def chain_existing_rows(apps, schema_editor):
    from waibao.audit.services import audit_record
    from waibao.funds.ledger_chain import ACTION, OBJECT_TYPE, entry_fields

    AuditRecord = apps.get_model("audit", "AuditRecord")
    LedgerEntry = apps.get_model("funds", "LedgerEntry")
    linked = set(
        AuditRecord.objects.filter(action=ACTION).values_list("object_id", flat=True)
    )
    for entry in LedgerEntry.objects.order_by("id").iterator():
        if str(entry.pk) in linked:
            continue
        audit_record(
            actor=None,
            action=ACTION,
            obj=(OBJECT_TYPE, entry.pk),
            to_state=str(entry.kind),
            reason="backfill: ledger row written before the ledger was chained",
            payload={"entry": entry_fields(entry)},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("funds", "0001_squashed_0002_objection_from_the_public"),
        ("audit", "0002_append_only_triggers"),
    ]

    operations = [
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
        migrations.RunPython(triggers.table_install(TABLE), triggers.table_remove(TABLE)),
    ]
