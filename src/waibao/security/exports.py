"""CSV export of security events (the admin's download and ``waibao security
export-events``). UTF-8 with a byte-order mark, so Excel opens the Chinese text correctly.
Each row carries the record's chain hash, so an archived file can be checked later."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from waibao.audit.models import AuditRecord
from waibao.spreadsheets import csv_writer

COLUMNS = [
    "sequence",
    "occurred_at",
    "event",
    "outcome",
    "actor_id",
    "actor_username",
    "username",
    "ip_address",
    "user_agent",
    "object_type",
    "object_id",
    "payload",
    "hash",
]


def security_events_write_csv(records: Iterable[AuditRecord], out: TextIO) -> int:
    out.write("\ufeff")
    writer = csv_writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for record in records:
        payload = record.payload or {}
        writer.writerow(
            [
                record.sequence,
                record.occurred_at.isoformat(),
                record.action.removeprefix("security."),
                record.to_state,
                record.actor_id if record.actor_id is not None else "",
                record.actor_username,
                payload.get("username", ""),
                payload.get("ip_address", ""),
                payload.get("user_agent", ""),
                record.object_type,
                record.object_id,
                json.dumps(payload, ensure_ascii=False, sort_keys=True),
                record.hash,
            ]
        )
        count += 1
    return count
