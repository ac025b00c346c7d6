"""What a configured rating method may name: the indicators the selectors compute and the
tie-breaks, and the check of a method against them. Plain data and one function, so the model's
``clean`` and the services check a method the same way without importing the selectors (which
import the models)."""

from __future__ import annotations

from typing import Any

INDICATORS = frozenset(
    {
        "employees",
        "contract_signed_usd",
        "contract_executed_usd",
        "so_revenue_cny",
        "rd_expense_cny",
        "certifications",
        "offshore_executed_usd",
        "tax_paid_cny",
    }
)


def method_check(weights: dict[str, Any], tie_break: list[str]) -> list[str]:
    """Problems of a configured method (unknown indicators, non-integer weights)."""
    problems = [f"unknown indicator {name!r}" for name in weights if name not in INDICATORS]
    problems += [
        f"weight of {name!r} must be a non-negative integer"
        for name, weight in weights.items()
        if not isinstance(weight, int) or isinstance(weight, bool) or weight < 0
    ]
    if weights and not problems and sum(weights.values()) <= 0:
        problems.append("the weights must not all be 0")
    known = INDICATORS | {"founded", "key"}
    problems += [
        f"unknown tie-break {spec!r}" for spec in tie_break if spec.lstrip("-") not in known
    ]
    return problems
