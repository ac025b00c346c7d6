"""The command line's own reasons, said like an import's (``waibao.imports.wording``): the
end of a refused import, a missing file, the special-fund amounts ``waibao funds preload``
checks and the rows of the district targets ``waibao stats assess`` reads
(``waibao.stats.assessment``)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from waibao.imports import facts_wording, wording

SHAPES: tuple[wording.Shape, ...] = wording.SHAPES + wording.shapes(
    (
        (r"refused, nothing imported", gettext_noop("已拒绝，未导入任何数据")),
        (r"no such file", gettext_noop("没有这个文件")),
        (
            r"no fund '(?P<code>[^']*)' \((?P<codes>.*)\)",
            gettext_noop("没有专项资金“%(code)s”（可选：%(codes)s）"),
        ),
        (r"the amount must be positive", gettext_noop("金额须大于零")),
        # waibao stats assess --targets FILE
        (r"'(?P<value>[^']*)' is not a 6-digit code", gettext_noop("“%(value)s”不是 6 位区划代码")),
        (
            r"'(?P<value>[^']*)' is not one of (?P<choices>.+)",
            gettext_noop("“%(value)s”无效，可选：%(choices)s"),
        ),
        (
            r"'(?P<value>[^']*)' is not a positive target",
            gettext_noop("“%(value)s”不是大于零的目标值"),
        ),
        (r"'(?P<value>[^']*)' is not a positive integer", gettext_noop("“%(value)s”不是正整数")),
        (
            r"(?P<indicator>\S+) given twice for (?P<code>\S+)",
            gettext_noop("%(code)s 的 %(indicator)s 填了两次"),
        ),
        (r"missing column\(s\) (?P<columns>.+)", gettext_noop("缺少列：%(columns)s")),
        (r"no targets", gettext_noop("文件中没有任何考核目标")),
        # the commands' own refusals of an option or a value (after ``--option: ``, ``NAME: ``)
        (r"must be 0 or more", gettext_noop("须为 0 或更大的数")),
        (
            r"period '(?P<value>[^']*)' is not YYYY-MM \(e\.g\. 2025-06\)",
            gettext_noop("“%(value)s”不是年月，请按 2025-06 的格式填写"),
        ),
        (
            r"'(?P<value>[^']*)' is not a 6-digit city code ending in 00",
            gettext_noop("“%(value)s”不是以 00 结尾的 6 位城市代码"),
        ),
        (
            r"'(?P<value>[^']*)' is not a known GB/T 2260 code",
            gettext_noop("“%(value)s”不是已知的 GB/T 2260 区划代码"),
        ),
        (
            r"'(?P<value>[^']*)' is not a share",
            gettext_noop("“%(value)s”不是比例（0 到 1 之间的小数）"),
        ),
        (
            r"'(?P<value>[^']*)' is not a date \(YYYY-MM-DD\)",
            gettext_noop("“%(value)s”不是日期，请按 2024-03-01 的格式填写"),
        ),
        (
            r"not a demo login; real users use their own device",
            gettext_noop("不是演示账户：真实用户请使用自己的动态口令设备"),
        ),
        (
            r"an enterprise login signs in with its password only; enterprise logins have no "
            r"second factor by design \(企业账户仅用密码登录，无动态口令\)",
            gettext_noop("企业账户仅用密码登录，按设计没有动态口令"),
        ),
        (
            r"has no second factor in this database yet "
            r"\(run `(?P<command>[^`]+)` to create the demo logins\)",
            gettext_noop("此数据库中还没有它的动态口令（请先运行 `%(command)s` 创建演示账户）"),
        ),
        (
            r"expected a JSON object of unit code -> score",
            gettext_noop("应为 JSON 对象：单位代码 -> 得分"),
        ),
        (
            r"no active user '(?P<value>[^']*)'",
            gettext_noop("没有名为“%(value)s”的有效用户"),
        ),
        (
            r"not a current authenticator or unused recovery code of this user",
            gettext_noop("不是该用户当前的动态口令，也不是未用过的恢复码"),
        ),
        (
            r"invalid literal for int\(\) with base 10: '(?P<value>[^']*)' "
            r"\(whole years expected\)",
            gettext_noop("“%(value)s”不是整年数"),
        ),
        (r"(?P<error>.*) \(whole years expected\)", gettext_noop("须为整年数")),
    )
)

# Lines said whole: a refusal with no ``position: `` before it.
WHOLE_LINES: tuple[wording.Shape, ...] = wording.shapes(
    (
        (
            r"no demo logins in this database: run `(?P<command>[^`]+)` first",
            gettext_noop("此数据库中没有演示账户：请先运行 `%(command)s`"),
        ),
        (
            r"--to (?P<end>\S+) is before --from (?P<start>\S+)",
            gettext_noop("--to %(end)s 早于 --from %(start)s"),
        ),
        (
            r"audit chain broken at (?P<subject>.+?): (?P<reason>.*)",
            gettext_noop("审计链在 %(subject)s 处断开：%(reason)s"),
        ),
        (
            r"(?P<records>\d+) records before it verified; last good hash (?P<hash>\S+)",
            gettext_noop("此前 %(records)s 条记录校验无误；最后一个正确的哈希为 %(hash)s"),
        ),
    )
)


def said_lines(lines: list[str]) -> list[str]:
    """``file:row:column: reason`` (or ``--option VALUE: reason``) lines, each reason said in
    the active language; the part before the first ``": "`` stays as written. A facts file's
    lines (``file: record N: field: reason``, ``file: line N:``, ``file: column X:``) are
    said by ``waibao.imports.facts_wording``, their whole position kept."""
    shown = []
    for line in lines:
        said = facts_wording.said_line(line)
        if said == line:
            said = wording.said(line, WHOLE_LINES)
        if said == line:
            head, separator, reason = line.partition(": ")
            # a JSON or system error after a file's name (``waibao plans … --targets FILE``)
            other = facts_wording.said_error(reason) if separator else None
            said = head + separator + other if other else wording.said_lines([line], SHAPES)[0]
        shown.append(said)
    return shown
