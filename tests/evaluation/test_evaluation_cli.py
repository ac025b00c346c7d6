"""``waibao evaluate`` prints the rating with each enterprise's arithmetic."""

from __future__ import annotations

import json

import pytest
from evaluation_helpers import organisation, year_row

from waibao.cli import main

pytestmark = pytest.mark.django_db


def test_the_top_ten_prints_ranks_scores_and_arithmetic(places, capsys):
    a = organisation("91330106MA000500XX", places["xihu"], name="大")
    b = organisation("91330106MA000501XX", places["xihu"], name="小")
    year_row(a, 2024, so_revenue_fen=200_00, tax_paid_fen=100)
    year_row(b, 2024, so_revenue_fen=100_00, tax_paid_fen=50)
    assert main(["evaluate", "top_ten", "--region", "330100", "--year", "2024"]) == 0
    out = capsys.readouterr().out
    # 大: so_revenue 25 + tax 25 = 50 of 100; 小: 0 (nobody has certifications or offshore
    # executions: 0 for both, not 1)
    assert "  1   50.00 91330106MA000500XX 大" in out
    assert "100 × (25×1 + 15×0 + 10×0 + 25×0 + 25×1) / 100 = 50 ≈ 50.00" in out
    assert main(["evaluate", "top_ten", "--region", "330100", "--year", "2024", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert [e["name"] for e in body["entries"]] == ["大", "小"]


def test_an_unknown_region_is_bad_input(places, capsys):
    assert main(["evaluate", "scorecard", "--region", "999999", "--year", "2024"]) == 1
    assert "999999" in capsys.readouterr().err


def test_the_scorecard_prints_its_lines_and_rank(places, capsys):
    assert main(["evaluate", "scorecard", "--region", "330300", "--year", "2024"]) == 0
    out = capsys.readouterr().out
    assert "industry" in out
    assert "rank 1 of 1" in out
