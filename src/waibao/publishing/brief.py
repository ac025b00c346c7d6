"""The industry brief (产业简报, a text's 编制产业简报 provision: ``industry_brief`` in its
policy.yaml): a few PDF pages for a month, drawn by Waibao.

Year to date through the month, against the same months of the year before: headline figures,
executions by category group and by market (bar charts drawn with reportlab's graphics), the
development targets with progress when ``waibao.stats`` is installed, the top enterprises and
the policy money paid (the funds ledger's payment entries). Chinese text in an embedded
subset of a CJK TrueType font (``fonts``).

Amounts: each contract and execution is converted on its own at its year's average rate and
rounded half up to the cent (``waibao.reporting.rates``, the one conversion: the same figures
as the statistics, the dashboard and open data), then summed; printed with ``format_fen``.
"""

from __future__ import annotations

import calendar
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# escape() makes text safe to WRITE into reportlab's markup; nothing here parses XML.
from xml.sax.saxutils import escape  # nosec B406

from django.db.models import Q, Sum
from django.utils import timezone

from waibao import jurisdictions
from waibao.money import format_fen
from waibao.publishing.opendata import ReleaseError
from waibao.registry.models import Organisation, Region
from waibao.reporting.models import Contract, Execution
from waibao.reporting.rates import MissingRate, Rates

EU = set("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split())
NAMED_MARKETS = {"US", "JP", "HK", "MO", "TW", "KR", "SG", "CN"}
MARKET_ORDER = ("US", "EU", "JP", "HK", "MO", "TW", "KR", "SG", "OTHER", "CN")
MARKET_NAMES = {
    "US": "美国", "EU": "欧盟", "JP": "日本", "HK": "香港", "MO": "澳门", "TW": "台湾",
    "KR": "韩国", "SG": "新加坡", "OTHER": "其他", "CN": "境内",
}  # fmt: skip
GROUP_NAMES = {"ITO": "信息技术外包", "BPO": "业务流程外包", "KPO": "知识流程外包"}


def market_of(country: str) -> str:
    if country in NAMED_MARKETS:
        return country
    return "EU" if country in EU else "OTHER"


@dataclass
class YearFigures:
    executed_usd: int = 0
    offshore_usd: int = 0
    signed_usd: int = 0
    contracts: int = 0
    enterprises: set[int] = field(default_factory=set)
    by_group: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_market: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_enterprise: dict[int, int] = field(default_factory=lambda: defaultdict(int))


def _scope(city_code: str | None, path: str) -> Q:
    if not city_code:
        return Q()
    prefix = city_code[:4]
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(**{f"{path}__gte": prefix, f"{path}__lt": upper})


def year_figures(year: int, month: int, city_code: str | None) -> YearFigures:
    """Executions and contracts of January..``month`` of ``year``, in USD cents."""
    try:
        return _year_figures(year, month, city_code, Rates.from_database())
    except MissingRate as error:
        raise ReleaseError(f"no {year} average exchange rate for {error.currency}") from None


def _year_figures(year: int, month: int, city_code: str | None, rates: Rates) -> YearFigures:
    figures = YearFigures()
    start, end = date(year, 1, 1), _month_end(year, month)
    executions = (
        Execution.objects.filter(execution_date__gte=start, execution_date__lte=end)
        .filter(_scope(city_code, "contract__organisation__region_id"))
        .values_list(
            "contract__organisation_id",
            "contract__category__group",
            "contract__client_country",
            "currency",
            "amount_minor",
        )
        .order_by()
    )
    for organisation, group, country, currency, amount in executions.iterator(chunk_size=10_000):
        usd = rates.usd_cents(amount, currency, year)
        figures.executed_usd += usd
        if country != "CN":
            figures.offshore_usd += usd
        figures.by_group[group] += usd
        figures.by_market[market_of(country)] += usd
        figures.by_enterprise[organisation] += usd
        figures.enterprises.add(organisation)
    contracts = (
        Contract.objects.filter(signed_date__gte=start, signed_date__lte=end)
        .filter(_scope(city_code, "organisation__region_id"))
        .values_list("organisation_id", "currency", "amount_minor")
        .order_by()
    )
    for organisation, currency, amount in contracts.iterator(chunk_size=10_000):
        figures.signed_usd += rates.usd_cents(amount, currency, year)
        figures.contracts += 1
        figures.enterprises.add(organisation)
    return figures


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def policy_money_paid(year: int, month: int, city_code: str | None) -> list[tuple[str, int]]:
    """Fen paid per fund (funds ledger payment entries) from January to the month's end."""
    try:
        from waibao.funds.models import LedgerEntry
    except ImportError:  # funds not installed
        return []
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(date(year, 1, 1), time.min), tz)
    end = timezone.make_aware(datetime.combine(_month_end(year, month), time.max), tz)
    qs = LedgerEntry.objects.filter(kind="payment", created_at__gte=start, created_at__lte=end)
    if city_code:
        qs = qs.filter(line__fund__city_code=city_code)
    rows = qs.values("line__fund__name").annotate(total=Sum("amount_fen")).order_by("-total")
    return [(r["line__fund__name"], int(r["total"])) for r in rows]


