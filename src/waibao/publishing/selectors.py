"""Reads for the public pages and the feed."""

from __future__ import annotations

from django.db.models import QuerySet

from waibao.publishing.models import Announcement, DataRelease


def announcement_public_list(kind: str | None = None) -> QuerySet[Announcement]:
    """Published announcements, newest first. Withdrawn ones leave the lists (their pages stay)."""
    qs = Announcement.objects.filter(state=Announcement.State.PUBLISHED)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-published_at", "-pk")


def announcement_public_get(pk: int) -> Announcement | None:
    """A published or withdrawn announcement: its address outlives a withdrawal."""
    return (
        Announcement.objects.filter(
            pk=pk, state__in=[Announcement.State.PUBLISHED, Announcement.State.WITHDRAWN]
        )
        .prefetch_related("attachments")
        .first()
    )


def release_public_list() -> QuerySet[DataRelease]:
    return (
        DataRelease.objects.filter(versions__isnull=False).distinct().prefetch_related("versions")
    )
