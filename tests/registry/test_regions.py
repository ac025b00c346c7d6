"""The shipped GB/T 2260 table and its data migration."""

from __future__ import annotations

import pytest

from waibao.registry.models import Region
from waibao.registry.reference import region_rows, regions_load

POLICY_PLACES = {
    "440100": "广州市",
    "440106": "天河区",
    "330100": "杭州市",
    "330106": "西湖区",
    "330300": "温州市",
    "330302": "鹿城区",
    "140200": "大同市",
    "140213": "平城区",
}


def test_the_table_has_the_31_provincial_units_of_the_mainland():
    provinces = [row for row in region_rows() if row.level == "province"]
    assert len(provinces) == 31
    assert not [row for row in region_rows() if row.code[:2] in ("71", "81", "82")]


def test_the_table_has_333_prefecture_level_and_2847_county_level_units():
    levels = [row.level for row in region_rows()]
    assert levels.count("city") == 333
    assert levels.count("district") == 2847


def test_the_five_policy_jurisdictions_and_their_districts_are_in_the_table():
    names = {row.code: row.name for row in region_rows()}
    for code, name in POLICY_PLACES.items():
        assert names[code] == name


def test_every_region_but_a_province_has_a_parent_in_the_table_one_level_up():
    by_code = {row.code: row for row in region_rows()}
    assert len(by_code) == len(region_rows())
    for row in region_rows():
        if row.level == "province":
            assert row.parent_code == ""
            continue
        parent = by_code[row.parent_code]
        assert row.code[:2] == parent.code[:2]
        if row.level == "city":
            assert parent.level == "province"
        else:
            assert parent.level in ("city", "province")


@pytest.mark.django_db
def test_the_migration_fills_the_region_table_on_every_database():
    assert Region.objects.count() == len(region_rows())
    tianhe = Region.objects.select_related("parent__parent").get(code="440106")
    assert (tianhe.name, tianhe.level) == ("天河区", "district")
    assert tianhe.parent.name == "广州市"
    assert tianhe.parent.parent.name == "广东省"
    assert tianhe.city_code == "440100"


@pytest.mark.django_db
def test_loading_the_table_again_adds_nothing_and_restores_a_changed_name():
    Region.objects.filter(code="330302").update(name="wrong")
    assert regions_load() == (0, 1)
    assert Region.objects.get(code="330302").name == "鹿城区"
    assert regions_load() == (0, 0)
