"""Names people read for the facts' field ids and coded values, in Chinese and in English.

The explanations of the rules engine name facts by these labels (``trade_fair`` -> 国际展会费用
/ trade_fair): the ids stay the machine vocabulary of FACTS.md; these are only what is shown.
English keeps the id itself, so the CLI's English output reads as it always did.
"""

from __future__ import annotations

import csv
from functools import lru_cache

from waibao.paths import DATA_FILES

# field ids and coded values -> Chinese label (English: the id itself)
ZH: dict[str, str] = {
    # scalar facts
    "uscc": "统一社会信用代码",
    "name": "名称",
    "year": "年度",
    "jurisdiction": "政策地区",
    "region_code": "区县代码",
    "kind": "类型",
    "registered_capital_cny": "注册资本",
    "is_headquarters": "总部企业",
    "offshore_focused": "以离岸业务为主",
    "tax_paid_cny": "纳税额",
    "employees": "从业人员数",
    "employees_college": "大专以上学历人员数",
    "revenue_cny": "营业收入",
    "so_revenue_cny": "服务外包收入",
    "offshore_so_revenue_cny": "离岸服务外包收入",
    "software_export_usd": "软件出口额",
    "contract_signed_usd": "合同签约额",
    "contract_executed_usd": "合同执行额",
    "offshore_executed_usd": "离岸执行额",
    "rd_expense_cny": "研发费用",
    "rd_expense_prev_cny": "上年研发费用",
    "tech_service_income_cny": "技术转让与开发服务收入",
    "statistics_reported": "已报送统计",
    "founded": "成立日期",
    "foreign_invested": "外商投资",
    "parent_multinational_or_large": "由跨国公司或国内大企业设立",
    "in_demonstration_park": "位于示范园区",
    "central_training_funds_cny": "中央财政培训扶持资金",
    "higher_level_grants_cny": "上级专项资金",
    "expert_fees_cny": "专家咨询服务费",
    "guaranteed_loans_cny": "担保贷款",
    "loan_interest_cny": "贷款利息",
    "ip_registrations": "知识产权登记数",
    "talents_introduced": "引进高端人才数",
    "office_lease_started": "办公用房起租日期",
    "high_tech_enterprise": "高新技术企业",
    # lists
    "certifications": "资质认证",
    "recognitions": "认定",
    "trainings": "培训",
    "expenses": "费用",
    "awards_received": "已获奖励",
    "violations": "违规记录",
    # organisation kinds
    "enterprise": "企业",
    "park": "园区",
    "platform": "公共服务平台",
    # recognition kinds
    "rd_center": "研发中心",
    "demonstration_park": "示范园区",
    "training_institution": "培训机构",
    "public_platform": "公共服务平台",
    "key_enterprise": "重点企业",
    "demonstration_enterprise": "示范企业",
    "export_brand": "出口品牌",
    # levels
    "national": "国家级",
    "provincial": "省级",
    "municipal": "市级",
    # trainees
    "graduate": "大学毕业生",
    "new_staff": "新员工",
    "custom": "定制培训学员",
    "all": "全部",
    # expense kinds
    "platform_usage": "公共平台使用费",
    "leased_line": "国际专线费",
    "trade_fair": "国际展会费用",
    "office_rent": "办公用房租金",
    "office_purchase": "办公用房购置费",
    "investment_promotion": "招商推介费用",
    "public_platform_investment": "公共平台投资",
    "venue_rent": "场租费",
    "travel": "国际交通及境外住宿费",
    # certification events
    "new": "新获",
    "upgrade": "升级",
    "maintenance": "维持",
    # violation kinds
    "ip_infringement": "侵犯知识产权",
    "information_security": "信息安全违规",
    "false_statement": "虚假申报",
    "late_reporting": "逾期报送",
}


def label(name: str, language: str) -> str:
    """What a reader of ``language`` sees for a field id or coded value."""
    if language == "zh-hans":
        return ZH.get(name, name)
    return name


@lru_cache(maxsize=1)
def region_names() -> dict[str, str]:
    """GB/T 2260 code -> the division's name (440106 -> 天河区), from the table the project
    ships (``waibao/data/regions.csv``, its source in ``regions.source.md``): what a Chinese
    reader sees instead of a ``region_code``. Names are proper names: the table has no
    English, so English output keeps the code."""
    with (DATA_FILES / "regions.csv").open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}
