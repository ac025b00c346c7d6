from __future__ import annotations

import pytest
from evaluation_helpers import region

from access_world import world  # noqa: F401  (the shared fixture, for test_api_access)


@pytest.fixture
def places(db):
    guangdong = region("440000", "广东省", "province")
    guangzhou = region("440100", "广州市", "city", guangdong)
    zhejiang = region("330000", "浙江省", "province")
    hangzhou = region("330100", "杭州市", "city", zhejiang)
    wenzhou = region("330300", "温州市", "city", zhejiang)
    return {
        "guangzhou": guangzhou,
        "tianhe": region("440106", "天河区", "district", guangzhou),
        "hangzhou": hangzhou,
        "xihu": region("330106", "西湖区", "district", hangzhou),
        "wenzhou": wenzhou,
        "lucheng": region("330302", "鹿城区", "district", wenzhou),
    }


@pytest.fixture
def category(db):
    from waibao.reporting.models import Category

    return Category.objects.get_or_create(
        code="ITO.01",
        defaults={"group": "ITO", "name_zh": "软件", "name_en": "Software", "version": "test"},
    )[0]
