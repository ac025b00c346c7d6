"""Checks for registry input (DATA-FORMATS.md §1). Pure functions: each returns the reason a
value is refused, or ``None`` when it is acceptable, so an import can collect every problem of
every row instead of stopping at the first.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import date

from waibao.bounds import day_problem

# GB 32100-2015: the 31 characters of the code, digits and capitals without I, O, S, V, Z.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {character: value for value, character in enumerate(USCC_CHARSET)}
# Weight of position i (0-based) is 3^i mod 31.
USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))

# Position 1, 登记管理部门代码 (GB 32100-2015 table 1, with the codes added since).
# python-stdnum's cn.uscc wrongly requires a digit here and refuses A, N and Y codes.
REGISTRATION_AUTHORITIES = {
    "1": "机构编制",
    "2": "外交",
    "3": "司法行政",
    "4": "文化",
    "5": "民政",
    "6": "旅游",
    "7": "宗教",
    "8": "工会",
    "9": "工商(市场监管)",
    "A": "中央军委改革和编制办公室",
    "N": "农业",
    "Y": "其他",
}

OWNERSHIPS = ("private", "state", "foreign", "hmt")

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def uscc_check_character(first17: str) -> str:
    """The 18th character for the first 17: ``31 - (Σ value × 3^i mod 31) mod 31``, where a
    result of 31 is written ``0``."""
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """Why ``code`` is not a 统一社会信用代码 (GB 32100-2015), or ``None``."""
    if code == "":
        return "uscc is empty"
    if len(code) != 18:
        return f"uscc {code!r} has {len(code)} characters, not 18"
    forbidden = sorted({c for c in code if c not in _USCC_VALUE})
    if forbidden:
        shown = ", ".join(repr(c) for c in forbidden)
        return (
            f"uscc {code!r} contains {shown}, not allowed in GB 32100"
            " (no I, O, S, V, Z or lower case)"
        )
    if code[0] not in REGISTRATION_AUTHORITIES:
        return f"uscc {code!r} starts with {code[0]!r}, not a registration-authority code"
    if not code[2:8].isdigit():
        return f"uscc {code!r}: characters 3 to 8 must be the registering authority's region code"
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        return f"uscc {code!r} has check character {code[17]!r}, expected {expected!r}"
    return None


class RegionIndex:
    """Which region codes exist and which an enterprise may be registered under.

    An enterprise's ``region_code`` is a county-level unit (区/县), or one of the
    prefecture-level cities that have none (东莞, 中山, 儋州, 嘉峪关: 不设区的地级市).
    """

    def __init__(self, levels: Mapping[str, str], parents: Mapping[str, str | None]):
        self.levels = dict(levels)
        with_children = {parent for parent in parents.values() if parent}
        self.enterprise_codes = frozenset(
            code
            for code, level in self.levels.items()
            if level == "district" or (level == "city" and code not in with_children)
        )

    @classmethod
    def from_rows(cls, rows: Collection[tuple[str, str, str | None]]) -> RegionIndex:
        """From ``(code, level, parent_code)`` triples (the shipped table or the database)."""
        return cls({c: lv for c, lv, _ in rows}, {c: p for c, _, p in rows})

    def enterprise_region_problem(self, code: str) -> str | None:
        if code == "":
            return "region_code is empty"
        if not (len(code) == 6 and code.isdigit()):
            return f"region_code {code!r} is not a 6-digit GB/T 2260 code"
        level = self.levels.get(code)
        if level is None:
            return f"region_code {code} is not in the GB/T 2260 table"
        if code not in self.enterprise_codes:
            return f"region_code {code} is a {level}, not a district (区/县) code"
        return None


def ownership_problem(value: str) -> str | None:
    """Blank (unknown) or one of DATA-FORMATS.md's four values."""
    if value == "" or value in OWNERSHIPS:
        return None
    return f"ownership {value!r} is not one of {', '.join(OWNERSHIPS)}"


def parse_iso_date(text: str) -> date:
    """``YYYY-MM-DD`` and a real calendar day, or ``ValueError`` with the reason."""
    if not _ISO_DATE.match(text):
        raise ValueError(f"date {text!r} is not an ISO date YYYY-MM-DD")
    try:
        day = date(int(text[:4]), int(text[5:7]), int(text[8:10]))
    except ValueError:
        raise ValueError(f"date {text!r} is not a day of the calendar") from None
    problem = day_problem(day)
    if problem:
        raise ValueError(problem)
    return day


def date_problem(text: str) -> str | None:
    try:
        parse_iso_date(text)
    except ValueError as error:
        return str(error)
    return None
