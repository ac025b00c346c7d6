"""Public read API of what is published: announcements and open-data versions."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from waibao.publishing.selectors import announcement_public_list, release_public_list

router = Router(tags=["publishing"], auth=None)  # public: what is published


class AnnouncementOut(Schema):
    id: int
    kind: str
    title_zh: str
    title_en: str
    published_at: str
    link: str


class VersionOut(Schema):
    slug: str
    version: int
    published_at: str
    files: dict[str, str]
    superseded: bool


@router.get(
    "/announcements", response=list[AnnouncementOut], summary="已发布公告 / published announcements"
)
def announcements(request: HttpRequest, kind: str | None = None) -> list[dict[str, object]]:
    return [
        {
            "id": a.pk,
            "kind": a.kind,
            "title_zh": a.title_zh,
            "title_en": a.title_en,
            "published_at": a.published_at.isoformat() if a.published_at else "",
            "link": a.link,
        }
        for a in announcement_public_list(kind)[:200]
    ]


@router.get("/datasets", response=list[VersionOut], summary="开放数据版本 / open-data versions")
def datasets(request: HttpRequest) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for release in release_public_list():
        versions = sorted(release.versions.all(), key=lambda v: v.number)
        for v in versions:
            out.append(
                {
                    "slug": release.slug,
                    "version": v.number,
                    "published_at": v.published_at.isoformat(),
                    "files": v.files,
                    "superseded": v.number < versions[-1].number,
                }
            )
    return out
