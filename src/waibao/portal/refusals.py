"""A refused report cell or query said in the page's language (issue 21: "explain a refusal
in plain Chinese next to the field").

The importer's reasons are the CLI's ``file:row:column: reason`` lines, English, kept as they
are for files and scripts. A page matches each reason against the known shapes below and
says it with a translated message (msgids Chinese, English in scripts/translations_en.py);
a reason of no known shape is shown as it is, so nothing is ever hidden."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

_Q = r"'(?P<value>[^']*)'"  # a typed value as the importer quotes it (repr)

# (shape of the English reason, Chinese message); named groups fill the message.
SHAPES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (r"(?P<field>\w+) is empty", gettext_noop("必填，不能为空")),
        (
            r"(?P<field>\w+) is longer than (?P<most>\d+) characters",
            gettext_noop("不能超过 %(most)s 个字符"),
        ),
        (
            rf"client_country {_Q} must be upper case \((?P<upper>\w+)\)",
            gettext_noop("国家或地区代码须大写：%(upper)s"),
        ),
        (
            rf"client_country {_Q} is not an ISO 3166-1 alpha-2 code",
            gettext_noop("“%(value)s”不是国家或地区代码，请从列表中选择"),
        ),
        (
            rf"currency {_Q} must be upper case \((?P<upper>\w+)\)",
            gettext_noop("币种代码须大写：%(upper)s"),
        ),
        (
            rf"currency {_Q} is not an ISO 4217 code",
            gettext_noop("“%(value)s”不是币种代码，请从列表中选择"),
        ),
        (
            rf"category {_Q} is not a code of categories.csv",
            gettext_noop("“%(value)s”不是服务外包业务类别，请从列表中选择"),
        ),
        (
            rf"date {_Q} is not an ISO date YYYY-MM-DD",
            gettext_noop("“%(value)s”不是日期，请按 2024-03-01 的格式填写"),
        ),
        (
            rf"date {_Q} is not a day of the calendar",
            gettext_noop("“%(value)s”不是日历上的日期"),
        ),
        (rf"amount {_Q} is negative", gettext_noop("金额不能为负数")),
        (
            rf"amount {_Q} has more than two decimals",
            gettext_noop("金额最多两位小数"),
        ),
        (
            r"amount (?P<value>.*) is over the bound of (?P<most>\S+)",
            gettext_noop("金额超过上限 %(most)s"),
        ),
        (
            rf"amount {_Q} (?:is in exponent \(float\) form|is not a decimal number|"
            r"has a leading zero|has surrounding spaces|has a thousands separator)",
            gettext_noop("“%(value)s”不是金额，请填写如 1234.50 的数"),
        ),
        (
            r"no contract (?P<contract>\S+) of (?P<uscc>\w+) in the database",
            gettext_noop("本企业没有编号为 %(contract)s 的合同，请先报送该合同"),
        ),
        (
            r"execution_date (?P<when>\S+) is before the contract's signed_date (?P<signed>\S+)",
            gettext_noop("执行日期 %(when)s 早于合同签订日期 %(signed)s"),
        ),
        (r"column appears twice in the header", gettext_noop("列名在第一行出现了两次")),
        (r"unknown column \(not in DATA-FORMATS.md\)", gettext_noop("不是导入文件的列名")),
        (r"required column is missing", gettext_noop("缺少这一必需的列")),
        (r"a value in a column that has no header", gettext_noop("这一列有数据但没有列名")),
        (r"the file is empty: no header", gettext_noop("文件是空的：没有列名行")),
        # the statistics page's query (waibao.readmodel.statistics)
        (
            r"year (?P<value>.*): not a year Waibao holds facts for",
            gettext_noop("年度“%(value)s”无效：请填写有数据的四位年份"),
        ),
        (
            r"through_month (?P<value>.*): a month 1-12",
            gettext_noop("截至月份“%(value)s”无效：请填写 1 至 12"),
        ),
        (
            r"by: unknown field (?P<value>.*); choose from (?P<choices>.*)",
            gettext_noop("没有分组 %(value)s，可选：%(choices)s"),
        ),
        (
            r"by: field (?P<value>.*) given twice",
            gettext_noop("分组 %(value)s 选了两次"),
        ),
        (
            r"format (?P<value>.*): xlsx, csv or json",
            gettext_noop("下载格式“%(value)s”无效：可选 xlsx、csv 或 json"),
        ),
        (
            r"uscc (?P<uscc>\w+) is not your organisation's .*",
            gettext_noop("只能报送本企业的数据，%(uscc)s 不是本企业"),
        ),
    )
)


def said(reason: str) -> str:
    """``reason`` in the active language, or as it is when its shape is unknown."""
    for pattern, message in SHAPES:
        match = pattern.fullmatch(reason.strip())
        if match:
            return _(message) % match.groupdict()
    return reason


def said_by_column(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """A ``by_column()`` mapping with every reason said in the active language."""
    return {column: [said(r) for r in reasons] for column, reasons in errors.items()}


def said_lines(lines: list[str]) -> list[str]:
    """``file:row:column: reason`` lines with the reason said in the active language (the
    position stays as the importer wrote it)."""
    shown = []
    for line in lines:
        head, separator, reason = line.partition(": ")
        shown.append(f"{head}{separator}{said(reason)}" if separator else line)
    return shown
