"""Read endpoints of the registry: regions and parks (public reference data), organisations
(scoped by ``waibao.permissions``: an enterprise sees itself, a reviewer its district...)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from waibao import permissions
from waibao.money import format_fen
from waibao.registry.models import Organisation, Park, Region
from waibao.web.auth import require
from waibao.web.params import Pages

router = Router(tags=["registry"])


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent: str | None


class ParkOut(Schema):
    park_id: str
    name: str
    region_code: str
    has_public_it_platform: bool


class OrganisationOut(Schema):
    uscc: str
    name: str
    kind: str
    region_code: str
    park_id: str | None
    ownership: str
    registered_capital_cny: str | None
    founded: dt.date | None
    is_headquarters: bool


def _organisation_out(o: Organisation) -> dict[str, object]:
    return {
        "uscc": o.uscc,
        "name": o.name,
        "kind": o.kind,
        "region_code": o.region_id,
        "park_id": o.park_id,
        "ownership": o.ownership,
        "registered_capital_cny": format_fen(o.registered_capital_fen),
        "founded": o.founded,
        "is_headquarters": o.is_headquarters,
    }


@router.get("/regions", response=list[RegionOut], auth=None, summary="行政区划 / GB/T 2260 regions")
@paginate(Pages, page_size=100)
def region_list(
    request: HttpRequest,
    level: str | None = None,
    parent: str | None = None,
    q: str | None = None,
) -> list[dict[str, object]]:
    """Public. ``level`` (province, city, district), ``parent`` (code), ``q`` (name contains)."""
    qs = Region.objects.all()
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent_id=parent)
    if q:
        qs = qs.filter(name__contains=q)
    return [{"code": r.code, "name": r.name, "level": r.level, "parent": r.parent_id} for r in qs]


@router.get("/parks", response=list[ParkOut], auth=None, summary="园区 / parks")
@paginate(Pages, page_size=100)
def park_list(request: HttpRequest, region: str | None = None) -> list[dict[str, object]]:
    """Public. ``region``: a district, city or province code; parks under it."""
    qs = Park.objects.all()
    if region:
        qs = qs.filter(permissions.region_filter(region))
    return [
        {
            "park_id": p.park_id,
            "name": p.name,
            "region_code": p.region_id,
            "has_public_it_platform": p.has_public_it_platform,
        }
        for p in qs
    ]


@router.get(
    "/organisations",
    response=list[OrganisationOut],
    summary="机构 / organisations in the caller's scope",
)
@paginate(Pages, page_size=50)
def organisation_list(
    request: HttpRequest,
    kind: str | None = None,
    region: str | None = None,
    park: str | None = None,
    q: str | None = None,
) -> object:
    """Filters: ``kind``, ``region`` (district, city or province code), ``park``, ``q`` (name
    or 统一社会信用代码 contains)."""
    user = require(request, permissions.VIEW_ORGANISATION)
    qs = permissions.scope_organisations(user, Organisation.objects.all())
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(permissions.region_filter(region))
    if park:
        qs = qs.filter(park_id=park)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(uscc__contains=q.upper()))
    return _LazyMap(qs, _organisation_out)


@router.get(
    "/organisations/{uscc}",
    response=OrganisationOut,
    summary="机构详情 / one organisation",
)
def organisation_detail(request: HttpRequest, uscc: str) -> dict[str, object]:
    """404 for an organisation outside the caller's scope, as for one that does not exist."""
    user = require(request, permissions.VIEW_ORGANISATION)
    qs = permissions.scope_organisations(user, Organisation.objects.all())
    return _organisation_out(get_object_or_404(qs, uscc=uscc))


class _LazyMap:
    """A queryset mapped row by row, sliced and counted by the paginator in the database."""

    def __init__(self, qs, convert) -> None:  # type: ignore[no-untyped-def]
        self.qs, self.convert = qs, convert

    def count(self) -> int:
        return self.qs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        if isinstance(index, slice):
            return [self.convert(row) for row in self.qs[index]]
        return self.convert(self.qs[index])
