"""Boundary files the tests make (``waibao map import``, issue 22 item 5): GeoJSON district
rectangles keyed by GB/T 2260 code. Shared by tests/publishing and the browser test (a module
name no other test folder uses: the test folders are not packages)."""

from __future__ import annotations

import json
from pathlib import Path


def rectangle(lng: float, lat: float, size: float = 0.1) -> dict:
    """A square Polygon with its south-west corner at (``lng``, ``lat``), ``size`` degrees."""
    ring = [[lng, lat], [lng + size, lat], [lng + size, lat + size], [lng, lat + size], [lng, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature(code: str, geometry: dict, field: str = "adcode") -> dict:
    return {"type": "Feature", "properties": {field: code}, "geometry": geometry}


def boundary_file(folder: Path, features: list[dict], name: str = "guangzhou.geojson") -> Path:
    path = folder / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return path