def target_progress(year: int, city_code: str | None) -> list[dict[str, Any]] | str | None:
    """The city's development targets with progress; ``None`` when ``waibao.stats`` is not
    installed or the city has no targets, or the reason when the statistics refused (a
    missing exchange rate, say): the brief then says so instead of failing whole."""
    city = jurisdictions.of_region(city_code or "", "city")
    if city is None:
        return None
    try:
        from django.db import connection

        from waibao.stats.bureau_figures import with_bureau_figures
        from waibao.stats.sources import operational_source
        from waibao.stats.targets import load_targets
        from waibao.stats.targets import target_progress as progress_of
    except ImportError:
        return None
    try:
        targets = with_bureau_figures(
            [t for t in load_targets() if t.jurisdiction == city.slug],
            jurisdictions_wanted=[city.slug],
        )
        if not targets:  # a city whose text sets no targets
            return None
        source = operational_source({"postgresql": "postgres"}.get(connection.vendor, "sqlite"))
        return progress_of(targets, source=source, as_of=year)
    except ValueError as error:  # SourceError, TargetError: the data is incomplete
        return str(error)


UNIT_NAMES = {"usd": "USD", "cny": "CNY", "count": ""}


def _footer() -> str:
    """Who the brief goes to and the provisions that ask for it (each text's
    ``industry_brief``)."""
    asked_by = "、".join(
        j.industry_brief for j in jurisdictions.jurisdictions() if j.industry_brief
    )
    cited = f"（{asked_by}）" if asked_by else ""
    return f"本简报由外包平台自动生成，抄送省商务厅、商务部{cited}。"


def percent(ratio: str | None) -> str:
    """``waibao.stats``' four-decimal progress ratio (``"0.4500"``) as ``45.00%``."""
    if ratio is None:
        return "—"
    return f"{(Decimal(ratio) * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


def yoy(now: int, before: int) -> str:
    """Growth over the same period of last year, to one decimal of a percent; — when none."""
    if before == 0:
        return "—"
    tenths = (now - before) * 1000
    q, r = divmod(abs(tenths), before)
    q += 1 if 2 * r >= before else 0
    sign = "-" if tenths < 0 else "+"
    return f"{sign}{q // 10}.{q % 10}%"


def usd_wan(cents: int) -> str:
    """Cents as 万美元 with two decimals (half up), the unit briefs use."""
    hundredths = cents // 10_000 + (1 if cents % 10_000 * 2 >= 10_000 else 0)  # 万 = 10^6 cents
    return format_fen(hundredths) or "0.00"


def _count_row(label: str, now: int, before: int) -> list[str]:
    return [label, str(now), str(before), yoy(now, before)]


