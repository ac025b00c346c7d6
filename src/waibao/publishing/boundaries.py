"""A city's licensed district boundaries (行政区域界线), imported by the bureau itself.

No package on any registry ships current Chinese district boundaries under a licence that
allows redistribution (see ``mapdata``), so Waibao ships none. A bureau that holds a licensed
boundary file — a GeoJSON FeatureCollection approved with a 审图号 (map approval number) —
loads it with ``waibao map import``; the investment map then draws those boundaries and shows
the 审图号 on the map, as a published map must. Without an import the schematic stays.

The file is checked whole before anything is written (all or nothing): every feature names a
GB/T 2260 code that is a district of the city in the shipped division table, and its
geometry is a Polygon or MultiPolygon of longitude/latitude pairs. It is stored in the data
directory (``maps/<city>.geojson`` plus ``maps/<city>.json`` for the approval number, source,
time and feature count), each written to a temporary file and renamed. ``waibao map remove``
deletes them again (``boundary_remove``): the city's map is then the schematic.
Decision: docs/decisions/0029-map-boundaries.md.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from waibao import paths, uploads
from waibao.registry.reference import region_rows

MAPS_DIR = "maps"
CODE_FIELDS = ("adcode", "code")


class BoundaryFileError(ValueError):
    """A boundary file refused: every problem found, each naming the file, feature and field."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class BoundaryImport:
    city_code: str
    approval_number: str
    source: str
    imported_at: str
    feature_count: int
    geojson_path: Path


def _maps_dir() -> Path:
    return paths.data_dir() / MAPS_DIR


def _districts_of(city_code: str) -> set[str]:
    return {r.code for r in region_rows() if r.level == "district" and r.parent_code == city_code}


def _is_city(city_code: str) -> bool:
    return any(r.code == city_code and r.level == "city" for r in region_rows())


def _position_problem(position: Any) -> str | None:
    if not isinstance(position, list) or len(position) < 2:
        return "a position is not [longitude, latitude]"
    lng, lat = position[0], position[1]
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lng, lat)):
        return "a coordinate is not a number"
    if not (-180 <= lng <= 180 and -90 <= lat <= 90):
        return f"position [{lng}, {lat}] is outside longitude −180..180 / latitude −90..90"
    return None


def _polygon_problem(rings: Any) -> str | None:
    if not isinstance(rings, list) or not rings:
        return "a polygon has no rings"
    for ring in rings:
        if not isinstance(ring, list) or len(ring) < 4:
            return "a ring has fewer than 4 positions"
        for position in ring:
            problem = _position_problem(position)
            if problem:
                return problem
        if ring[0][:2] != ring[-1][:2]:
            return "a ring is not closed (first and last positions differ)"
    return None


def _geometry_problem(geometry: Any) -> str | None:
    if not isinstance(geometry, dict):
        return "missing"
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        return _polygon_problem(coordinates)
    if kind == "MultiPolygon":
        if not isinstance(coordinates, list) or not coordinates:
            return "a MultiPolygon has no polygons"
        for polygon in coordinates:
            problem = _polygon_problem(polygon)
            if problem:
                return problem
        return None
    return f"type {kind!r} is not Polygon or MultiPolygon"


