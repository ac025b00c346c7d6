"""Sharing a budget line among approved claims when they ask for more than it holds.

Pure Python, exact to the fen. Three methods (``Fund.allocation_method``):

- ``pro_rata`` (按比例核减): every claim gets ``amount × budget / total``. The remainder rule
  is the largest-remainder method: floor every share, then give the fen left over one each
  to the claims with the largest remainders, ties by application date, then id. The
  shares sum to the budget exactly and no claim gets more than it asked.
- ``priority``: claims in order of clause priority (smaller first), then application date,
  then id, each paid in full while the budget lasts; the first claim that does not fit gets
  what is left, later ones nothing.
- ``first_come`` (先到先得): the same in order of application date, then id.

When the budget covers every claim, each gets what it asked, whatever the method.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

REMAINDER_RULE = (
    "按比例核减：每项先取份额的整分数（向下取整），剩余的分按余数从大到小每项补1分，"
    "余数相同时按申请时间先后、再按编号（最大余额法，精确到分）"
)
ORDER_RULE = "依次足额安排，第一项不能足额的安排剩余资金，其后各项不予安排"


@dataclass(frozen=True)
class Claim:
    key: int
    amount_fen: int
    applied_at: dt.datetime
    priority: int = 0


def allocate(claims: Sequence[Claim], budget_fen: int, method: str) -> dict[int, int]:
    """Each claim's key mapped to its allocation in fen; the sum never exceeds the budget,
    and equals it whenever the claims together ask for at least the budget."""
    if budget_fen < 0:
        raise ValueError("a budget cannot be negative")
    if any(claim.amount_fen <= 0 for claim in claims):
        raise ValueError("every claim must ask for a positive amount")
    total = sum(claim.amount_fen for claim in claims)
    if total <= budget_fen:
        return {claim.key: claim.amount_fen for claim in claims}
    if method == "pro_rata":
        return _pro_rata(claims, budget_fen, total)
    if method == "priority":
        ordered = sorted(claims, key=lambda c: (c.priority, c.applied_at, c.key))
    elif method == "first_come":
        ordered = sorted(claims, key=lambda c: (c.applied_at, c.key))
    else:
        raise ValueError(f"unknown allocation method {method!r}")
    return _in_order(ordered, budget_fen)


def _pro_rata(claims: Sequence[Claim], budget_fen: int, total: int) -> dict[int, int]:
    # share = amount × budget / total exactly: its floor and its remainder (in units of
    # 1/total fen) by integer division, so nothing is ever rounded but the stated rule.
    floors: dict[int, int] = {}
    remainders: dict[int, int] = {}
    for claim in claims:
        floors[claim.key], remainders[claim.key] = divmod(claim.amount_fen * budget_fen, total)
    leftover = budget_fen - sum(floors.values())
    by_remainder = sorted(claims, key=lambda c: (-remainders[c.key], c.applied_at, c.key))
    # Remainders are each < 1 fen and sum to ``leftover`` fen, so at least ``leftover`` claims
    # have a positive remainder, and none of them goes above its own amount.
    for claim in by_remainder[:leftover]:
        floors[claim.key] += 1
    return floors


def _in_order(ordered: Sequence[Claim], budget_fen: int) -> dict[int, int]:
    left = budget_fen
    result = {}
    for claim in ordered:
        granted = min(claim.amount_fen, left)
        result[claim.key] = granted
        left -= granted
    return result
