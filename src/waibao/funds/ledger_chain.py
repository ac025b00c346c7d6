"""The funds ledger as links of the audit chain.

Every ``LedgerEntry`` is written together with an audit record ``ledger.entry`` whose payload
is the entry's whole content (``entry_fields``), inside the same transaction
(``LedgerEntry.save``). The audit record is hashed into the chain, so the ledger inherits its
tamper evidence: ``waibao audit verify`` compares each ledger row with its link
(``ledger_rows_check``) and names the first entry changed, deleted, or inserted without one.
Database triggers refuse UPDATE and DELETE on the table as they do on the audit log
(migration ``funds.0003``).
"""

from __future__ import annotations

from collections.abc import Iterator
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


class LedgerCheck:
    """Walks along ``audit_chain_verify``: ``link`` for each ``ledger.entry`` record, in chain
    order, then ``unlinked`` for rows no record covers."""

    def __init__(self) -> None:
        from waibao.funds.models import LedgerEntry

        self.rows = {
            entry.pk: entry_fields(entry) for entry in LedgerEntry.objects.order_by("id").iterator()
        }
        self.seen: set[int] = set()

    def link(self, payload: dict[str, Any]) -> str | None:
        """Why the row no longer matches its link, or ``None``."""
        chained = payload.get("entry") or {}
        pk = chained.get("id")
        self.seen.add(pk)
        row = self.rows.get(pk)
        if row is None:
            return "was deleted (its audit record remains)"
        changed = [
            f"{name} {chained.get(name)!r} → {row.get(name)!r}"
            for name in sorted(set(row) | set(chained))
            if row.get(name) != chained.get(name)
        ]
        if changed:
            return "was changed after it was chained: " + "; ".join(changed)
        return None

    def unlinked(self) -> Iterator[int]:
        return (pk for pk in sorted(self.rows) if pk not in self.seen)