def boundary_check(
    path: Path, *, city_code: str, code_field: str | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Read and check a boundary file; return it (codes normalised into ``adcode``) and the
    feature codes, or raise ``BoundaryFileError`` listing every problem found."""
    name = str(path)
    try:
        uploads.import_file_check(path)
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, uploads.FileRefused, UnicodeDecodeError) as error:
        raise BoundaryFileError([f"{name}: {error}"]) from error
    if not _is_city(city_code):
        raise BoundaryFileError([f"{name}: --city {city_code}: not a city in GB/T 2260"])
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise BoundaryFileError([f"{name}: not JSON: {error}"]) from error
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise BoundaryFileError([f"{name}: not a GeoJSON FeatureCollection"])
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise BoundaryFileError([f"{name}: features: none"])
    districts = _districts_of(city_code)
    known = {r.code for r in region_rows()}
    fields = (code_field,) if code_field else CODE_FIELDS
    problems: list[str] = []
    codes: list[str] = []
    cleaned = []
    for index, feature in enumerate(features):
        where = f"{name}: feature {index}"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.append(f"{where}: type: not a GeoJSON Feature")
            continue
        properties = feature.get("properties") or {}
        field = next((f for f in fields if f in properties), None)
        if field is None:
            problems.append(f"{where}: {'/'.join(fields)}: missing")
            code = None
        else:
            code = str(properties[field]).strip()
            if code not in known:
                problems.append(f"{where}: {field}: {code!r} is not a GB/T 2260 code")
            elif code not in districts:
                problems.append(f"{where}: {field}: {code} is not a district of {city_code}")
            elif code in codes:
                problems.append(f"{where}: {field}: {code} appears twice")
        geometry_problem = _geometry_problem(feature.get("geometry"))
        if geometry_problem:
            problems.append(f"{where}: geometry: {geometry_problem}")
        if code is not None:
            codes.append(code)
            cleaned.append(
                {
                    "type": "Feature",
                    "properties": {**properties, "adcode": code},
                    "geometry": feature.get("geometry"),
                }
            )
    if problems:
        raise BoundaryFileError(problems)
    return {"type": "FeatureCollection", "features": cleaned}, codes


def _write_atomically(target: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def boundary_import(
    path: Path,
    *,
    city_code: str,
    approval_number: str,
    source: str = "",
    code_field: str | None = None,
    actor: Any = None,
) -> BoundaryImport:
    """Check a boundary file and store it for the city, replacing an earlier import.
    Nothing is written when any check fails."""
    from waibao.audit.services import audit_record

    approval_number = (approval_number or "").strip()
    if not approval_number:
        raise BoundaryFileError([f"{path}: --approval: the 审图号 is required"])
    document, codes = boundary_check(path, city_code=city_code, code_field=code_field)
    folder = _maps_dir()
    folder.mkdir(parents=True, exist_ok=True)
    imported_at = timezone.now().isoformat(timespec="seconds")
    meta = {
        "city_code": city_code,
        "approval_number": approval_number,
        "source": source,
        "imported_at": imported_at,
        "feature_count": len(codes),
        "district_codes": codes,
    }
    geojson_path = folder / f"{city_code}.geojson"
    # The audit record first, inside the transaction: a failed write undoes it.
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="map.boundaries.import",
            obj=("map", city_code),
            reason=approval_number,
            payload={"source": source, "feature_count": len(codes), "codes": codes},
        )
        _write_atomically(geojson_path, json.dumps(document, ensure_ascii=False))
        _write_atomically(
            folder / f"{city_code}.json", json.dumps(meta, ensure_ascii=False, indent=2)
        )
    return BoundaryImport(city_code, approval_number, source, imported_at, len(codes), geojson_path)


class NoBoundaryImport(LookupError):
    """``boundary_remove`` of a city that has no imported boundary file."""


def boundary_remove(city_code: str, *, actor: Any = None) -> str:
    """Remove the city's imported boundary file, so that its map is the schematic again;
    return the 审图号 it carried. ``NoBoundaryImport`` when the city has none.

    The audit record ``map.boundaries.remove`` (reason: that 审图号) is written in the
    transaction, before the files go: a failed removal leaves no record. The approval file
    goes first, so that a failure between the two deletions already shows the schematic
    (``city_boundaries`` needs both)."""
    from waibao.audit.services import audit_record

    folder = paths.data_dir_path() / MAPS_DIR
    meta_path = folder / f"{city_code}.json"
    geojson_path = folder / f"{city_code}.geojson"
    if not (meta_path.is_file() or geojson_path.is_file()):
        raise NoBoundaryImport(f"--city {city_code}: no boundary file imported")
    try:
        approval_number = str(json.loads(meta_path.read_text("utf-8"))["approval_number"])
    except (OSError, ValueError, KeyError, TypeError):
        approval_number = ""  # a half-written import: remove what is there
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="map.boundaries.remove",
            obj=("map", city_code),
            reason=approval_number,
            payload={},
        )
        meta_path.unlink(missing_ok=True)
        geojson_path.unlink(missing_ok=True)
    return approval_number


def city_boundaries(city_code: str) -> dict[str, Any] | None:
    """The city's imported boundaries with their 审图号, or ``None`` when there is no import."""
    folder = paths.data_dir_path() / MAPS_DIR
    meta_path = folder / f"{city_code}.json"
    geojson_path = folder / f"{city_code}.geojson"
    if not (meta_path.is_file() and geojson_path.is_file()):
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    return {
        "approval_number": meta["approval_number"],
        "source": meta.get("source", ""),
        "imported_at": meta.get("imported_at", ""),
        "geojson": json.loads(geojson_path.read_text(encoding="utf-8")),
    }
