"""The bureau's figures page and API (issue 19): who may see and enter, refusals next to the
field at the boundaries, the audit record, and a newer entry superseding an older one."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

URL = "/targets/figures/"
API = "/api/targets/figures"


def _entry(**changes):
    values = {
        "jurisdiction": "guangzhou",
        "indicator": "clusters",
        "kind": "measured",
        "year": "2010",
        "value": "9",
        "comparison": ">=",
        "ref": "(二)",
        "source": "市发改委2010年统计公报",
    }
    values.update(changes)
    return values


# who: (page GET, form shown, POST for guangzhou)
PAGE_MATRIX = {
    "anonymous": (302, False, 302),
    "no_role": (403, False, 403),
    "enterprise": (403, False, 403),
    "district_reviewer": (200, False, 403),
    "city_admin": (200, True, 302),
    "leader": (200, False, 403),
    "analyst": (200, False, 403),
    "system_admin": (200, True, 302),
    "superuser": (200, True, 302),
    "inactive_admin": (302, False, 302),
}


@pytest.mark.parametrize("who", sorted(PAGE_MATRIX))
def test_the_page_role_matrix(client, world, who):
    from waibao.bureau_targets.models import BureauFigure

    expected_get, form_shown, expected_post = PAGE_MATRIX[who]
    if who != "anonymous":
        client.force_login(world.users[who])
    response = client.get(URL)
    assert response.status_code == expected_get
    if expected_get == 200:
        assert ('id="figure-form"' in response.content.decode()) is form_shown
    response = client.post(URL, _entry())
    assert response.status_code == expected_post
    entered = who in ("city_admin", "system_admin", "superuser")  # the others: 302 to sign in
    assert BureauFigure.objects.count() == (1 if entered else 0)


@pytest.mark.parametrize(
    ("who", "jurisdiction", "status"),
    [
        ("city_admin", "guangzhou", 201),  # its own city's text
        ("city_admin", "guangdong", 403),  # the province's text: the province's bureau
        ("city_admin", "hangzhou", 403),  # another city
        ("system_admin", "wenzhou", 201),
        ("analyst", "hangzhou", 403),  # sees Zhejiang's figures, enters none
        ("leader", "guangzhou", 403),
        ("district_reviewer", "guangzhou", 403),
        ("enterprise", "guangzhou", 403),
        ("no_role", "guangzhou", 403),
    ],
)
def test_the_api_role_matrix_for_entering(client, world, who, jurisdiction, status):
    client.force_login(world.users[who])
    response = client.post(API, _entry(jurisdiction=jurisdiction), content_type="application/json")
    assert response.status_code == status, response.content


def test_the_api_lists_only_the_jurisdictions_in_the_callers_region(client, world):
    from waibao.bureau_targets.services import figure_enter

    admin = world.users["system_admin"]
    figure_enter(actor=admin, values=_entry())
    figure_enter(actor=admin, values=_entry(jurisdiction="hangzhou", indicator="multinationals"))
    seen = {}
    for who in ("city_admin", "analyst", "leader", "district_reviewer"):
        client.force_login(world.users[who])
        response = client.get(API)
        assert response.status_code == 200
        seen[who] = sorted(row["jurisdiction"] for row in response.json())
    assert seen == {
        "city_admin": ["guangzhou"],
        "analyst": ["hangzhou"],
        "leader": ["guangzhou", "hangzhou"],
        "district_reviewer": [],
    }
    client.force_login(world.users["enterprise"])
    assert client.get(API).status_code == 403
    client.logout()
    assert client.get(API).status_code == 401


def test_an_entry_is_audited_and_a_newer_one_supersedes_without_overwriting(client, world):
    from waibao.audit.models import AuditRecord
    from waibao.bureau_targets.models import BureauFigure
    from waibao.bureau_targets.selectors import current_figures

    client.force_login(world.users["city_admin"])
    assert client.post(URL, _entry(value="7")).status_code == 302
    assert client.post(URL, _entry(value="9", source="市统计局更正")).status_code == 302
    first, second = BureauFigure.objects.order_by("pk")
    assert (first.value, second.value) == (7, 9)
    [current] = current_figures(["guangzhou"])
    assert current.pk == second.pk and current.source == "市统计局更正"
    records = list(AuditRecord.objects.filter(action="bureau_figure.enter").order_by("sequence"))
    assert [r.object_id for r in records] == [str(first.pk), str(second.pk)]
    assert records[1].from_state == "7.00" and records[1].to_state == "9.00"
    assert records[1].payload["supersedes"] == first.pk
    assert records[1].actor_username == "shiji"
    html = client.get(URL).content.decode()
    assert "已被取代" in html and "现行" in html and "市统计局更正" in html


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"year": "1899"}, "year", "请填写年度（1900–2100）"),
        ({"year": "2101"}, "year", "请填写年度（1900–2100）"),
        ({"value": "-1"}, "value", "请填写整数"),
        ({"value": "8.5"}, "value", "请填写整数"),
        ({"indicator": "so_revenue_cny", "value": "12.5万元的"}, "value", "万元"),
        ({"source": ""}, "source", "请说明数值的来源"),
        ({"source": "来" * 201}, "source", "不超过200字"),
        ({"indicator": "nonsense"}, "indicator", "请选择指标"),
        ({"kind": "guess"}, "kind", "请选择目标值或实际值"),
        # the text sets the 2010 cluster target (8): the bureau sets none beside it
        ({"kind": "target", "value": "10"}, "year", "政策文件已设定该指标本年度的目标"),
    ],
)
def test_bad_input_is_refused_next_to_its_field(client, world, changes, field, reason):
    from waibao.bureau_targets.models import BureauFigure

    client.force_login(world.users["city_admin"])
    response = client.post(URL, _entry(**changes))
    assert response.status_code == 400
    html = response.content.decode()
    block = html.split(f'name="{field}"', 1)[1].split('<div class="field">', 1)[0]
    assert reason in block
    assert not BureauFigure.objects.exists()


@pytest.mark.parametrize(
    ("changes", "stored"),
    [
        ({"year": "1900"}, "9.00"),
        ({"year": "2100"}, "9.00"),
        ({"value": "60,000", "indicator": "professionals"}, "60000.00"),
        ({"value": "0"}, "0.00"),
        ({"indicator": "so_revenue_cny", "value": "12.5万"}, "125000.00"),
        ({"indicator": "so_revenue_cny", "value": "1,234.56"}, "1234.56"),
        ({"kind": "target", "year": "2011", "value": "10"}, "10.00"),
    ],
)
def test_good_input_is_kept_exactly(client, world, changes, stored):
    from waibao.bureau_targets.models import BureauFigure

    client.force_login(world.users["city_admin"])
    assert client.post(URL, _entry(**changes)).status_code == 302
    [row] = BureauFigure.objects.all()
    assert str(row.value) == stored


def test_a_refusal_speaks_the_readers_language_on_the_page_and_in_the_api(client, world):
    """Issue 21: Chinese on the page and for ``Accept-Language: zh-hans``, English under /en/
    and for ``Accept-Language: en``; nothing is written either way."""
    from html import unescape

    from waibao.bureau_targets.models import BureauFigure

    client.force_login(world.users["city_admin"])
    bad = _entry(value="十", source="")
    zh = unescape(client.post(URL, bad, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())
    en = unescape(client.post("/en" + URL, bad).content.decode())
    assert "请填写整数，例如 120" in zh and "请说明数值的来源" in zh
    assert "enter a whole number, e.g. 120" in en and "State where the value comes from" in en
    assert "请填写整数" not in en and "请说明数值的来源" not in en
    for language, detail in (("zh-hans", "录入未保存"), ("en", "Not saved")):
        response = client.post(
            API, bad, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
        )
        assert response.status_code == 400
        assert response.json()["detail"] == detail
    denied = client.post(
        API,
        _entry(jurisdiction="hangzhou"),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert denied.status_code == 403 and denied.json()["detail"] == "无权录入该辖区的数值"
    assert not BureauFigure.objects.exists()