def brief_data(year: int, month: int, city_code: str | None) -> dict[str, Any]:
    now = year_figures(year, month, city_code)
    before = year_figures(year - 1, month, city_code)
    names = dict(
        Organisation.objects.filter(pk__in=list(now.by_enterprise)).values_list("pk", "name")
    )
    top = sorted(now.by_enterprise.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    place = (
        Region.objects.filter(code=city_code).values_list("name", flat=True).first()
        if city_code
        else None
    ) or "全市"
    return {
        "year": year,
        "month": month,
        "place": place if city_code else "全部辖区",
        "now": now,
        "before": before,
        "top": [(names.get(pk, str(pk)), cents) for pk, cents in top],
        "paid": policy_money_paid(year, month, city_code),
        "targets": target_progress(year, city_code),
    }


def _bar_chart(font: str, categories: list[str], now: list[int], before: list[int], title: str):
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    drawing = Drawing(460, 210)
    drawing.add(String(230, 195, title, fontName=font, fontSize=11, textAnchor="middle"))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 50, 30, 300, 150
    # 万美元, whole numbers: the chart shows proportions, the table the exact figures
    chart.data = [[c // 1_000_000 for c in before], [c // 1_000_000 for c in now]]
    chart.categoryAxis.categoryNames = categories
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#b0c4de")
    chart.bars[1].fillColor = colors.HexColor("#2f5d9e")
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 365, 150
    legend.fontName = font
    legend.fontSize = 8
    legend.colorNamePairs = [
        (chart.bars[0].fillColor, "上年同期"),
        (chart.bars[1].fillColor, "本期"),
    ]
    drawing.add(legend)
    return drawing


def brief_pdf(year: int, month: int, city_code: str | None = None) -> bytes:
    """Render the brief; raises ``fonts.NoCJKFont`` when no CJK font is installed."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    from waibao.publishing.fonts import register_cjk_font

    font = register_cjk_font()
    data = brief_data(year, month, city_code)
    now, before = data["now"], data["before"]
    title_style = ParagraphStyle("t", fontName=font, fontSize=18, leading=24, spaceAfter=6)
    h2 = ParagraphStyle("h2", fontName=font, fontSize=13, leading=18, spaceBefore=8, spaceAfter=4)
    body = ParagraphStyle("b", fontName=font, fontSize=10, leading=15, wordWrap="CJK")
    small = ParagraphStyle("s", parent=body, fontSize=8, leading=11, textColor=colors.grey)

    def table(rows: list[list[Any]], widths: list[float], numbers_from: int = 1) -> Table:
        t = Table(rows, colWidths=widths, hAlign="LEFT")
        t.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), font, 9),
                    ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
                    ("ALIGN", (numbers_from, 1), (-1, -1), "RIGHT"),
                ]
            )
        )
        return t

    period = f"{year}年1-{month}月"
    story: list[Any] = [
        Paragraph(f"服务外包产业简报 · {escape(data['place'])} · {period}", title_style),
        Paragraph(
            f"生成日期 {timezone.localdate():%Y-%m-%d}；数据来源：外包平台接包合同与执行数据，"
            f"按年平均汇率折算；与上年同期（{year - 1}年1-{month}月）比较。",
            small,
        ),
        Paragraph("一、主要指标", h2),
        table(
            [
                ["指标", period, "上年同期", "同比"],
                [
                    "服务外包执行额(万美元)",
                    usd_wan(now.executed_usd),
                    usd_wan(before.executed_usd),
                    yoy(now.executed_usd, before.executed_usd),
                ],
                [
                    "其中离岸执行额(万美元)",
                    usd_wan(now.offshore_usd),
                    usd_wan(before.offshore_usd),
                    yoy(now.offshore_usd, before.offshore_usd),
                ],
                [
                    "合同签约额(万美元)",
                    usd_wan(now.signed_usd),
                    usd_wan(before.signed_usd),
                    yoy(now.signed_usd, before.signed_usd),
                ],
                _count_row("签约合同数(份)", now.contracts, before.contracts),
                _count_row("有业务的企业数(家)", len(now.enterprises), len(before.enterprises)),
            ],
            [60 * mm, 35 * mm, 35 * mm, 25 * mm],
        ),
        Paragraph("二、按业务大类", h2),
    ]
    groups = ["ITO", "BPO", "KPO"]
    story.append(
        _bar_chart(
            font,
            [GROUP_NAMES[g] for g in groups],
            [now.by_group.get(g, 0) for g in groups],
            [before.by_group.get(g, 0) for g in groups],
            "执行额(万美元)按业务大类",
        )
    )
    story.append(
        table(
            [["业务大类", "执行额(万美元)", "上年同期", "同比"]]
            + [
                [
                    GROUP_NAMES[g],
                    usd_wan(now.by_group.get(g, 0)),
                    usd_wan(before.by_group.get(g, 0)),
                    yoy(now.by_group.get(g, 0), before.by_group.get(g, 0)),
                ]
                for g in groups
            ],
            [50 * mm, 40 * mm, 40 * mm, 25 * mm],
        )
    )
    markets = [m for m in MARKET_ORDER if now.by_market.get(m) or before.by_market.get(m)]
    story += [PageBreak(), Paragraph("三、按市场", h2)]
    if markets:
        story.append(
            _bar_chart(
                font,
                [MARKET_NAMES[m] for m in markets],
                [now.by_market.get(m, 0) for m in markets],
                [before.by_market.get(m, 0) for m in markets],
                "执行额(万美元)按市场",
            )
        )
        story.append(
            table(
                [["市场", "执行额(万美元)", "上年同期", "同比"]]
                + [
                    [
                        MARKET_NAMES[m],
                        usd_wan(now.by_market.get(m, 0)),
                        usd_wan(before.by_market.get(m, 0)),
                        yoy(now.by_market.get(m, 0), before.by_market.get(m, 0)),
                    ]
                    for m in markets
                ],
                [50 * mm, 40 * mm, 40 * mm, 25 * mm],
            )
        )
    else:
        story.append(Paragraph("本期无执行数据。", body))
    story.append(Paragraph("四、执行额前十位企业", h2))
    story.append(
        table(
            [["序号", "企业", "执行额(万美元)"]]
            + [[str(i + 1), name, usd_wan(c)] for i, (name, c) in enumerate(data["top"])],
            [15 * mm, 110 * mm, 35 * mm],
            numbers_from=2,
        )
        if data["top"]
        else Paragraph("本期无执行数据。", body)
    )
    story.append(Paragraph("五、政策资金拨付", h2))
    paid = data["paid"]
    story.append(
        table(
            [["资金", "本年累计拨付(元)"]]
            + [[name, format_fen(fen) or ""] for name, fen in paid]
            + [["合计", format_fen(sum(f for _, f in paid)) or "0.00"]],
            [110 * mm, 50 * mm],
        )
        if paid
        else Paragraph("本年截至本月末无拨付记录。", body)
    )
    story.append(Paragraph("六、发展目标进度", h2))
    targets = data["targets"]
    if isinstance(targets, str):
        story.append(Paragraph(f"目标进度暂无法计算：{escape(targets)}", body))
    elif targets is None:
        story.append(
            Paragraph(
                "目标进度需要统计模块（waibao.stats）及本市的目标定义；当前未提供，本节从略。", body
            )
        )
    else:
        story.append(
            table(
                [["目标", "目标年", "目标值", "实际值(年度)", "进度"]]
                + [
                    [
                        Paragraph(escape(str(t["source_phrase"])), body),
                        str(t["target_year"]),
                        f"{t['target_value']} {UNIT_NAMES.get(t['unit'], '')}".strip(),
                        f"{t['actual_value'] if t['actual_value'] is not None else '—'}"
                        f" ({t['actual_year'] or '—'})",
                        percent(t["progress"]),
                    ]
                    for t in targets
                ],
                [62 * mm, 16 * mm, 36 * mm, 34 * mm, 18 * mm],
            )
        )
    story += [
        Spacer(1, 6 * mm),
        Paragraph(_footer(), small),
    ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"服务外包产业简报 {year}-{month:02d}",
        author="Waibao",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
    )
    doc.build(story)
    return buffer.getvalue()
