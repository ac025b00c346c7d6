"""A facts file's refusals said in the reader's language (issue 21).

``waibao.facts`` writes its problems in English, one line each and every one of them, in
three positions: ``FILE: record N: FIELD: reason`` (a record's field), ``FILE: line N:
reason`` (a JSON Lines line that is not JSON) and ``FILE: column X: reason`` (a Parquet
file's column), besides ``FILE: reason`` for the file as a whole; the public calculator
writes the same lines without the file. Those lines are the contract scripts read
(docs/contracts/FACTS.md, CLI.md) and stay as they are. Whoever shows them to a person
under Chinese — the command line (``waibao.cli.wording``), the public calculator's page and
API — says each reason by its shape, like an import's (``waibao.imports.wording``): the
position, the field ids and the values are never touched, and a reason of no known shape is
shown as written. tests/imports/test_facts_reason_templates.py fails on a reason the facts
modules can write that no shape here says.

It stands with the importers' wording (floor ``imports``, above ``facts``) so that the
command line, the pages and the API all reach it."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext_lazy

from waibao.imports import wording
from waibao.imports.wording import Shape, shapes

_V = r"(?P<value>.+?)"  # a value as the validator writes it: a repr for text, else as it is

# ---- a record's field (after ``record N: FIELD: ``; waibao.facts.schema, waibao.facts.io)
FIELD_SHAPES: tuple[Shape, ...] = shapes(
    (
        (r"is required", gettext_noop("必填，不能缺少")),
        (r"is not a FACTS\.md field", gettext_noop("不是 FACTS.md 中的字段")),
        (r"must not be blank", gettext_noop("不能为空白")),
        (r"must be a string, not (?P<type>.+)", gettext_noop("须为字符串，不能是%(type)s")),
        (r"must be an integer, not (?P<type>.+)", gettext_noop("须为整数，不能是%(type)s")),
        (
            r"must be true or false, not (?P<type>.+)",
            gettext_noop("须为 true 或 false，不能是%(type)s"),
        ),
        (r"must be an amount, not (?P<type>.+)", gettext_noop("须为金额，不能是%(type)s")),
        (
            r"must be a decimal string, not (?P<type>.+)",
            gettext_noop("须为十进制金额字符串，不能是%(type)s"),
        ),
        (
            r"must be a date string YYYY-MM-DD, not (?P<type>.+)",
            gettext_noop("须为 YYYY-MM-DD 格式的日期字符串，不能是%(type)s"),
        ),
        (
            r"must be a JSON object, not (?P<type>.+)",
            gettext_noop("须为 JSON 对象，不能是%(type)s"),
        ),
        (r"must be a list, not (?P<type>.+)", gettext_noop("须为列表，不能是%(type)s")),
        (r"must be an object, not (?P<type>.+)", gettext_noop("须为对象，不能是%(type)s")),
        (r"must not be negative \((?P<value>.+)\)", gettext_noop("不能为负数（%(value)s）")),
        (r"must be at least 1", gettext_noop("至少为 1")),
        (
            r"amount (?P<value>.+?) is a JSON number with a fraction or exponent; "
            r'write it as a decimal string \("(?P<text>.*)"\)',
            gettext_noop(
                "金额 %(value)s 是带小数或指数的 JSON 数字：请写成带引号的十进制字符串"
                '（"%(text)s"）'
            ),
        ),
        (
            r"amount (?P<value>.+?) is above (?P<most>\S+)",
            gettext_noop("金额 %(value)s 超过上限 %(most)s"),
        ),
        (r"amount (?P<value>-?\d+) is negative", gettext_noop("金额 %(value)s 不能为负数")),
        (
            r"year (?P<value>-?\d+) is outside (?P<low>\d+)-(?P<high>\d+)",
            gettext_noop("年度 %(value)s 不在 %(low)s 至 %(high)s 之间"),
        ),
        (
            r"level (?P<value>-?\d+) is outside (?P<low>\d+)-(?P<high>\d+)",
            gettext_noop("等级 %(value)s 不在 %(low)s 至 %(high)s 之间"),
        ),
        (r"(?P<value>-?\d+) is above (?P<most>\d+)", gettext_noop("%(value)s 超过上限 %(most)s")),
        (
            r"(?P<value>-?\d+) is more than (?P<field>\w+) (?P<other>-?\d+)",
            gettext_noop("%(value)s 大于 %(field)s 的 %(other)s"),
        ),
        (
            r"(?P<value>\S+) is before the violation (?P<date>\S+)",
            gettext_noop("%(value)s 早于违规日期 %(date)s"),
        ),
        (
            rf"{_V} is not a date YYYY-MM-DD",
            gettext_noop("“%(value)s”不是 YYYY-MM-DD 格式的日期"),
        ),
        (
            rf"{_V} is not a 6-digit GB/T 2260 code",
            gettext_noop("“%(value)s”不是 6 位的 GB/T 2260 区划代码"),
        ),
        (
            rf"{_V} is not an 18-character 统一社会信用代码",
            gettext_noop("“%(value)s”不是 18 位的统一社会信用代码"),
        ),
        (
            rf"{_V} is not one of (?P<choices>.+)",
            gettext_noop("“%(value)s”无效，可选：%(choices)s"),
        ),
        (
            r"(?P<uscc>\S+) (?P<year>-?\d+) repeats record (?P<first>\d+)",
            gettext_noop("%(uscc)s 的 %(year)s 年与第 %(first)s 条记录重复"),
        ),
    )
)

# ---- a Parquet file's column (after ``column X: ``; waibao.facts.parquet)
COLUMN_SHAPES: tuple[Shape, ...] = shapes(
    (
        (
            r"missing \(an unknown fact is a null, not an absence\)",
            gettext_noop("缺少这一列（未知的事实写作 null，列不能省去）"),
        ),
        (r"is not a FACTS\.md field", gettext_noop("不是 FACTS.md 中的字段")),
        (r"given more than once", gettext_noop("出现了不止一次")),
        (
            r"is (?P<found>.+?), expected (?P<expected>.+)",
            gettext_noop("类型为 %(found)s，应为%(expected)s"),
        ),
        (r"item field (?P<item>\S+): missing", gettext_noop("列表项缺少字段 %(item)s")),
        (
            r"item field (?P<item>\S+): is not a FACTS\.md field",
            gettext_noop("列表项字段 %(item)s 不是 FACTS.md 中的字段"),
        ),
        (
            r"item field (?P<item>\S+): is (?P<found>.+?), expected (?P<expected>.+)",
            gettext_noop("列表项字段 %(item)s 的类型为 %(found)s，应为%(expected)s"),
        ),
        (
            r"item fields in the order (?P<have>.+); expected (?P<wanted>.+)",
            gettext_noop("列表项字段的顺序为 %(have)s，应为 %(wanted)s"),
        ),
    )
)

# ---- a JSON Lines line (after ``line N: ``; waibao.facts.io)
LINE_SHAPES: tuple[Shape, ...] = shapes(
    ((r"not valid JSON: (?P<json>.*)", gettext_noop("不是有效的 JSON：%(json)s")),)
)

# ---- the file as a whole (after ``FILE: ``, or alone), and the public calculator's request
FILE_SHAPES: tuple[Shape, ...] = LINE_SHAPES + shapes(
    (
        (r"cannot read: (?P<error>.*)", gettext_noop("无法读取：%(error)s")),
        (r"cannot write: (?P<error>.*)", gettext_noop("无法写入：%(error)s")),
        (r"not UTF-8 text: (?P<error>.*)", gettext_noop("不是 UTF-8 编码的文本")),
        (r"a JSON array of records was expected", gettext_noop("应为由记录组成的 JSON 数组")),
        # waibao.readmodel.public_calculator, waibao.api.public_calculator
        (r"no facts records: send at least one", gettext_noop("没有事实记录：请至少提交一条")),
        (
            r"(?P<count>\d+) records: at most (?P<most>\d+) a request",
            gettext_noop("%(count)s 条记录：每次最多 %(most)s 条"),
        ),
        (r"facts: not valid", gettext_noop("事实数据有误")),
        (
            r'a JSON object \{"records": \[FACTS\.md record, \.\.\.\]\} expected',
            gettext_noop('应为 JSON 对象 {"records": [FACTS.md record, ...]}'),
        ),
        (
            r"request body above (?P<kb>\d+) KB",
            gettext_noop("请求体超过 %(kb)s KB"),
        ),
        (
            r"too many calculations from this address: wait a minute",
            gettext_noop("来自此地址的试算过于频繁：请一分钟后再试"),
        ),
    )
)

# ---- words inside a reason, said on their own
_TYPES: dict[str, object] = {
    "null": pgettext_lazy("JSON type in a reason", "空值 null"),
    "a boolean": pgettext_lazy("JSON type in a reason", "布尔值"),
    "an integer": pgettext_lazy("JSON type in a reason", "整数"),
    "a number": pgettext_lazy("JSON type in a reason", "数字"),
    "a string": pgettext_lazy("JSON type in a reason", "字符串"),
    "a list": pgettext_lazy("JSON type in a reason", "列表"),
    "an object": pgettext_lazy("JSON type in a reason", "对象"),
}

# What a Parquet column must hold (``waibao.facts.parquet._expected``)
_EXPECTED = shapes(
    (
        (
            r'string \(a decimal amount, "(?P<example>[^"]*)"\)',
            gettext_noop('字符串（十进制金额，如 "%(example)s"）'),
        ),
        (
            r'string \(a date, "(?P<example>[^"]*)"\)',
            gettext_noop('字符串（日期，如 "%(example)s"）'),
        ),
        (r"a list of structs \((?P<fields>.*)\)", gettext_noop("结构体列表（%(fields)s）")),
        (r"string", gettext_noop("字符串 string")),
        (r"integer", gettext_noop("整数 integer")),
        (r"boolean", gettext_noop("布尔值 boolean")),
    )
)

# Python's JSON parser's messages (``json.decoder``), with or without its position
_JSON = shapes(
    (
        (
            r"(?P<message>.+): line (?P<line>\d+) column (?P<column>\d+) \(char \d+\)",
            gettext_noop("第 %(line)s 行第 %(column)s 列：%(message)s"),
        ),
        (r"Expecting value", gettext_noop("此处应为一个值")),
        (r"Expecting ',' delimiter", gettext_noop("此处缺少逗号")),
        (r"Expecting ':' delimiter", gettext_noop("此处缺少冒号")),
        (
            r"Expecting property name enclosed in double quotes",
            gettext_noop("此处应为带双引号的字段名"),
        ),
        (r"Unterminated string starting at", gettext_noop("字符串从此处开始，没有结束")),
        (r"Invalid control character (?:.* )?at", gettext_noop("字符串中有控制字符")),
        (r"Invalid \\uXXXX escape", gettext_noop("无效的 \\uXXXX 转义")),
        (r"Invalid \\escape: .*", gettext_noop("无效的转义字符")),
        (r"Extra data", gettext_noop("之后还有多余的内容")),
        (r"nested too deeply", gettext_noop("嵌套层数过多")),
    )
)

# What the system says when a file cannot be read or written (``OSError``, a decoder)
_ERRORS = shapes(
    (
        (r"\[Errno 2\] .*", gettext_noop("没有这个文件或目录")),
        (r"\[Errno 13\] .*", gettext_noop("没有权限")),
        (r"\[Errno 20\] .*", gettext_noop("路径中有一段不是目录")),
        (r"\[Errno 21\] .*", gettext_noop("这是目录，不是文件")),
        (r"\[Errno 28\] .*", gettext_noop("磁盘空间不足")),
        (r"\[Errno (?P<errno>\d+)\] .*", gettext_noop("系统错误 %(errno)s")),
        (
            r"'utf-8' codec can't decode bytes? (?:0x[0-9a-f]+|in position \d+-\d+)"
            r"(?: in position (?P<position>\d+))?: .*",
            gettext_noop("不是 UTF-8 编码的文本"),
        ),
        (r"not a Parquet file \((?P<error>.*)\)", gettext_noop("不是 Parquet 文件")),
    )
)


def _unquoted(value: str) -> str:
    """A value the validator wrote as ``repr`` of a text, as typed (``'x'`` → ``x``)."""
    if value[:1] in ("'", '"'):
        try:
            text = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return value
        if isinstance(text, str):
            return text
    return value


def _word(value: str, known: dict[str, object]) -> str:
    word = known.get(value)
    return str(word) if word is not None else value


_PARTS: dict[str, Callable[[str], str]] = {
    "value": _unquoted,
    "type": lambda text: _word(text, _TYPES),
    "expected": lambda text: _said(text, _EXPECTED) or text,
    "json": lambda text: _said(text, _JSON) or text,
    "message": lambda text: _said(text, _JSON) or text,
    "error": lambda text: _said(text, _ERRORS) or text,
}


def _said(text: str, known: Iterable[Shape]) -> str | None:
    """``text`` said by the first shape that matches it whole, or None."""
    for pattern, message in known:
        match = pattern.fullmatch(text)
        if match:
            values = {
                name: "" if value is None else _PARTS.get(name, str)(value)
                for name, value in match.groupdict().items()
            }
            return _(message) % values
    return None


def _splits(text: str) -> Iterator[tuple[str, str]]:
    """``text`` cut at each ``": "`` in turn, leftmost first: (before with the separator,
    after)."""
    at = text.find(": ")
    while at != -1:
        yield text[: at + 2], text[at + 2 :]
        at = text.find(": ", at + 2)


def _said_field(reason: str) -> str | None:
    said = _said(reason, FIELD_SHAPES)
    if said is not None:
        return said
    # an amount's own reason (waibao.money), worded with the imports'
    imported = wording.said(reason)
    return imported if imported != reason else None


_RECORD = re.compile(r"(record \d+: )(.*)", re.S)
_LINE = re.compile(r"(line \d+: )(.*)", re.S)
_COLUMN = re.compile(r"(column )(.*)", re.S)


def _said_after_file(rest: str) -> str | None:
    """What follows the file's name (or a whole line without one), said; None if its shape
    is unknown. A field's or a column's own name may hold ``": "``: each cut is tried."""
    record = _RECORD.fullmatch(rest)
    if record:
        for field, reason in _splits(record[2]):
            said = _said_field(reason)
            if said is not None:
                return record[1] + field + said
        return None
    line = _LINE.fullmatch(rest)
    if line:
        said = _said(line[2], LINE_SHAPES)
        return None if said is None else line[1] + said
    column = _COLUMN.fullmatch(rest)
    if column:
        for name, reason in _splits(column[2]):
            said = _said(reason, COLUMN_SHAPES)
            if said is not None:
                return column[1] + name + said
        return None
    return _said(rest, FILE_SHAPES)


def said_line(line: str) -> str:
    """One facts problem line with its reason said in the active language; everything before
    the reason (file, ``record N: FIELD:``, ``line N:``, ``column X:``) exactly as written.
    A line of no known shape comes back as it is."""
    for head, rest in (("", line), *_splits(line)):
        said = _said_after_file(rest)
        if said is not None:
            return head + said
    return line


def said_error(text: str) -> str | None:
    """A JSON parser's or the system's message (``Expecting value: line 1 column 1 (char
    0)``, ``[Errno 2] …``) said, or None: for a command that shows one after a file's name."""
    return _said(text, _JSON) or _said(text, _ERRORS)


def said_lines(lines: Iterable[str]) -> list[str]:
    """Facts problem lines, each said in the active language (``said_line``)."""
    return [said_line(line) for line in lines]


def chinese_active() -> bool:
    return (translation.get_language() or "").lower().startswith("zh")


def shown_lines(lines: Iterable[str]) -> list[str]:
    """Facts problem lines as a page or the API shows them: said in Chinese under Chinese,
    under English exactly as ``waibao.facts`` wrote them (the English wording is the
    contract's, not a translation of the Chinese)."""
    return said_lines(lines) if chinese_active() else list(lines)


def shown(text: str) -> str:
    return shown_lines([text])[0]
