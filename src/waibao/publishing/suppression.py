"""Statistical disclosure control for published tables: no enterprise's figure derivable.

Primary suppression: a cell is hidden when fewer than ``min_enterprises`` enterprises
contribute to it (default 3), or when its largest contributor has more than
``dominance_percent`` of its total (default 85: the dominance or p% rule; a cell of 86 and 14
would let the second firm estimate the first within 14%).

Secondary (complementary) suppression: a table is published with its row and column totals,
and every row and every column is an equation total = sum of cells. An equation with exactly
one hidden member gives that member away, so for each such line the smallest visible
non-empty member (a cell, or the total when no cell is left) is hidden as well, repeating
until no line has exactly one hidden member. This closes single-equation recovery; it is not
a full linear-programming audit of interval bounds (stated in the data package).

Amounts are integers (cents, fen) or counts: no floats anywhere.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

TOTAL = "__total__"

Key = Hashable


@dataclass(frozen=True)
class Rule:
    min_enterprises: int = 3
    dominance_percent: int = 85

    def describe(self) -> str:
        return (
            f"Primary: a cell is suppressed when fewer than {self.min_enterprises} enterprises "
            f"contribute or one enterprise contributes more than {self.dominance_percent}% of it. "
            "Secondary: in every row and column (totals included) with exactly one suppressed "
            "member, the smallest other non-empty member is suppressed too, repeated until stable."
        )


@dataclass
class Cell:
    """Contributions per enterprise (id → amount) of one cell."""

    contributions: dict[Key, int] = field(default_factory=dict)
    primary: bool = False
    secondary: bool = False

    @property
    def value(self) -> int:
        return sum(self.contributions.values())

    @property
    def enterprises(self) -> int:
        return len(self.contributions)

    @property
    def empty(self) -> bool:
        return not self.contributions

    @property
    def suppressed(self) -> bool:
        return self.primary or self.secondary


def is_sensitive(cell: Cell, rule: Rule) -> bool:
    """The primary rule. An empty cell (no enterprise) is a structural zero, never sensitive."""
    if cell.empty:
        return False
    if len(cell.contributions) < rule.min_enterprises:
        return True
    total = sum(abs(v) for v in cell.contributions.values())
    largest = max(abs(v) for v in cell.contributions.values())
    return total > 0 and largest * 100 > rule.dominance_percent * total


def build_table(
    records: list[tuple[Key, Key, Key, int]],
) -> dict[tuple[Key, Key], Cell]:
    """Cells from (row, column, enterprise, amount) records, with ``TOTAL`` margins added."""
    table: dict[tuple[Key, Key], Cell] = {}
    for row, col, enterprise, amount in records:
        for key in ((row, col), (row, TOTAL), (TOTAL, col), (TOTAL, TOTAL)):
            cell = table.setdefault(key, Cell())
            cell.contributions[enterprise] = cell.contributions.get(enterprise, 0) + amount
    return table


def suppress(table: Mapping[tuple[Key, Key], Cell], rule: Rule) -> int:
    """Mark primary and secondary suppression in place; returns the number of hidden cells."""
    for cell in table.values():
        cell.primary = is_sensitive(cell, rule)
    rows = {r for r, _ in table}
    cols = {c for _, c in table}
    lines = [[k for k in table if k[0] == r] for r in rows] + [
        [k for k in table if k[1] == c] for c in cols
    ]
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [k for k in line if table[k].suppressed]
            if len(hidden) != 1:
                continue
            candidates = [k for k in line if not table[k].suppressed and not table[k].empty]
            if not candidates:
                continue
            # An inner cell before a total; among them the smallest value (least lost).
            candidates.sort(key=lambda k: (TOTAL in k, abs(table[k].value), str(k)))
            table[candidates[0]].secondary = True
            changed = True
    return sum(1 for cell in table.values() if cell.suppressed)
