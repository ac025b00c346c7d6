"""The Atom 1.0 feed of published announcements (``/news/feed.atom``).

Built with Django's ``Atom1Feed`` (RFC 4287: feed id/title/updated, entry id/title/updated,
alternate links). Entry ids are ``tag:`` URIs that never change, so a reader that saw an item
keeps recognising it.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from waibao.publishing.selectors import announcement_public_list

FEED_SIZE = 50


def announcement_feed(request: HttpRequest, language: str = "zh-hans") -> str:
    items = list(announcement_public_list()[:FEED_SIZE])
    english = language.startswith("en")
    feed = Atom1Feed(
        title="Waibao service-outsourcing announcements" if english else "外包 · 服务外包信息发布",
        link=request.build_absolute_uri(reverse("news:list")),
        description="",
        language="en" if english else "zh-Hans",
        feed_url=request.build_absolute_uri(reverse("news:feed")),
        feed_guid=f"tag:{request.get_host().split(':')[0]},2026:waibao:news",
        # RFC 4287 4.1.1: a feed whose entries carry no author must name one itself
        author_name="Waibao service-outsourcing bureau" if english else "服务外包主管部门",
    )
    host = request.get_host().split(":")[0]
    for item in items:
        published = item.published_at or timezone.now()
        feed.add_item(
            title=item.title_for(language),
            link=request.build_absolute_uri(reverse("news:detail", args=[item.pk])),
            description=item.body_for(language)[:500],
            unique_id=f"tag:{host},{published:%Y-%m-%d}:waibao:announcement:{item.pk}",
            pubdate=published,
            updateddate=item.updated_at,
            categories=[item.get_kind_display()],
        )
    return feed.writeString("utf-8")
