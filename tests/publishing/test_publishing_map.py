"""The investment map: a schematic of districts with enterprises and park space, offline."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import region
from waibao.publishing import mapdata

STATIC = Path(mapdata.__file__).parent / "static" / "publishing" / "investment_map.js"


def test_the_city_map_counts_enterprises_per_district_with_park_space(registry):
    for i in range(3):
        registry(f"平城{i}", "140213", "ITO", 100)
    registry("云冈0", "140214", "BPO", 100)
    region("330108", "滨江区")
    registry("杭州企业", "330108", "ITO", 100)  # another city: not on Datong's map
    data = mapdata.city_map("140200")
    by_code = {d["code"]: d for d in data["districts"]}
    assert by_code["140213"]["enterprises"] == 3 and by_code["140214"]["enterprises"] == 1
    assert "330108" not in by_code
    park = by_code["140213"]["parks"][0]
    assert (park["capacity_sqm"], park["vacant_sqm"]) == (120_000, 30_000)
    assert by_code["140213"]["vacant_sqm"] == 30_000
    assert (by_code["140213"]["lng"], by_code["140213"]["lat"]) == mapdata.CENTROIDS["140213"]


def test_a_district_without_a_stated_centroid_is_listed_not_placed(registry):
    region("140299", "假设区")
    registry("无坐标企业", "140299", "ITO", 100)
    data = mapdata.city_map("140200")
    assert [d["code"] for d in data["unplaced"]] == ["140299"]


def test_the_page_says_it_is_a_schematic_and_embeds_its_data(client, registry):
    registry("平城0", "140213", "ITO", 100)
    page = client.get("/map/140200/").content.decode()
    assert "示意图" in page and "不表示行政区域界线" in page
    match = re.search(
        r'<script id="investment-map-data" type="application/json">(.*?)</script>', page
    )
    assert json.loads(match.group(1))["districts"][0]["name"] == "平城区"
    assert "大同数字经济产业园" in page  # the table beside the chart
    assert "<script>" not in page  # no inline script (CSP script-src 'self')
    assert 'style="' not in page  # nor inline style (default-src 'self' covers styles)
    assert client.get("/map/").status_code == 200


def test_an_unknown_or_malformed_city_is_not_found(client, db):
    assert client.get("/map/999900/").status_code == 404
    assert client.get("/map/abc/").status_code == 404


def test_the_map_script_loads_nothing_from_the_network():
    script = STATIC.read_text(encoding="utf-8")
    assert "http" not in script and "fetch(" not in script and "XMLHttpRequest" not in script


def test_an_unknown_park_vacancy_is_unknown_for_the_district_not_zero(registry):
    from waibao.registry.models import Park

    registry("云冈0", "140214", "BPO", 100)
    Park.objects.create(
        park_id="DT-YG-01", name="经开区园", region_id="140214", capacity_sqm=100_000
    )
    district = next(d for d in mapdata.city_map("140200")["districts"] if d["code"] == "140214")
    assert (district["capacity_sqm"], district["vacant_sqm"]) == (100_000, None)
