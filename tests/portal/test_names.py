"""Names instead of codes on pages (waibao.portal.names): countries from pycountry's bundled
Chinese catalogue, categories from the shipped table, groups, regions from the registry."""

from __future__ import annotations

import pytest
from django.utils import translation

from waibao.portal import names


def test_countries_by_their_chinese_name_and_english_under_en():
    with translation.override("zh-hans"):
        assert names.country_name("CN") == "中国"
        assert names.country_name("SG") == "新加坡"
        assert names.country_name("sg") == "新加坡"
        assert names.country_name("XX") == "XX"  # unknown: the code as it is
    with translation.override("en"):
        assert names.country_name("SG") == "Singapore"
        assert names.country_name("KR") == "South Korea"


def test_categories_and_groups_by_name():
    with translation.override("zh-hans"):
        assert names.category_name("ITO.02") == "集成电路和电子电路设计服务"
        assert names.group_name("BPO") == "业务流程外包"
        assert names.category_name("ZZZ.99") == "ZZZ.99"
    with translation.override("en"):
        assert names.category_name("ITO.02") == "Integrated and electronic circuit design"


@pytest.mark.django_db
def test_regions_by_their_registry_name(world):
    found = names.region_names(["440106", "440100", "999999", None])
    assert found == {"440106": "天河区", "440100": "广州市"}
