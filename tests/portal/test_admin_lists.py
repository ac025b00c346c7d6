"""The admin (zh-hans) lists organisations, contracts and executions usefully, and only within
the signed-in staff member's scope."""

from __future__ import annotations

import pytest

from waibao import demo
from waibao.demo.loader import demo_load
from waibao.demo.logins import demo_logins_ensure


@pytest.fixture
def staff_client(db, client):
    demo_load(demo.generate(enterprises=20))
    demo_logins_ensure()
    return client


def test_the_admin_speaks_chinese(staff_client):
    staff_client.login(username="xitong", password="xitong-demo-2025")
    page = staff_client.get("/admin/").content.decode()
    assert "站点管理" in page


def test_a_city_administrator_lists_only_guangzhou_organisations(staff_client):
    from waibao.registry.models import Organisation

    staff_client.login(username="shiji", password="shiji-demo-2025")
    response = staff_client.get("/admin/registry/organisation/")
    assert response.status_code == 200
    shown = set(response.context["cl"].queryset.values_list("region_id", flat=True))
    assert shown and all(code.startswith("4401") for code in shown)
    hangzhou = Organisation.objects.filter(region__code__startswith="3301").first()
    assert staff_client.get(f"/admin/registry/organisation/{hangzhou.pk}/change/").status_code in (
        302,
        404,
    )


def test_organisations_can_be_searched_by_credit_code_and_name(staff_client):
    from waibao.demo.scenarios import scenario_uscc

    staff_client.login(username="xitong", password="xitong-demo-2025")
    code = scenario_uscc(0)
    page = staff_client.get(f"/admin/registry/organisation/?q={code}").content.decode()
    assert "广州天河云联信息技术有限公司" in page
    page = staff_client.get("/admin/registry/organisation/?q=大同").content.decode()
    assert "大同" in page


def test_a_district_reviewer_lists_only_tianhe_contracts_and_executions(staff_client):
    staff_client.login(username="quji", password="quji-demo-2025")
    contracts = staff_client.get("/admin/reporting/contract/")
    executions = staff_client.get("/admin/reporting/execution/?q=C2024")
    assert contracts.status_code == executions.status_code == 200
    regions = set(
        contracts.context["cl"].queryset.values_list("organisation__region_id", flat=True)
    )
    assert regions == {"440106"}
    assert set(
        executions.context["cl"].queryset.values_list(
            "contract__organisation__region_id", flat=True
        )
    ) <= {"440106"}
    assert "USD" in contracts.content.decode() or "CNY" in contracts.content.decode()
