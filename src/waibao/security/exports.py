"""CSV export of security events (administrators' download and ``waibao security
export-events``). UTF-8 with a byte-order mark, so Excel opens the Chinese text correctly."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TextIO

from waibao.security.models import SecurityEvent

COLUMNS = [
    "id",
    "at",
    "kind",
    "outcome",
    "actor_id",
    "username",
    "ip_address",
    "user_agent",
    "target",
    "detail",
]


def security_events_write_csv(events: Iterable[SecurityEvent], out: TextIO) -> int:
    writer = csv.writer(out)
    out.write("\ufeff")
    writer.writerow(COLUMNS)
    count = 0
    for event in events:
        writer.writerow(
            [
                event.pk,
                event.at.isoformat(),
                event.kind,
                event.outcome,
                event.actor_id if event.actor_id is not None else "",
                event.username,
                event.ip_address,
                event.user_agent,
                event.target,
                json.dumps(event.detail, ensure_ascii=False, sort_keys=True),
            ]
        )
        count += 1
    return count
