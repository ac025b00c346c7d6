"""Setting a parameter of the bureau's overlay: checked, dated, audited.

Who: ``configure_policy`` (city administrators, system administrators), and only for the
policy texts of their region (``selectors.configurable_jurisdictions``). What: a configured
parameter (``*.configured_*``), with a value the rules engine accepts for its type (the same
``ParameterSet.overlay`` the engine runs), an ISO effective date and a reason. The row and
its audit record are written in one transaction; nothing is ever updated.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from waibao import permissions
from waibao.audit.services import audit_record
from waibao.money import MoneyError, parse_fen
from waibao.policy import selectors
from waibao.policy.models import ParameterOverride
from waibao.refusals import Refused, Unknown
from waibao.registry.validation import parse_iso_date
from waibao.typed_numbers import normalised

_RATE = re.compile(r"^(0|[1-9][0-9]{0,2})(\.[0-9]{1,6})?%$|^(0|1)(\.[0-9]{1,8})?$")


class ParameterRefused(Refused, ValueError):
    """Nothing was written; ``problems`` maps each field to its reason."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(f"{field}: {reason}" for field, reason in problems.items()))


class UnknownParameter(Unknown, LookupError):
    """Not a parameter the user may configure (absent, not configurable, or out of scope)."""

    detail_template = "{}: not a parameter you may configure"


def _value_problem(kind: str, value: str) -> str | None:
    if kind == "rate":
        if not _RATE.match(value):
            return f"rate {value!r}: write a percentage such as 30% or a share such as 0.3"
        return None
    if kind in ("amount", "amount_usd"):
        try:
            parse_fen(value)
        except MoneyError as error:
            return str(error)
        return None
    return f"parameters of type {kind} are not configured here"


def parameter_set(
    *,
    actor: Any,
    parameter: str,
    value: str | None,
    effective_from: str | dt.date,
    reason: str,
) -> ParameterOverride:
    """Record the bureau's value of ``parameter`` from ``effective_from`` (``value`` blank or
    ``None``: not configured from that date, as ``null`` in a parameter file)."""
    from waibao.rules import ParameterError, parameters

    if not permissions.can(actor, permissions.CONFIGURE_POLICY):
        raise PermissionDenied("configuring policy parameters needs configure_policy")
    if not selectors.is_configurable(parameter) or selectors.jurisdiction_of(
        parameter
    ) not in selectors.configurable_jurisdictions(actor):
        raise UnknownParameter(parameter)
    problems: dict[str, str] = {}
    text = (value or "").strip() or None
    kind = parameters()[parameter].type
    if text is not None and kind in ("rate", "amount", "amount_usd"):
        # as typed: 30％, 1,000,000, full-width digits (waibao.typed_numbers); stored plain
        text = normalised(text)
    limit = ParameterOverride._meta.get_field("value").max_length or 64
    if text is not None and len(text) > limit:
        problems["value"] = f"value is longer than {limit} characters"
    elif text is not None:
        reason_text = _value_problem(kind, text)
        if reason_text:
            problems["value"] = reason_text
    start: dt.date | None = None
    if isinstance(effective_from, dt.date):
        start = effective_from
    else:
        try:
            start = parse_iso_date(str(effective_from).strip())
        except ValueError as error:
            problems["effective_from"] = str(error)
    if not (reason or "").strip():
        problems["reason"] = "a reason is required (the decision or document behind the value)"
    if not problems and start is not None:
        try:  # exactly what the engine will run
            parameters().overlay({parameter: {start.isoformat(): text}})
        except (ParameterError, ArithmeticError) as error:
            problems["value"] = str(error)
    if problems or start is None:
        raise ParameterRefused(problems)
    with transaction.atomic():
        previous = selectors.overlay().get(parameter, {}).get(start.isoformat(), "law")
        row = ParameterOverride.objects.create(
            parameter=parameter,
            jurisdiction=selectors.jurisdiction_of(parameter),
            value=text,
            effective_from=start,
            reason=reason.strip(),
            set_by=actor,
        )
        audit_record(
            actor=actor,
            action="policy_parameter.set",
            obj=row,
            from_state="" if previous is None else str(previous),
            to_state="" if text is None else text,
            reason=row.reason,
            payload={
                "parameter": parameter,
                "value": text,
                "effective_from": start.isoformat(),
                "previous": previous,
            },
        )
    return row
