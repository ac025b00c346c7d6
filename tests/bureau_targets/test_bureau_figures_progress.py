"""Bureau figures in the targets progress (``waibao stats targets``, the targets page): a
measured value Waibao cannot compute stands in with its source, the bureau's own target of a
text that sets none is followed like the text's, and the comparisons hold at the boundary."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db


def _enter(admin, **values):
    from waibao.bureau_targets.services import figure_enter

    base = {"comparison": ">=", "ref": "", "source": "市商务局2025年工作会议纪要"}
    return figure_enter(actor=admin, values={**base, **values})


def _progress(jurisdiction, as_of):
    from waibao.stats.bureau_figures import with_bureau_figures
    from waibao.stats.targets import INDICATOR_MEASURES, load_targets, target_progress

    try:  # the targets on the statistics indicators need no bureau figure: left out here
        folder = [
            t
            for t in load_targets(jurisdiction=jurisdiction)
            if t.measure not in INDICATOR_MEASURES
        ]
    except ValueError:  # a text without targets.yaml
        folder = []
    targets = with_bureau_figures(folder, jurisdictions_wanted=[jurisdiction])
    return {item["id"]: item for item in target_progress(targets, source=None, as_of=as_of)}


@pytest.mark.parametrize(("clusters", "met"), [("7", False), ("8", True), ("9", True)])
def test_guangzhou_clusters_measured_by_the_bureau_meet_以上_at_8(world, clusters, met):
    """(二) 建成8个……服务外包产业聚集区: Waibao cannot count clusters; the bureau's figure
    stands in, and 8 meets the inclusive target."""
    item = _progress("guangzhou", 2010)["guangzhou.2.targets.clusters"]
    assert item["actual_value"] is None and item["met"] is None  # not computable today
    _enter(
        world.users["city_admin"],
        jurisdiction="guangzhou",
        indicator="clusters",
        kind="measured",
        year="2010",
        value=clusters,
        source="市发改委统计",
    )
    item = _progress("guangzhou", 2010)["guangzhou.2.targets.clusters"]
    assert item["actual_value"] == int(clusters)
    assert item["met"] is met
    assert item["actual_basis"] == "entered" and item["actual_source"] == "市发改委统计"
    assert item["origin"] == "text"


def test_a_newer_measurement_supersedes_in_the_progress(world):
    admin = world.users["city_admin"]
    _enter(
        admin,
        jurisdiction="guangzhou",
        indicator="professionals",
        kind="measured",
        year="2010",
        value="59,999",
        source="初步统计",
    )
    assert _progress("guangzhou", 2010)["guangzhou.2.targets.professionals"]["met"] is False
    _enter(
        admin,
        jurisdiction="guangzhou",
        indicator="professionals",
        kind="measured",
        year="2010",
        value="60,000",
        source="年报",
    )
    item = _progress("guangzhou", 2010)["guangzhou.2.targets.professionals"]
    assert (item["actual_value"], item["met"], item["actual_source"]) == (60000, True, "年报")


def test_a_computed_measure_keeps_its_computed_value(world):
    """Certified enterprises are counted from the registry: a bureau figure does not replace a
    value Waibao computes (0 here is a computed count, not a missing one)."""
    _enter(
        world.users["city_admin"],
        jurisdiction="guangzhou",
        indicator="certified_enterprises",
        kind="measured",
        year="2010",
        value="150",
    )
    item = _progress("guangzhou", 2010)["guangzhou.2.targets.certified_enterprises"]
    assert item["actual_value"] == 0 and item["actual_basis"] == "computed"


@pytest.mark.parametrize(
    ("comparison", "measured", "met"),
    [(">=", "10", True), (">=", "9", False), (">", "10", False), (">", "11", True)],
)
def test_wenzhou_sets_its_own_target_where_the_text_sets_none(world, comparison, measured, met):
    """Wenzhou 2. and 4. set no figure: the bureau's target on multinationals (2025, 10) is
    followed like a text's, with 达到 inclusive and 超过 strict."""
    admin = world.users["system_admin"]
    _enter(
        admin,
        jurisdiction="wenzhou",
        indicator="multinationals",
        kind="target",
        year="2025",
        value="10",
        comparison=comparison,
        ref="2.",
        source="市政府2024年工作要点",
    )
    _enter(
        admin,
        jurisdiction="wenzhou",
        indicator="multinationals",
        kind="measured",
        year="2025",
        value=measured,
        source="市商务局台账",
    )
    item = _progress("wenzhou", 2025)["wenzhou.bureau.multinationals.2025"]
    assert item["origin"] == "bureau" and item["target_source"] == "市政府2024年工作要点"
    assert item["target_value"] == 10 and item["comparison"] == comparison
    assert item["minimum_needed"] == (11 if comparison == ">" else 10)
    assert item["actual_value"] == int(measured) and item["met"] is met


def test_a_bureau_amount_target_is_kept_in_fen(world):
    _enter(
        world.users["system_admin"],
        jurisdiction="wenzhou",
        indicator="so_revenue_cny",
        kind="target",
        year="2025",
        value="1.5万",
    )
    item = _progress("wenzhou", 2025)["wenzhou.bureau.so_revenue_cny.2025"]
    assert item["target_value"] == "15000.00" and item["unit"] == "cny"


def test_the_targets_page_shows_the_entered_value_and_its_source(client, world):

    _enter(
        world.users["city_admin"],
        jurisdiction="guangzhou",
        indicator="multinationals",
        kind="measured",
        year="2010",
        value="31",
        source="市商务局外资处台账",
    )
    client.force_login(world.users["city_admin"])
    html = client.get("/dashboard/targets/").content.decode()
    assert "主管部门录入：市商务局外资处台账" in html
    assert 'id="bureau-figures-link"' in html


def test_the_command_line_reads_the_bureaus_targets_of_a_text_without_targets(world, capsys):
    from waibao.cli import main

    _enter(
        world.users["system_admin"],
        jurisdiction="wenzhou",
        indicator="clusters",
        kind="target",
        year="2025",
        value="3",
    )
    assert main(["stats", "targets", "--jurisdiction", "wenzhou", "--format", "json"]) == 0
    [item] = json.loads(capsys.readouterr().out)
    assert item["id"] == "wenzhou.bureau.clusters.2025" and item["target_value"] == 3
