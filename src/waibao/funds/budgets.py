"""The special funds the seed texts set up, with their yearly budgets and citations.

Amounts in yuan as the texts state them (converted to fen by ``funds_preload``). ``None``
means the text names no amount: the bureau appropriates what it decides (``budget_line_
appropriate``). ``minimum`` marks "不低于". Clauses a fund does not pay are listed with the
text's reason, so an application for them is refused with that reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LineSpec:
    source: str
    source_name: str
    yuan: int | None
    minimum: bool = False


@dataclass(frozen=True)
class ClauseSpec:
    clause: str
    payable: bool = True
    reason: str = ""
    source: str = ""


@dataclass(frozen=True)
class FundSpec:
    code: str
    name: str
    jurisdiction: str
    city_code: str
    clause: str
    citation: str
    first_year: int | None
    last_year: int | None
    lines: tuple[LineSpec, ...]
    clauses: tuple[ClauseSpec, ...] = field(default_factory=tuple)
    note: str = ""


GUANGZHOU = FundSpec(
    code="guangzhou-so-fund",
    name="广州市服务外包发展专项资金",
    jurisdiction="guangzhou",
    city_code="440100",
    clause="guangzhou.5.special_fund",
    citation="广州市关于加快发展服务外包产业的意见 (五)1",
    first_year=2008,
    last_year=None,
    lines=(
        LineSpec("city", "市本级(从市外贸发展专项资金中安排)", 20_000_000),
        LineSpec("districts", "各示范区所在区(县级市)政府合计", 80_000_000, minimum=True),
    ),
    clauses=(
        ClauseSpec(
            "guangzhou.6.headquarters",
            payable=False,
            reason=(
                "(六)3: 按《广州市鼓励外商投资设立总部和地区总部的规定》给予奖励, "
                "不由本专项资金支付"
            ),
        ),
    ),
    note="自2008年起每年不低于1亿元(市和区两级合计); 文件未规定截止年度, 由主管部门终止。",
)

HANGZHOU = FundSpec(
    code="hangzhou-so-fund",
    name="杭州市服务外包专项资金",
    jurisdiction="hangzhou",
    city_code="330100",
    clause="hangzhou.7.special_fund",
    citation="关于促进杭州服务外包产业发展的若干意见 (七)",
    # "至2010年": the start is not stated; the document's (inferred) year 2007 is used.
    first_year=2007,
    last_year=2010,
    lines=(
        LineSpec("city", "市财政", 30_000_000),
        LineSpec("hetda", "杭州经济技术开发区", 50_000_000),
        LineSpec("hhtz", "杭州高新技术产业开发区", 20_000_000),
    ),
    clauses=(
        ClauseSpec(
            "hangzhou.13.certification",
            payable=False,
            reason="(十三): 当年认证奖励由中小企业国际市场开拓资金给予, 不由本专项资金支付",
        ),
        ClauseSpec(
            "hangzhou.13.certification_upkeep",
            source="city",
            reason="(十三): 随后两年的升级、维护费由市服务外包专项扶持资金给予奖励",
        ),
    ),
    note="(八) 专项资金由市财政专户存储, 专款专用, 具体办法另定。",
)

WENZHOU = FundSpec(
    code="wenzhou-so-fund",
    name="温州市国际服务外包发展专项资金",
    jurisdiction="wenzhou",
    city_code="330300",
    clause="wenzhou.19.special_fund",
    citation="温州市关于加快服务外包产业发展的意见 温政办〔2012〕117号 19.",
    first_year=2012,
    last_year=None,
    lines=(
        LineSpec("city", "市本级专项资金", None),
        LineSpec("counties", "各县(市、区)及市级功能区配套资金", None),
    ),
    note="文件未规定金额, 由主管部门按年度安排。",
)

GUANGDONG = FundSpec(
    code="guangdong-so-fund",
    name="广东省服务外包发展专项资金",
    jurisdiction="guangdong",
    # a provincial fund: its area is the province (44xxxx), run by an admin of region 440000;
    # its clauses cover Guangdong and Guangzhou organisations alike (clauses.yaml layering)
    city_code="440000",
    clause="guangdong.15.special_fund",
    citation="广东省人民政府关于加快发展服务外包产业的意见 粤府〔2012〕88号 (十五)",
    first_year=2012,
    last_year=None,
    # 「整合省财政现有相关资金，加大服务外包发展专项资金规模」 names no amount: the bureau
    # appropriates what it decides, or preloads its yearly amount (funds preload --amount)
    lines=(LineSpec("province", "省财政服务外包发展专项资金", None),),
    note="文件未规定金额(整合省财政现有相关资金, 加大专项资金规模), 由主管部门按年度安排。",
)

DATONG = FundSpec(
    code="datong-so-fund",
    name="大同市服务外包扶持资金",
    jurisdiction="datong",
    city_code="140200",
    # 4. is a support measure without its own id in clauses.yaml (no fund_budget row for Datong).
    clause="",
    citation="大同市创建中国服务外包示范城市工作实施方案 4. 加大服务外包扶持力度",
    first_year=2023,
    last_year=None,
    lines=(LineSpec("city", "市级财政专项资金", None),),
    note="文件未规定金额; 各级财政和商务部门做好省市级财政专项资金的兑现拨付。",
)

FUNDS: tuple[FundSpec, ...] = (GUANGZHOU, GUANGDONG, HANGZHOU, WENZHOU, DATONG)
