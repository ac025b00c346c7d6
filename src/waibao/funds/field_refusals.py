"""A refused step shown beside the field it is about (issue 21, build item 4).

The funds' pages post each form to a step and redirect back to the page (so a reload never
posts twice). When the refusal is about one value the person typed (``FundsError.field``:
the amount claimed, the publicity days, the evidence file, a reason…), the step keeps it in
the session for that redirect: which form, which field, the message, and what was typed
(never the account number, which is stored encrypted and shown masked). The page then shows
the message beside that field (``role="alert"``, the field ``aria-invalid`` and described by
it, ``templatetags/funds_fields``) with the typed values back in the form, and the redirect's
fragment brings the message into view. A refusal about no field stays at the top of the page
(``funds/_messages.html``).
"""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest

from waibao.funds.errors import FundsError

SESSION_KEY = "funds.refused_field"
NOT_KEPT = frozenset({"csrfmiddlewaretoken", "account_number"})


def form_key(form: str, of: Any = None) -> str:
    """A form on a page: its step, and what it acts on when the page has several (the
    entitlement of an 申请 button, a fund's 续设 form, a payment's 失败 form)."""
    return form if of is None or of == "" else f"{form}-{of}"


def anchor(key: str, field: str) -> str:
    """The message's element id (also the redirect's fragment)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", f"refused-{key}-{field}")


def remember(request: HttpRequest, key: str, error: FundsError) -> str | None:
    """Keep a refusal about a field for the next page; its anchor, or ``None`` when the
    refusal is about no field (the caller shows it at the top)."""
    if not key or error.field is None:
        return None
    typed = {name: value for name, value in request.POST.items() if name not in NOT_KEPT}
    request.session[SESSION_KEY] = {
        "form": key,
        "field": error.field,
        "message": str(error),
        "typed": typed,
    }
    return anchor(key, error.field)


def recalled(request: HttpRequest) -> dict[str, Any] | None:
    """The refusal kept for this page, taken once (a reload shows the plain page)."""
    cached = getattr(request, "_funds_refused_field", False)
    if cached is not False:
        return cached  # type: ignore[no-any-return]
    session = getattr(request, "session", None)
    found = session.pop(SESSION_KEY, None) if session is not None else None
    request._funds_refused_field = found  # type: ignore[attr-defined]
    return found
