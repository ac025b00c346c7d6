"""Helpers for the rules tests: build FACTS.md records and find the row of a clause (the
policy folders' own clause tests use ``waibao.rules.testing`` directly)."""

from __future__ import annotations

from waibao.rules.testing import amount, reason, record_maker, row, rows_of

__all__ = ["USCC", "amount", "reason", "record", "row", "rows_of"]

USCC = {
    "hangzhou": "91330100MA27AAAA0A",
    "wenzhou": "91330300MA27AAAA0B",
    "guangzhou": "91440100MA27AAAA0C",
    "guangdong": "91440600MA27AAAA0D",
    "datong": "91140200MA27AAAA0E",
}

# A FACTS.md record with only the facts given (everything else unknown).
record = record_maker(USCC)
