"""The bureau's licensed boundary file (issue 22 item 5): ``waibao map import`` checks it
against GB/T 2260 (all or nothing), and the city's map then draws it with its 审图号."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from publishing_support import region

from boundary_files import boundary_file, feature, rectangle
from waibao import paths
from waibao.audit.models import AuditRecord
from waibao.cli import main
from waibao.publishing import mapdata

APPROVAL = "粤S(2026)001号"


@pytest.fixture
def guangzhou(registry):
    """Two Guangzhou districts (天河区, 越秀区) with an enterprise each, and a file of them."""
    region("440106", "天河区")
    region("440104", "越秀区")
    registry("天河企业", "440106", "ITO", 100)
    registry("越秀企业", "440104", "ITO", 100)


def good_features() -> list[dict]:
    return [
        feature("440106", rectangle(113.3, 23.1)),
        feature("440104", rectangle(113.2, 23.1), field="code"),
    ]


def run_import(path, *extra: str) -> int:
    return main(["map", "import", str(path), "--city", "440100", *extra])


def maps_dir():
    return paths.data_dir() / "maps"


def test_an_imported_boundary_file_is_on_the_city_map_with_its_approval_number(
    guangzhou, tmp_path, capsys
):
    assert mapdata.city_map("440100").get("boundaries") is None  # the schematic by default
    path = boundary_file(tmp_path, good_features())
    assert run_import(path, "--approval", APPROVAL, "--source", "广州市规划和自然资源局") == 0
    assert "2 districts imported" in capsys.readouterr().out
    data = mapdata.city_map("440100")
    assert data["boundaries"]["approval_number"] == APPROVAL
    assert data["boundaries"]["source"] == "广州市规划和自然资源局"
    codes = [f["properties"]["adcode"] for f in data["boundaries"]["geojson"]["features"]]
    assert codes == ["440106", "440104"]  # the code field is normalised to adcode
    meta = json.loads((maps_dir() / "440100.json").read_text("utf-8"))
    assert meta["feature_count"] == 2 and meta["approval_number"] == APPROVAL
    record = AuditRecord.objects.get(action="map.boundaries.import")
    assert record.reason == APPROVAL


def test_the_page_draws_the_boundaries_and_shows_the_approval_number(guangzhou, tmp_path, client):
    assert run_import(boundary_file(tmp_path, good_features()), "--approval", APPROVAL) == 0
    page = client.get("/map/440100/").content.decode()
    assert f"审图号：{APPROVAL}" in page
    assert "(示意图)" not in page
    match = re.search(
        r'<script id="investment-map-data" type="application/json">(.*?)</script>', page
    )
    embedded = json.loads(match.group(1))
    assert embedded["boundaries"]["approval_number"] == APPROVAL
    assert len(embedded["boundaries"]["geojson"]["features"]) == 2
    assert "<script>" not in page and 'style="' not in page
    script = Path(mapdata.__file__).parent / "static" / "publishing" / "investment_map.js"
    assert "echarts.registerMap" in script.read_text("utf-8")


def refused(tmp_path, capsys, features, *args: str) -> str:
    code = run_import(boundary_file(tmp_path, features), *args)
    assert code == 1
    assert not (paths.data_dir_path() / "maps").exists()  # nothing written
    assert not AuditRecord.objects.filter(action="map.boundaries.import").exists()
    return capsys.readouterr().err


def test_a_code_outside_the_city_or_outside_gbt_2260_is_refused_naming_feature_and_field(
    guangzhou, tmp_path, capsys
):
    features = [
        feature("440106", rectangle(113.3, 23.1)),
        feature("140213", rectangle(113.2, 23.1)),  # a district, of another city
        feature("449999", rectangle(113.1, 23.1), field="code"),  # no such code
    ]
    err = refused(tmp_path, capsys, features, "--approval", APPROVAL)
    assert "guangzhou.geojson: feature 1: adcode: 140213 is not a district of 440100" in err
    assert "guangzhou.geojson: feature 2: code: '449999' is not a GB/T 2260 code" in err


def test_a_missing_approval_number_is_refused(guangzhou, tmp_path, capsys):
    err = refused(tmp_path, capsys, good_features(), "--approval", "  ")
    assert "审图号" in err and "required" in err


def test_invalid_geometry_is_refused(guangzhou, tmp_path, capsys):
    open_ring = {
        "type": "Polygon",
        "coordinates": [[[113.3, 23.1], [113.4, 23.1], [113.4, 23.2], [113.3, 23.3]]],
    }
    features = [
        feature("440106", {"type": "Point", "coordinates": [113.3, 23.1]}),
        feature("440104", rectangle(213.2, 23.1)),
        feature("440105", open_ring),
    ]
    err = refused(tmp_path, capsys, features, "--approval", APPROVAL)
    assert "feature 0: geometry: type 'Point' is not Polygon or MultiPolygon" in err
    assert "feature 1: geometry: position [213.2, 23.1] is outside" in err
    assert "feature 2: geometry: a ring is not closed" in err


def test_a_custom_code_field_and_a_multipolygon_are_accepted(guangzhou, tmp_path):
    multi = {"type": "MultiPolygon", "coordinates": [rectangle(113.3, 23.1)["coordinates"]]}
    features = [feature("440106", multi, field="gbcode")]
    path = boundary_file(tmp_path, features)
    assert run_import(path, "--approval", APPROVAL, "--code-field", "gbcode") == 0
    assert len(mapdata.city_map("440100")["boundaries"]["geojson"]["features"]) == 1


def test_map_remove_returns_the_city_to_the_schematic_and_is_audited(
    guangzhou, tmp_path, capsys, client
):
    assert run_import(boundary_file(tmp_path, good_features()), "--approval", APPROVAL) == 0
    capsys.readouterr()
    assert main(["map", "remove", "--city", "440100"]) == 0
    out = capsys.readouterr().out
    said = f"440100: district boundaries removed (审图号 {APPROVAL}); "
    assert out == said + "the map is the schematic again\n"
    assert list(maps_dir().iterdir()) == []  # both files gone
    assert mapdata.city_map("440100").get("boundaries") is None
    page = client.get("/map/440100/").content.decode()
    assert "(示意图)" in page and APPROVAL not in page
    record = AuditRecord.objects.get(action="map.boundaries.remove")
    assert (record.object_type, record.object_id, record.reason) == ("map", "440100", APPROVAL)


def test_map_remove_of_a_city_without_an_import_is_refused(guangzhou, tmp_path, capsys):
    assert run_import(boundary_file(tmp_path, good_features()), "--approval", APPROVAL) == 0
    capsys.readouterr()
    assert main(["map", "remove", "--city", "140200"]) == 1  # another city: nothing imported
    assert "--city 140200: no boundary file imported" in capsys.readouterr().err
    assert not AuditRecord.objects.filter(action="map.boundaries.remove").exists()
    assert mapdata.city_map("440100")["boundaries"]["approval_number"] == APPROVAL  # untouched
