"""The demo's announcements and open data, through ``waibao.publishing.services``: per
jurisdiction the first officer drafts three announcements, one published (submitted,
approved by the second officer, the four-eyes step, then published), one waiting for
review and one draft; and one data release (executions of the funds year by city and
category group) is published, version 1, with its files and checksums."""

from __future__ import annotations

from typing import Any

from waibao.demo.year_cast import Cast

YEAR = 2024
RELEASE_SLUG = "demo-executions-by-city-2024"

NOTICES = (
    ("notice", "关于开展{year}年度服务外包专项资金申报工作的通知(演示)", "published"),
    ("publicity", "{year}年度服务外包重点企业拟认定名单公示(演示)", "in_review"),
    ("policy", "服务外包产业高质量发展若干措施（征求意见稿，演示）", "draft"),
)


def notices_make(cast: Cast) -> int:
    from waibao.publishing import services

    for kind, title, state in NOTICES:
        announcement = services.announcement_create(
            user=cast.maker,
            kind=kind,
            title_zh=title.format(year=YEAR),
            body_zh="本条为演示数据，用于展示公告的起草、审核与发布流程。",
            title_en="Demo announcement",
            body_en="Demo data: shows drafting, review and publication.",
        )
        if state == "draft":
            continue
        services.announcement_submit(user=cast.maker, announcement=announcement)
        if state == "in_review":
            continue
        services.announcement_approve(user=cast.checker, announcement=announcement)
        services.announcement_publish(user=cast.maker, announcement=announcement)
    return len(NOTICES)


def data_release_make(user: Any) -> Any:
    """The release is defined as the bureau defines one in the admin (a row naming the
    measure and dimensions), then published through the service; ``None`` when the data
    directory already holds its first version's files (an earlier demo database's)."""
    from django.db import transaction

    from waibao.publishing.opendata import version_dir

    if version_dir(RELEASE_SLUG, 1).exists():
        return None  # left by an earlier demo database in this data directory
    with transaction.atomic():
        return _release_publish(user)


def _release_publish(user: Any) -> Any:
    from waibao.publishing.models import DataRelease
    from waibao.publishing.opendata import release_publish

    release, _ = DataRelease.objects.get_or_create(
        slug=RELEASE_SLUG,
        defaults={
            "title_zh": f"{YEAR}年服务外包合同执行金额（按城市、业务大类，演示）",
            "title_en": f"Service outsourcing executed in {YEAR} by city and group (demo)",
            "year": YEAR,
            "dimensions": ["city", "group"],
            "measure": "executed_usd",
        },
    )
    return release_publish(user=user, release=release)
