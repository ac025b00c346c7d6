"""dashboard.js, run under Node with a stand-in DOM and ECharts: it reads the json_script
block and hands ECharts one chart per container, amounts as numbers."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "src/waibao/portal/static/portal/dashboard.js"

HARNESS = """
const fs = require("fs");
const data = JSON.parse(process.argv[2]);
const drawn = {};
const node = (id) => ({ id });
global.window = {
  addEventListener() {},
  echarts: { init(el) { return { setOption(o) { drawn[el.id] = o; }, resize() {} }; } },
};
global.document = {
  getElementById(id) {
    if (id === "dashboard-data") return { textContent: JSON.stringify(data) };
    return node(id);
  },
};
eval(fs.readFileSync(process.argv[1], "utf8"));
process.stdout.write(JSON.stringify(drawn));
"""


def _run(data: dict) -> dict:
    out = subprocess.run(
        ["node", "-e", HARNESS, str(SCRIPT), json.dumps(data)],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return json.loads(out.stdout)


DATA = {
    "years": [2023, 2024],
    "currencies": ["CNY", "USD"],
    "executedByYear": {"CNY": ["10.00", "20.50"], "USD": ["1.00", "2.00"]},
    "executedUsdByYear": None,
    "contractsByYear": [3, 4],
    "executionsByYear": [5, 6],
    "latestYear": 2024,
    "districts": ["天河区"],
    "executedByDistrict": {"CNY": ["20.50"], "USD": ["2.00"]},
    "labels": {"executed": "执行金额", "contracts": "签订合同数", "executions": "执行笔数"},
}


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_dashboard_script_draws_one_line_per_currency_without_rates():
    drawn = _run(DATA)
    assert set(drawn) == {"chart-executed", "chart-counts", "chart-districts"}
    executed = drawn["chart-executed"]
    assert executed["xAxis"]["data"] == ["2023", "2024"]
    assert [(s["name"], s["data"]) for s in executed["series"]] == [
        ("CNY", [10, 20.5]),
        ("USD", [1, 2]),
    ]
    assert [s["data"] for s in drawn["chart-counts"]["series"]] == [[3, 4], [5, 6]]
    assert drawn["chart-districts"]["yAxis"]["data"] == ["天河区"]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_dashboard_script_draws_one_usd_line_when_every_rate_is_known():
    drawn = _run({**DATA, "executedUsdByYear": ["2.43", "4.93"]})
    assert [(s["name"], s["data"]) for s in drawn["chart-executed"]["series"]] == [
        ("USD", [2.43, 4.93])
    ]


SCALED = {
    **DATA,
    "executedUsdByYear": ["150000000.00", "2100000000.00"],
    "labels": {
        **DATA["labels"],
        "scales": [[100000000, "亿"], [10000, "万"]],
        "currencyNames": {"USD": "美元", "CNY": "元"},
        "countUnit": "笔/份",
    },
}


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_amount_axes_are_scaled_to_yi_with_the_unit_in_the_axis_name():
    """2,100,000,000 USD is drawn as 21 on an axis named 亿美元, not as 2,100,000,000."""
    drawn = _run(SCALED)
    executed = drawn["chart-executed"]
    assert executed["yAxis"]["name"] == "亿美元"
    assert executed["series"][0]["data"] == [1.5, 21]
    assert drawn["chart-counts"]["yAxis"]["name"] == "笔/份"


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_small_amounts_stay_unscaled_and_mixed_currencies_name_no_currency():
    drawn = _run({**SCALED, "executedUsdByYear": None})
    # CNY 20.50 and USD 2.00: under 1万, no scale word, no single currency to name
    assert drawn["chart-executed"]["yAxis"]["name"] == ""
    assert [s["data"] for s in drawn["chart-executed"]["series"]] == [[10, 20.5], [1, 2]]
    wan = _run(
        {
            **SCALED,
            "currencies": ["CNY"],
            "executedUsdByYear": None,
            "executedByYear": {"CNY": ["50000.00", "10000.00"]},
            "executedByDistrict": {"CNY": ["10000.00"]},
        }
    )
    assert wan["chart-executed"]["yAxis"]["name"] == "万元"
    assert wan["chart-executed"]["series"][0]["data"] == [5, 1]
    assert wan["chart-districts"]["xAxis"]["name"] == "万元"


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_districts_are_a_ranking_in_usd_largest_on_top_with_currencies_named():
    drawn = _run(
        {
            **SCALED,
            "districts": ["越秀区", "天河区", "西湖区"],
            "executedByDistrict": {"CNY": ["1.00", "2.00", "3.00"], "USD": ["1", "2", "3"]},
            "executedUsdByDistrict": ["300000.00", "200000.00", "100000.00"],
            "labels": {**SCALED["labels"], "currencyLabels": {"USD": "美元", "CNY": "人民币"}},
        }
    )
    districts = drawn["chart-districts"]
    # a horizontal bar chart draws its first category at the bottom: the largest goes last
    assert districts["yAxis"]["data"] == ["西湖区", "天河区", "越秀区"]
    assert [(s["name"], s["data"]) for s in districts["series"]] == [("美元", [10, 20, 30])]
    assert districts["xAxis"]["name"] == "万美元"
    assert drawn["chart-executed"]["series"][0]["name"] == "美元"


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_without_every_rate_district_bars_of_two_currencies_are_never_stacked():
    drawn = _run({**DATA, "labels": {**DATA["labels"], "currencyLabels": {"CNY": "人民币"}}})
    series = drawn["chart-districts"]["series"]
    assert [s["name"] for s in series] == ["人民币", "USD"]  # no label known: the code
    assert all("stack" not in s for s in series)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_a_single_year_is_drawn_as_a_bar_not_an_invisible_one_point_line():
    one_year = {
        **DATA,
        "years": [2024],
        "executedByYear": {"CNY": ["20.50"], "USD": ["2.00"]},
        "contractsByYear": [4],
        "executionsByYear": [6],
    }
    assert {s["type"] for s in _run(one_year)["chart-executed"]["series"]} == {"bar"}
    assert {s["type"] for s in _run(DATA)["chart-executed"]["series"]} == {"line"}
