"""An import's reasons said in the reader's language (issue 21).

The importers write their reasons in English (``file:row:column: reason``), the contract that
files and scripts read (DATA-FORMATS.md §4), and keep doing so. Whoever shows a reason to a
person — a page (``waibao.portal.refusals``) or the command line under a Chinese locale
(``waibao.cli.language``) — matches it against the known shapes below and says it with a
translated message (msgids Chinese, English in scripts/translations_en.py). A reason of no
known shape is shown as it is, so nothing is ever hidden; tests/imports/test_wording.py drives
every import with bad files and fails on a reason no shape says.

It stands with the importers (floor ``imports``) so that both the pages and the command line
reach it without either importing the other."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext, pgettext_lazy

Shape = tuple[re.Pattern[str], str]

_Q = r"'(?P<value>[^']*)'"  # a typed value as the importer quotes it (repr)


def shapes(pairs: Iterable[tuple[str, str]]) -> tuple[Shape, ...]:
    """``(pattern, message)`` pairs compiled; a pattern must match a whole reason."""
    return tuple((re.compile(pattern), message) for pattern, message in pairs)


# (shape of the English reason, Chinese message); named groups fill the message, some after
# being said themselves (``_PARTS``). The more particular shape comes first.
SHAPES: tuple[Shape, ...] = shapes(
    (
        # ---- values of every import (waibao.money, waibao.bounds, reporting.validation)
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
            rf"{_Q} is not an ISO date \(YYYY-MM-DD\)",
            gettext_noop("“%(value)s”不是日期，请按 2024-03-01 的格式填写"),
        ),
        (
            rf"date {_Q} is not a day of the calendar",
            gettext_noop("“%(value)s”不是日历上的日期"),
        ),
        (
            r"date (?P<value>\S+) is outside (?P<first>\S+) to (?P<last>\S+)",
            gettext_noop("日期 %(value)s 不在 %(first)s 至 %(last)s 之间"),
        ),
        (rf"amount {_Q} is negative", gettext_noop("金额不能为负数")),
        (
            rf"amount {_Q} has more than two decimals",
            gettext_noop("金额最多两位小数"),
        ),
        (
            r"amount (?:(?P<value>.*) )?is over the bound of (?P<most>\S+)",
            gettext_noop("金额超过上限 %(most)s"),
        ),
        (
            rf"amount {_Q} (?:is in exponent \(float\) form|is not a decimal number|"
            r"has a leading zero|has surrounding spaces|has a thousands separator)",
            gettext_noop("“%(value)s”不是金额，请填写如 1234.50 的数"),
        ),
        # ---- the file itself (waibao.uploads, waibao.imports.tabular)
        (
            r"the file is (?P<size>.+), over the limit of (?P<limit>.+)",
            gettext_noop("文件大小为 %(size)s，超过上限 %(limit)s"),
        ),
        (
            r"the file is over the limit of (?P<limit>.+)",
            gettext_noop("文件超过大小上限 %(limit)s"),
        ),
        (
            r"the workbook has (?P<count>[\d,]+) parts, over the limit of (?P<limit>[\d,]+)",
            gettext_noop("工作簿有 %(count)s 个部件，超过上限 %(limit)s"),
        ),
        (
            r"the workbook unpacks to more than (?P<limit>.+)",
            gettext_noop("工作簿解压后超过 %(limit)s"),
        ),
        (
            r"the workbook unpacks to (?P<size>.+), over the limit of (?P<limit>.+)",
            gettext_noop("工作簿解压后为 %(size)s，超过上限 %(limit)s"),
        ),
        (
            r"the workbook part (?P<part>\S+) unpacks (?P<size>.+) from (?P<packed>.+), "
            r"more than (?P<ratio>\d+) times: refused as a decompression bomb",
            gettext_noop(
                "工作簿部件 %(part)s 由 %(packed)s 解压为 %(size)s，超过 %(ratio)s 倍，"
                "按压缩炸弹拒绝"
            ),
        ),
        (
            r"the workbook part (?P<part>\S+) is larger than declared",
            gettext_noop("工作簿部件 %(part)s 比声明的大"),
        ),
        (r"the workbook is damaged \((?P<error>.*)\)", gettext_noop("工作簿已损坏")),
        (r"cannot open the file: (?P<error>.*)", gettext_noop("无法打开文件：%(error)s")),
        (
            r"cannot read the workbook: (?P<error>.*)",
            gettext_noop("无法读取工作簿，不是有效的 XLSX 文件"),
        ),
        (r"the file is empty: no header", gettext_noop("文件是空的：没有列名行")),
        (r"the sheet is empty: no header", gettext_noop("工作表是空的：没有列名行")),
        (r"column appears twice in the header", gettext_noop("列名在第一行出现了两次")),
        (r"unknown column \(not in DATA-FORMATS.md\)", gettext_noop("不是导入文件的列名")),
        (r"unknown column", gettext_noop("不是导入文件的列名")),
        (r"required column is missing", gettext_noop("缺少这一必需的列")),
        (r"a value in a column that has no header", gettext_noop("这一列有数据但没有列名")),
        (
            r"(?P<count>\d+) cells but the header has (?P<width>\d+)",
            gettext_noop("这一行有 %(count)s 个单元格，但列名只有 %(width)s 个"),
        ),
        (
            r"not UTF-8 text \(from about this row: (?P<error>.*)\)",
            gettext_noop("不是 UTF-8 编码的文本（大约从这一行起）：请另存为 UTF-8 的 CSV"),
        ),
        (
            r"field larger than field limit \((?P<most>\d+)\)",
            gettext_noop("单元格超过 %(most)s 个字符的上限"),
        ),
        (r"malformed CSV: (?P<inner>.*)", gettext_noop("CSV 格式有误：%(inner)s")),
        (r"a NUL character \(0x00\) in the cell", gettext_noop("单元格中有 NUL 字符（0x00）")),
        (
            r"TRUE/FALSE cell \((?P<value>\w+)\) where (?P<kind>\w+) is expected",
            gettext_noop("单元格是逻辑值（%(value)s），这里应为%(kind)s"),
        ),
        (
            r"date-time cell (?P<value>.+) where (?P<kind>\w+) is expected",
            gettext_noop("单元格是日期时间（%(value)s），这里应为%(kind)s"),
        ),
        (
            r"date cell (?P<value>\S+) where (?P<kind>\w+) is expected",
            gettext_noop("单元格是日期（%(value)s），这里应为%(kind)s"),
        ),
        (
            r"cell of type (?P<type>\w+) cannot be read as (?P<kind>\w+)",
            gettext_noop("无法把 %(type)s 类型的单元格读作%(kind)s"),
        ),
        (
            r"number (?P<value>\S+) where a date is expected",
            gettext_noop("单元格是数字 %(value)s，这里应为日期：请填写如 2024-03-01 的日期"),
        ),
        (
            r"numeric cell (?P<value>\S+) is not an exact amount: enter it as text",
            gettext_noop("数字单元格 %(value)s 不是精确的金额：请以文本填写"),
        ),
        (
            r"numeric cell (?P<value>\S+) cannot hold this value exactly: "
            r"format the column as text",
            gettext_noop("数字单元格 %(value)s 无法精确保存这个值：请把这一列设为文本格式"),
        ),
        # ---- enterprises (waibao.registry)
        (
            rf"uscc {_Q} has (?P<count>\d+) characters, not 18",
            gettext_noop("统一社会信用代码“%(value)s”有 %(count)s 位，应为 18 位"),
        ),
        (
            rf"uscc {_Q} contains (?P<chars>.+), not allowed in GB 32100 "
            r"\(no I, O, S, V, Z or lower case\)",
            gettext_noop(
                "统一社会信用代码“%(value)s”含有 %(chars)s，GB 32100 不允许"
                "（不用 I、O、S、V、Z，不用小写字母）"
            ),
        ),
        (
            rf"uscc {_Q} starts with '(?P<first>.)', not a registration-authority code",
            gettext_noop("统一社会信用代码“%(value)s”的首位 %(first)s 不是登记管理部门代码"),
        ),
        (
            rf"uscc {_Q}: characters 3 to 8 must be the registering authority's region code",
            gettext_noop("统一社会信用代码“%(value)s”的第 3 至 8 位须为登记管理机关的行政区划代码"),
        ),
        (
            rf"uscc {_Q} has check character '(?P<found>.)', expected '(?P<expected>.)'",
            gettext_noop("统一社会信用代码“%(value)s”的校验码是 %(found)s，应为 %(expected)s"),
        ),
        (
            r"uscc (?P<uscc>\S+) appears again \(first at row (?P<first>\d+)\)",
            gettext_noop("统一社会信用代码 %(uscc)s 重复（首次出现在第 %(first)s 行）"),
        ),
        (
            rf"region_code {_Q} is not a 6-digit GB/T 2260 code",
            gettext_noop("区划代码“%(value)s”不是 6 位的 GB/T 2260 代码"),
        ),
        (
            r"region_code (?P<code>\S+) is not in the GB/T 2260 table",
            gettext_noop("区划代码 %(code)s 不在 GB/T 2260 区划表中"),
        ),
        (
            r"region_code (?P<code>\S+) is a (?P<level>\w+), not a district \(区/县\) code",
            gettext_noop("区划代码 %(code)s 是%(level)s代码，不是区县代码"),
        ),
        (
            rf"park_id {_Q} is not a known park",
            gettext_noop("园区编号“%(value)s”不是已登记的园区"),
        ),
        (
            rf"ownership {_Q} is not one of (?P<choices>.+)",
            gettext_noop("所有制“%(value)s”无效，可选：%(choices)s"),
        ),
        (
            r"(?P<what>.+?) already exists with different values: (?P<changes>.+); "
            r"imports never update",
            gettext_noop("%(what)s 已存在，但数值不同：%(changes)s；导入从不修改已有数据"),
        ),
        # ---- contracts and executions (waibao.reporting)
        (
            r"contract (?P<contract>\S+) of (?P<uscc>\S+) appears again "
            r"\(first at row (?P<first>\d+)\)",
            gettext_noop("企业 %(uscc)s 的合同 %(contract)s 重复（首次出现在第 %(first)s 行）"),
        ),
        (
            r"execution (?P<execution>\S+) of contract (?P<contract>\S+) of (?P<uscc>\S+) "
            r"appears again \(first at row (?P<first>\d+)\)",
            gettext_noop(
                "企业 %(uscc)s 合同 %(contract)s 的执行记录 %(execution)s 重复"
                "（首次出现在第 %(first)s 行）"
            ),
        ),
        (
            r"no enterprise with uscc (?P<uscc>\S+) in the registry",
            gettext_noop("企业名录中没有统一社会信用代码为 %(uscc)s 的企业"),
        ),
        (
            r"uscc (?P<uscc>\w+) is not your organisation's .*",
            gettext_noop("只能报送本企业的数据，%(uscc)s 不是本企业"),
        ),
        (
            r"no contract (?P<contract>\S+) of (?P<uscc>\w+) in the database",
            gettext_noop("企业 %(uscc)s 没有编号为 %(contract)s 的合同：请先报送该合同"),
        ),
        (
            r"execution_date (?P<when>\S+) is before the contract's signed_date (?P<signed>\S+)",
            gettext_noop("执行日期 %(when)s 早于合同签订日期 %(signed)s"),
        ),
        (
            r"no (?P<codes>[A-Z/]+) exchange rate for (?P<year>\d+) \(first row needing it\): "
            r"statistics will refuse these amounts until an administrator adds it",
            gettext_noop(
                "缺少 %(year)s 年的 %(codes)s 汇率（从这一行起需要）：管理员补录之前，"
                "统计不能计算这些金额"
            ),
        ),
        (
            r"no exchange rate for (?P<currency>\w+) in (?P<year>\d+): add the yearly average "
            r"\(CNY per 1 \w+\) in the admin under 年平均汇率",
            gettext_noop(
                "缺少 %(year)s 年的 %(currency)s 汇率：请在管理后台的“年平均汇率”中补录"
                "（1 %(currency)s 折合人民币）"
            ),
        ),
        (
            r"(?P<what>contract \S+ of \S+): executions not checked against its value: "
            r"(?P<inner>.+)",
            gettext_noop("%(what)s 的执行额未能与合同金额核对：%(inner)s"),
        ),
        (
            r"executions of (?P<what>contract \S+ of \S+) total (?P<executed>\S+) "
            r"(?P<currency>\w+), above its value (?P<amount>\S+) \w+",
            gettext_noop(
                "%(what)s 的执行额合计 %(executed)s %(currency)s，"
                "超过合同金额 %(amount)s %(currency)s"
            ),
        ),
        # ---- training rosters (waibao.talent.roster, waibao.talent.identity)
        (r"required value is empty", gettext_noop("必填，不能为空")),
        (r"ID number is empty", gettext_noop("必填，不能为空")),
        (
            r"ID number must be 17 digits and a digit or X \((?P<count>\d+) characters\)",
            gettext_noop("身份证号须为 17 位数字加 1 位数字或 X（现为 %(count)s 位）"),
        ),
        (r"ID number check digit is wrong", gettext_noop("身份证号的校验码不对")),
        (
            r"ID number holds an impossible birth date or region",
            gettext_noop("身份证号中的出生日期或地区码不存在"),
        ),
        (
            r"phone must be an 11-digit mainland mobile number",
            gettext_noop("手机号须为 11 位的大陆手机号码"),
        ),
        (
            rf"{_Q} is not pass, fail, 合格, 不合格 or empty",
            gettext_noop("“%(value)s”无效：请填写合格或不合格（或 pass、fail），或留空"),
        ),
        (
            r"(?P<first>\w+) and (?P<second>\w+) go together",
            gettext_noop("%(first)s 与 %(second)s 须同时填写或同时留空"),
        ),
        (r"is before (?P<other>\w+)", gettext_noop("早于 %(other)s")),
        (
            r"a final exam result needs the completion date",
            gettext_noop("有结业考试结果时须填写结业日期"),
        ),
        (r"not a \.csv or \.xlsx file", gettext_noop("不是 .csv 或 .xlsx 文件")),
        (
            r"stored as a number in Excel, which loses digits; format the column as text",
            gettext_noop("在 Excel 中存成了数字，会丢失位数：请把这一列设为文本格式"),
        ),
        (
            r"no organisation with this uscc in the registry",
            gettext_noop("企业名录中没有这个统一社会信用代码的单位"),
        ),
        (r"unknown course of this provider", gettext_noop("该培训机构没有这门课程")),
        (
            r"duplicate of row (?P<first>\d+) \(same course and person\)",
            gettext_noop("与第 %(first)s 行重复（同一课程、同一人员）"),
        ),
        (
            r"this person's data was erased at their request; remove the row",
            gettext_noop("此人的数据已应本人要求删除：请删去这一行"),
        ),
        (
            r"differs from another row of this ID number",
            gettext_noop("与同一身份证号的另一行不一致"),
        ),
        (
            r"name differs from the one recorded for this ID number",
            gettext_noop("与该身份证号已登记的姓名不一致"),
        ),
        (r"differs from the value already recorded", gettext_noop("与已登记的值不一致")),
    )
)

# Words inside a reason, said on their own: a cell's expected kind, a region's level.
_WORDS: dict[str, dict[str, object]] = {
    "kind": {
        "text": pgettext_lazy("import cell kind", "文本"),
        "amount": pgettext_lazy("import cell kind", "金额"),
        "date": pgettext_lazy("import cell kind", "日期"),
    },
    "level": {
        "province": pgettext_lazy("region level in a reason", "省级"),
        "city": pgettext_lazy("region level in a reason", "地级市"),
        "district": pgettext_lazy("region level in a reason", "区县"),
    },
}

# What an "already exists" or an executions warning is about (services' ``what``).
SUBJECTS = shapes(
    (
        (
            r"execution (?P<execution>\S+) of contract (?P<contract>\S+) of (?P<uscc>\S+)",
            gettext_noop("企业 %(uscc)s 合同 %(contract)s 的执行记录 %(execution)s"),
        ),
        (
            r"contract (?P<contract>\S+) of (?P<uscc>\S+)",
            gettext_noop("企业 %(uscc)s 的合同 %(contract)s"),
        ),
        (r"enterprise (?P<uscc>\S+)", gettext_noop("企业 %(uscc)s")),
    )
)

# One change of an "already exists": ``column new (stored: old)``, joined with ", ".
CHANGE = re.compile(r"(?P<column>\w+) (?P<new>.*?) \(stored: (?P<old>.*?)\)(?:, |$)")
_SIZE = re.compile(r"(?<=\d) bytes\b")


def _said_change(text: str) -> str:
    parts = []
    for change in CHANGE.finditer(text):
        values = {k: _blank(v) for k, v in change.groupdict().items()}
        parts.append(_("%(column)s 为 %(new)s（已存：%(old)s）") % values)
    return _("；").join(parts) if parts else text


def _blank(value: str) -> str:
    return pgettext("a stored value", "空") if value == "blank" else value


def _said_subject(text: str) -> str:
    return said(text, SUBJECTS)


def _said_size(text: str) -> str:
    return _SIZE.sub(" " + _("字节"), text)


_PARTS: dict[str, Callable[[str], str]] = {
    "what": _said_subject,
    "changes": _said_change,
    "inner": lambda text: said(text),
    "size": _said_size,
    "limit": _said_size,
    "packed": _said_size,
}


def _part(name: str, value: str | None) -> str:
    if value is None:
        return ""
    if name in _WORDS:
        word = _WORDS[name].get(value)
        return str(word) if word else value
    said_part = _PARTS.get(name)
    return said_part(value) if said_part else value


def said(reason: str, known: Iterable[Shape] = SHAPES) -> str:
    """``reason`` in the active language, or as it is when its shape is unknown."""
    text = reason.strip()
    for pattern, message in known:
        match = pattern.fullmatch(text)
        if match:
            return _(message) % {k: _part(k, v) for k, v in match.groupdict().items()}
    return reason


def said_by_column(
    errors: Mapping[str, list[str]], known: Iterable[Shape] = SHAPES
) -> dict[str, list[str]]:
    """A ``by_column()`` mapping with every reason said in the active language."""
    known = tuple(known)
    return {column: [said(r, known) for r in reasons] for column, reasons in errors.items()}


WARNING = "warning: "


def said_lines(lines: Iterable[str], known: Iterable[Shape] = SHAPES) -> list[str]:
    """``file:row:column: reason`` lines (and ``…: warning: reason``) with the reason said in
    the active language; the position stays exactly as the importer wrote it."""
    known = tuple(known)
    shown = []
    for line in lines:
        head, separator, reason = line.partition(": ")
        if not separator:
            shown.append(line)
        elif reason.startswith(WARNING):
            warned = said(reason[len(WARNING) :], known)
            shown.append(f"{head}{separator}" + _("警告：%(reason)s") % {"reason": warned})
        else:
            shown.append(f"{head}{separator}{said(reason, known)}")
    return shown
