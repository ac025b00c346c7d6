"""Disclosure control: no single enterprise's figure can be read or derived from a table."""

from __future__ import annotations

from waibao.publishing.suppression import TOTAL, Cell, Rule, build_table, is_sensitive, suppress

RULE = Rule(min_enterprises=3, dominance_percent=85)


def test_a_cell_of_two_enterprises_is_suppressed_and_one_of_three_is_not():
    assert is_sensitive(Cell({"a": 100, "b": 100}), RULE)
    assert not is_sensitive(Cell({"a": 100, "b": 100, "c": 100}), RULE)


def test_a_dominant_enterprise_above_85_percent_suppresses_the_cell_and_exactly_85_does_not():
    assert is_sensitive(Cell({"a": 86, "b": 7, "c": 7}), RULE)
    assert not is_sensitive(Cell({"a": 85, "b": 10, "c": 5}), RULE)


def test_the_parameters_are_configurable():
    cell = Cell({"a": 80, "b": 10, "c": 10})
    assert not is_sensitive(cell, RULE)
    assert is_sensitive(cell, Rule(min_enterprises=3, dominance_percent=75))
    assert is_sensitive(cell, Rule(min_enterprises=4, dominance_percent=85))


def _records():
    # rows = cities, columns = groups; (row, col, enterprise, amount)
    records = []
    for i in range(3):
        records.append(("A", "ITO", f"a-ito-{i}", 100 + i))
        records.append(("A", "BPO", f"a-bpo-{i}", 50 + i))
        records.append(("B", "ITO", f"b-ito-{i}", 200 + i))
        records.append(("B", "BPO", f"b-bpo-{i}", 300 + i))
    records.append(("A", "KPO", "lonely", 999))  # one enterprise: primary suppression
    for i in range(3):
        records.append(("B", "KPO", f"b-kpo-{i}", 20 + i))
        for group in ("ITO", "BPO", "KPO"):
            records.append(("C", group, f"c-{group}-{i}", 10_000 + i))
    return records


def test_a_lone_suppressed_cell_gets_a_complement_in_its_row_and_column():
    table = build_table(_records())
    suppress(table, RULE)
    assert table[("A", "KPO")].primary
    row_hidden = [k for k in table if k[0] == "A" and table[k].suppressed]
    col_hidden = [k for k in table if k[1] == "KPO" and table[k].suppressed]
    assert len(row_hidden) >= 2 and len(col_hidden) >= 2
    # complements are taken from the smallest cells: row C's large cells stay published
    assert not any(table[k].suppressed for k in table if k[0] == "C")
    assert not table[(TOTAL, TOTAL)].suppressed


def test_no_line_has_exactly_one_hidden_member_so_none_can_be_recovered_by_subtraction():
    table = build_table(_records())
    suppress(table, RULE)
    rows = {r for r, _ in table}
    cols = {c for _, c in table}
    for line in [[k for k in table if k[0] == r] for r in rows] + [
        [k for k in table if k[1] == c] for c in cols
    ]:
        hidden = [k for k in line if table[k].suppressed]
        assert len(hidden) != 1, line
        # and every visible equation really cannot pin a hidden cell: with two or more
        # unknowns, subtracting the visible cells from the total leaves only their sum
        if hidden:
            visible = sum(
                table[k].value for k in line if not table[k].suppressed and TOTAL not in k
            )
            total_key = (
                next(k for k in line if TOTAL in k and k != (TOTAL, TOTAL))
                if any(TOTAL in k and k != (TOTAL, TOTAL) for k in line)
                else None
            )
            if total_key is not None and not table[total_key].suppressed:
                remainder = table[total_key].value - visible
                assert remainder == sum(table[k].value for k in hidden if TOTAL not in k)
                assert len([k for k in hidden if TOTAL not in k]) >= 2


def test_a_row_with_only_one_non_empty_cell_hides_its_total_too():
    records = [("A", "ITO", "solo", 500)] + [("B", "ITO", f"b{i}", 100) for i in range(3)]
    records += [("B", "BPO", f"c{i}", 100) for i in range(3)]
    table = build_table(records)
    suppress(table, RULE)
    assert table[("A", "ITO")].suppressed
    assert table[("A", TOTAL)].suppressed  # else the row total would give the cell away
