"""The investment map with the bureau's boundary file, in the browser (issue 22 item 5): a
boundary file the test makes (two Guangzhou districts as adjacent rectangles around their
map centroids) is imported with ``waibao map import``; the city's map page, at 1440 and at
390 px, shows its 审图号 above the map and on it, registers the file with ECharts and draws
both districts (their fill is on the canvas inside each boundary, and not outside); the
document is never wider than the window. ``waibao map remove`` brings back the schematic.
Screenshots ``22-map-imported-{1440,390}.png`` (``WAIBAO_SCREENSHOTS``)."""

from __future__ import annotations

import pytest

from boundary_files import boundary_file, feature, rectangle

try:
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips the test, or fails it on CI, saying why
    expect = None

WIDE = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
APPROVAL = "粤S(2026)001号"
CITY = "440100"
# South-west corners, 0.1° squares, side by side: each holds its district's map centroid
# (policies/guangzhou/map.yaml: 440104 at 113.27, 23.13; 440106 at 113.36, 23.15).
DISTRICTS = {"440104": (113.22, 23.09), "440106": (113.32, 23.10)}

# What ECharts holds for the map, and the canvas colour at a point inside each district
# (near a corner, away from the circle at its centroid) and at one outside both.
_DRAWN = """([name, inside, outside]) => {
    const holder = document.getElementById("investment-map");
    const chart = echarts.getInstanceByDom(holder);
    const option = chart.getOption();
    const registered = echarts.getMap(name);
    const canvas = holder.querySelector("canvas");
    const ratio = canvas.width / canvas.clientWidth;
    const colour = (point) => {
        const [x, y] = chart.convertToPixel({geoIndex: 0}, point);
        if (!(x >= 0 && y >= 0 && x < canvas.clientWidth && y < canvas.clientHeight)) {
            return "off the canvas";
        }
        const pixel = canvas.getContext("2d").getImageData(
            Math.round(x * ratio), Math.round(y * ratio), 1, 1).data;
        return Array.from(pixel);
    };
    return {
        map: option.geo[0].map,
        features: registered ? registered.geoJSON.features.length : 0,
        caption: option.graphic[0].elements[0].style.text,
        inside: inside.map(colour),
        outside: colour(outside),
    };
}"""
AREA = [238, 243, 250, 255]  # the districts' fill, #eef3fa (investment_map.js)


def _import_boundaries(tmp_path) -> None:
    from waibao.cli import main

    features = [feature(code, rectangle(*corner)) for code, corner in DISTRICTS.items()]
    path = boundary_file(tmp_path, features)
    assert main(["map", "import", str(path), "--city", CITY, "--approval", APPROVAL]) == 0


def _looks_drawn(page) -> None:
    inside = [[lng + 0.09, lat + 0.09] for lng, lat in DISTRICTS.values()]  # NE corners
    # inside the two districts' bounding box, outside both: north of the western one
    # (its top is 23.19), west of the eastern one (its left is 113.32)
    outside = [113.25, 23.196]
    drawn = page.evaluate(_DRAWN, [f"waibao-{CITY}", inside, outside])
    assert drawn["map"] == f"waibao-{CITY}" and drawn["features"] == 2, drawn
    assert drawn["caption"] == f"审图号：{APPROVAL}"
    for colour in drawn["inside"]:
        assert all(abs(a - b) <= 6 for a, b in zip(colour, AREA, strict=True)), drawn
    assert isinstance(drawn["outside"], list) and drawn["outside"][:3] != AREA[:3], drawn


@pytest.mark.slow
@pytest.mark.browser
def test_the_imported_boundaries_are_drawn_with_their_approval_number_at_both_widths(
    chromium, live_server, audit_flushable, e2e_data_dir, world, screenshots, tmp_path
):
    _import_boundaries(tmp_path)
    context = chromium.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport=WIDE,
        device_scale_factor=1,
        reduced_motion="reduce",  # drawn at once
    )
    page = context.new_page()
    for viewport, name in ((WIDE, "1440"), (PHONE, "390")):
        page.set_viewport_size(viewport)
        page.goto(f"/map/{CITY}/")
        main = page.locator("main")
        expect(main.locator("h2")).not_to_contain_text("示意图")
        expect(main.locator(".map-approval")).to_contain_text(f"审图号：{APPROVAL}")
        expect(page.locator("#investment-map canvas").first).to_be_visible()
        page.wait_for_function(
            "() => { const c = echarts.getInstanceByDom(document.getElementById("
            "'investment-map')); return c && c.getOption().geo; }"
        )
        page.wait_for_timeout(500)  # the first frame is painted after the option is set
        _looks_drawn(page)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= viewport["width"], (name, width)
        page.screenshot(path=str(screenshots / f"22-map-imported-{name}.png"), full_page=True)

    from waibao.cli import main as waibao

    assert waibao(["map", "remove", "--city", CITY]) == 0
    page.goto(f"/map/{CITY}/")
    expect(page.locator("main h2")).to_contain_text("示意图")
    expect(page.locator("main .map-approval")).to_have_count(0)
    context.close()
