"""The ledger's side of ``waibao audit verify``: each ledger row compared with the content its
audit record chained (``waibao.funds.ledger_chain``). Kept apart from the chaining, which
``LedgerEntry.save`` calls, so that the model imports the chaining and the check imports the
model, never both ways. Named by dotted path in ``waibao.audit.selectors.LINKED_TABLES``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from waibao.funds.ledger_chain import entry_fields
from waibao.funds.models import LedgerEntry


class LedgerCheck:
    """Walks along ``audit_chain_verify``: ``link`` for each ``ledger.entry`` record, in chain
    order, then ``unlinked`` for rows no record covers."""

    def __init__(self) -> None:
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
