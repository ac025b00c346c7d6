"""The year's statistics in the layout of MOFCOM's periodic service-outsourcing tables.

One sheet per table, Chinese headers, the unit on every amount column (万美元 / 万元),
a totals row (合计) under every breakdown. Totals come from the ungrouped query, not from
adding the rows, so that 填报企业数 (distinct enterprises) is right in the totals too; the
money rows add up exactly because every amount is converted per row before summing.

Amounts are written as exact ``Decimal`` values (US cents / 10^6 = 万美元), which openpyxl
stores as their decimal text; nothing passes through a float on the way into the file.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from waibao.spreadsheets import workbook as new_workbook
from waibao.spreadsheets import xlsx_append
from waibao.stats.indicators import PREVIOUS_EXECUTED, indicator_rows, yoy
from waibao.stats.output import format_ratio
from waibao.stats.sources import Source

WAN_DIGITS = -6  # minor units (hundredths) -> units of 10,000
MARKET_NAMES = {
    "US": "美国",
    "EU": "欧盟",
    "JP": "日本",
    "HK": "中国香港",
    "MO": "中国澳门",
    "TW": "中国台湾",
    "KR": "韩国",
    "SG": "新加坡",
    "OTHER": "其他",
    "CN": "境内(在岸)",
}
GROUP_NAMES = {"ITO": "信息技术外包(ITO)", "BPO": "业务流程外包(BPO)", "KPO": "知识流程外包(KPO)"}
OWNERSHIP_NAMES = {
    "private": "民营",
    "state": "国有",
    "foreign": "外资",
    "hmt": "港澳台资",
    None: "未填报",
}

COLUMNS: list[tuple[str, str]] = [
    ("contracts_signed", "签约合同数(份)"),
    ("signed_usd", "签约合同额(万美元)"),
    ("signed_cny", "签约合同额(万元)"),
    ("executed_usd", "执行额(万美元)"),
    ("executed_cny", "执行额(万元)"),
    ("offshore_signed_usd", "离岸签约额(万美元)"),
    ("offshore_executed_usd", "离岸执行额(万美元)"),
    ("onshore_signed_usd", "在岸签约额(万美元)"),
    ("onshore_executed_usd", "在岸执行额(万美元)"),
    ("enterprises_reporting", "填报企业数(家)"),
    ("executed_usd_yoy", "执行额同比(%)"),
]
TABLES: list[tuple[str, list[str], list[str]]] = [
    # sheet title, grouping fields, their Chinese headers
    ("表1 按业务类别", ["group", "category"], ["业务大类", "业务类别代码"]),
    ("表2 按发包市场", ["market"], ["发包国家和地区"]),
    ("表3 按区县", ["region_code"], ["区划代码"]),
    ("表4 按企业性质", ["ownership"], ["企业性质"]),
    ("表5 按月", ["month"], ["月份"]),
]


def _wan(minor: int) -> Decimal:
    return Decimal(minor).scaleb(WAN_DIGITS)


def _percent(current: int, previous: int) -> Decimal | None:
    change = yoy(current, previous)
    if change is None:
        return None
    return Decimal(format_ratio(change * 100, places=2) or "0")


def _cells(row: dict[str, Any]) -> list[Any]:
    cells: list[Any] = []
    for name, _title in COLUMNS:
        if name == PREVIOUS_EXECUTED:
            cells.append(_percent(row["executed_usd"], row[PREVIOUS_EXECUTED]))
        elif name in ("contracts_signed", "enterprises_reporting"):
            cells.append(row[name])
        else:
            cells.append(_wan(row[name]))
    return cells


def _label(field: str, value: Any) -> Any:
    if field == "market":
        return MARKET_NAMES.get(value, value)
    if field == "group":
        return GROUP_NAMES.get(value, value)
    if field == "ownership":
        return OWNERSHIP_NAMES.get(value, value)
    if field == "month":
        return f"{value}月"
    return value


def mofcom_workbook(source: Source, *, year: int, through_month: int = 12) -> bytes:
    from openpyxl.styles import Alignment, Font

    workbook = new_workbook()
    workbook.remove(workbook.active)
    period = f"{year}年1-{through_month}月" if through_month < 12 else f"{year}年"
    (total,) = indicator_rows(source, year=year, through_month=through_month) or [None]
    bold = Font(bold=True)
    amount_format, percent_format = "#,##0.0000", "0.00"

    def sheet_for(title: str, headers: list[str], rows: list[list[Any]], totals: list[Any]):
        sheet = workbook.create_sheet(title)
        xlsx_append(sheet, [f"服务外包统计 {title[3:]} ({period})"])
        sheet["A1"].font = Font(bold=True, size=12)
        xlsx_append(
            sheet, ["单位：金额万美元、万元(按当年平均汇率折算，逐笔四舍五入到分)；合同份；企业家"]
        )
        xlsx_append(sheet, [*headers, *(name for _key, name in COLUMNS)])
        for cell in sheet[3]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, horizontal="center")
        for row in rows:
            xlsx_append(sheet, row)
        xlsx_append(sheet, totals)
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        first = len(headers)
        for row_cells in sheet.iter_rows(min_row=4, max_row=sheet.max_row):
            for index, (key, _name) in enumerate(COLUMNS):
                cell = row_cells[first + index]
                if key == PREVIOUS_EXECUTED:
                    cell.number_format = percent_format
                elif key not in ("contracts_signed", "enterprises_reporting"):
                    cell.number_format = amount_format
        for index in range(1, first + len(COLUMNS) + 1):
            sheet.column_dimensions[sheet.cell(row=3, column=index).column_letter].width = 16
        return sheet

    empty_total = {name: 0 for name, _title in COLUMNS}
    total_row = total or empty_total
    for title, fields, headers in TABLES:
        rows = indicator_rows(source, year=year, by=fields, through_month=through_month)
        body = [[*(_label(f, row[f]) for f in fields), *_cells(row)] for row in rows]
        totals = ["合计", *([""] * (len(fields) - 1)), *_cells(total_row)]
        sheet_for(title, headers, body, totals)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
