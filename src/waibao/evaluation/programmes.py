"""Recognition programmes: which title, at which levels, checked against which criteria the
policy texts give, valid for how long. Pure Python.

A criterion answers True (met), False (not met) or None (not known yet); an application can
be approved only when every criterion is met. Where a text leaves the criteria to a later
认定办法, the criterion is the reviewer's finding, named as such.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Evidence = Mapping[str, Any]


@dataclass(frozen=True)
class Criterion:
    code: str
    text: str  # the policy's words
    check: Callable[[Evidence, dt.date], bool | None]


@dataclass(frozen=True)
class Programme:
    code: str  # the clause id of clauses.yaml
    kind: str  # registry.Recognition.Kind
    levels: tuple[str, ...]
    citation: str
    criteria: tuple[Criterion, ...]
    validity_years: int | None  # None: until revoked
    yearly_review: bool = False  # 动态考核评估: each year's review renews or revokes
    applicant: str = "organisation"  # or "city": a prefecture-level city applies for itself


def _flag(name: str) -> Callable[[Evidence, dt.date], bool | None]:
    def check(evidence: Evidence, on: dt.date) -> bool | None:
        value = evidence.get(name)
        return None if value is None else bool(value)

    return check


def full_years_between(start: dt.date, end: dt.date) -> int:
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return max(years, 0)


def _running_two_years(evidence: Evidence, on: dt.date) -> bool | None:
    since = evidence.get("operating_since")
    if since is None:
        return None
    if isinstance(since, str):
        since = dt.date.fromisoformat(since)
    return full_years_between(since, on) >= 2


def _prefecture_city(evidence: Evidence, on: dt.date) -> bool | None:
    """The applicant is a 地级以上市: its GB/T 2260 code ends in 00 but not in 0000 (the
    service puts the applying region's code into the evidence as ``city_code``)."""
    code = evidence.get("city_code")
    if not code:
        return None
    code = str(code)
    return len(code) == 6 and code.isdigit() and code.endswith("00") and not code.endswith("0000")


REVIEWER_FINDING = "reviewer_finding"

PROGRAMMES: dict[str, Programme] = {
    p.code: p
    for p in (
        Programme(
            "guangzhou.9.demonstration_zone",
            "demonstration_park",
            ("municipal",),
            "广州 (九)(十)",
            (
                Criterion(
                    "has_plan", "所在地政府应制定切实可行的服务外包发展规划", _flag("has_plan")
                ),
                Criterion("has_targets", "明确发展目标", _flag("has_targets")),
                Criterion("has_fund", "设立了服务外包发展资金", _flag("has_fund")),
            ),
            validity_years=None,
        ),
        # 广东 (五) 开展省级服务外包示范城市和示范园区认定工作: two titles, one text. The
        # 认定办法 was still to be made (研究制订), so its own criteria are the reviewer's
        # finding; the two conditions the clause itself names, 发展条件好 and 工作积极性高,
        # are checked for both. The park title is a fact of the rules engine (guangdong.5);
        # the city title is the city's own (its 资金扶持 goes to the city, not to enterprises).
        Programme(
            "guangdong.5.provincial_demonstration",
            "demonstration_park",
            ("provincial",),
            "广东 (五)",
            (
                Criterion("good_conditions", "发展条件好", _flag("good_conditions")),
                Criterion("active", "工作积极性高", _flag("active")),
                Criterion(
                    REVIEWER_FINDING,
                    "省级示范城市和示范园区认定办法 (研究制订): reviewer's finding",
                    _flag(REVIEWER_FINDING),
                ),
            ),
            validity_years=None,
        ),
        Programme(
            "guangdong.5.provincial_demonstration_city",
            "demonstration_city",
            ("provincial",),
            "广东 (五)",
            (
                Criterion("prefecture_city", "地级以上市", _prefecture_city),
                Criterion("good_conditions", "发展条件好", _flag("good_conditions")),
                Criterion("active", "工作积极性高", _flag("active")),
                Criterion(
                    REVIEWER_FINDING,
                    "省级示范城市和示范园区认定办法 (研究制订): reviewer's finding",
                    _flag(REVIEWER_FINDING),
                ),
            ),
            validity_years=None,
            applicant="city",
        ),
        Programme(
            "wenzhou.4.demonstration_park",
            "demonstration_park",
            ("provincial", "municipal"),
            "温州 4.",
            (
                Criterion(
                    REVIEWER_FINDING,
                    "获省级、市级国际服务外包示范园区称号 (市级认定办法另行制定): "
                    "reviewer's finding",
                    _flag(REVIEWER_FINDING),
                ),
            ),
            validity_years=None,
        ),
        Programme(
            "datong.17.demonstration_park",
            "demonstration_park",
            ("municipal",),
            "大同 17.",
            (
                Criterion("industry_base", "产业基础好", _flag("industry_base")),
                Criterion("distinctive", "特色鲜明", _flag("distinctive")),
            ),
            validity_years=None,
        ),
        Programme(
            "datong.5.demonstration_enterprise",
            "demonstration_enterprise",
            ("municipal",),
            "大同 5.",
            (
                Criterion(
                    REVIEWER_FINDING,
                    "每年分批次认定, 发挥示范企业标杆作用: reviewer's finding",
                    _flag(REVIEWER_FINDING),
                ),
            ),
            validity_years=1,
        ),
        Programme(
            "datong.18.public_platform",
            "public_platform",
            ("municipal",),
            "大同 18.",
            (Criterion("radiating", "具有较强辐射和带动作用", _flag("radiating")),),
            validity_years=1,
            yearly_review=True,
        ),
        Programme(
            "wenzhou.7.public_platform",
            "public_platform",
            ("national", "provincial"),
            "温州 7.",
            (
                Criterion("running_two_years", "正常运行满两年及以上", _running_two_years),
                Criterion("effective", "成效明显", _flag("effective")),
            ),
            validity_years=1,
            yearly_review=True,
        ),
        Programme(
            "hangzhou.17.training_institution",
            "training_institution",
            ("municipal",),
            "杭州 (十七)",
            (Criterion("approved_to_train", "经批准开展服务外包培训", _flag("approved_to_train")),),
            validity_years=None,
        ),
        Programme(
            "wenzhou.5.training_institution",
            "training_institution",
            ("provincial", "municipal"),
            "温州 5.",
            (
                Criterion(
                    REVIEWER_FINDING,
                    "获省级、市级国际服务外包培训机构称号: reviewer's finding",
                    _flag(REVIEWER_FINDING),
                ),
            ),
            validity_years=None,
        ),
    )
}


def check_criteria(programme: Programme, evidence: Evidence, on: dt.date) -> list[dict[str, Any]]:
    """Each criterion with its policy text and its answer on ``on``."""
    return [
        {"code": c.code, "text": c.text, "met": c.check(evidence, on)} for c in programme.criteria
    ]


def all_met(results: list[dict[str, Any]]) -> bool:
    return all(r["met"] is True for r in results)


def valid_until(programme: Programme, valid_from: dt.date) -> dt.date | None:
    """Last day of validity: ``validity_years`` later, the day before the anniversary."""
    if programme.validity_years is None:
        return None
    try:
        anniversary = valid_from.replace(year=valid_from.year + programme.validity_years)
    except ValueError:
        anniversary = valid_from.replace(year=valid_from.year + programme.validity_years, day=28)
    return anniversary - dt.timedelta(days=1)
