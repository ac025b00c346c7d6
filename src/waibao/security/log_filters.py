"""Filters for the server log.

Django logs every ``PermissionDenied`` raised in a view as "Forbidden (Permission denied)"
with the exception's full traceback (``django.request``, level WARNING). A 403 is the access
rules working, not a fault: one line (method, path, user, reason) says all a reader needs,
and a page of stack per refused click buries real errors. Server errors keep theirs.
"""

from __future__ import annotations

import logging


class ForbiddenOnOneLine(logging.Filter):
    """Drop the traceback of a 403 record, keeping the message and adding the reason."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403 and record.exc_info:
            error = record.exc_info[1]
            reason = str(error) if error is not None else ""
            if reason:
                record.msg = f"{record.msg} ({reason})"
            record.exc_info = None
            record.exc_text = None
        return True
