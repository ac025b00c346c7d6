"""The funds ledger as links of the audit chain.

Every ``LedgerEntry`` is written together with an audit record ``ledger.entry`` whose payload
is the entry's whole content (``entry_fields``), inside the same transaction
(``LedgerEntry.save``). The audit record is hashed into the chain, so the ledger inherits its
tamper evidence: ``waibao audit verify`` compares each ledger row with its link
(``waibao.funds.ledger_check``) and names the first entry changed, deleted, or inserted
without one. Database triggers refuse UPDATE and DELETE on the table as they do on the audit log
(migration ``funds.0003``).
"""

from __future__ import annotations

from typing import Any

from waibao.audit.chain import timestamp

ACTION = "ledger.entry"
OBJECT_TYPE = "funds.ledgerentry"


def entry_fields(entry: Any) -> dict[str, Any]:
    """The entry as the chain holds it: plain JSON, ids for relations, UTC microseconds."""
    return {
        "id": entry.pk,
        "line": entry.line_id,
        "kind": str(entry.kind),
        "amount_fen": int(entry.amount_fen),
        "application": entry.application_id,
        "payment": entry.payment_id,
        "created_at": timestamp(entry.created_at),
        "created_by": entry.created_by_id,
        "note": entry.note,
    }


def entry_link(entry: Any) -> Any:
    """Append the audit record that chains ``entry`` (called by ``LedgerEntry.save``)."""
    from waibao.audit.services import audit_record

    return audit_record(
        actor=entry.created_by,
        action=ACTION,
        obj=(OBJECT_TYPE, entry.pk),
        to_state=str(entry.kind),
        payload={"entry": entry_fields(entry)},
    )
