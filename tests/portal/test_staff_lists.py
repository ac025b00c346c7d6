"""企业报送查询 and the contracts tab as lists (issue 22 item 3): staff land on the firms of
their scope with this period's reporting status, filter and page them, and never see a firm
outside their scope, whatever the query string says."""

from __future__ import annotations

import pytest
from django.utils import timezone

OWN = "91440106000000010A"  # Tianhe
NEIGHBOUR = "91440106000000020B"  # Tianhe
YUEXIU = "91440104000000030C"  # Guangzhou, other district
XIHU = "91330106000000040D"  # Hangzhou
ALL = (OWN, NEIGHBOUR, YUEXIU, XIHU)
PERIOD = timezone.localdate().year - 1

# Which firms each role sees on /report/ (an enterprise goes straight to its own profile).
SEES = {
    "district_reviewer": {OWN, NEIGHBOUR},
    "city_admin": {OWN, NEIGHBOUR, YUEXIU},
    "analyst": {XIHU},  # region Zhejiang
    "system_admin": set(ALL),
    "superuser": set(ALL),
}


def _rows(html, attribute="data-firm"):
    return {uscc for uscc in ALL if f'{attribute}="{uscc}"' in html}


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(SEES))
def test_each_role_lands_on_the_firms_of_its_scope_not_a_search_box(client, world, role):
    client.force_login(world.users[role])
    html = client.get("/report/").content.decode()
    assert _rows(html) == SEES[role]
    assert "企业报送查询" in html and f"{PERIOD} 年度数据" in html and "未报送" in html


@pytest.mark.django_db
def test_an_enterprise_gets_its_own_profile_and_a_leader_no_list(client, world):
    client.force_login(world.users["enterprise"])
    html = client.get(f"/report/?q={YUEXIU}&district=440104").content.decode()
    assert 'id="firms"' not in html and OWN in html and YUEXIU not in html.split("<main>")[-1]
    assert 'id="contracts"' in client.get("/report/contracts/").content.decode()  # its own
    client.force_login(world.users["leader"])  # aggregates only: no firm-level pages
    assert client.get("/report/").status_code == 403
    assert client.get("/report/contracts/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        f"q={YUEXIU}",
        f"q={XIHU}",
        "district=440104",
        "district=330106",
        "q=机构&district=440104&status=unreported",
        "q=%25",
        "q=_",
    ],
)
def test_a_district_reviewer_never_sees_another_districts_firm_via_the_query_string(
    client, world, query
):
    client.force_login(world.users["district_reviewer"])
    for path in ("/report/", "/report/contracts/"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 200
        html = response.content.decode()
        assert _rows(html) <= {OWN, NEIGHBOUR}
        assert "机构030C" not in html and "机构040D" not in html  # the firms' names


@pytest.mark.django_db
def test_the_reviewer_has_no_district_filter_the_city_admin_has_one(client, world):
    client.force_login(world.users["district_reviewer"])
    assert 'name="district"' not in client.get("/report/").content.decode()
    client.force_login(world.users["city_admin"])
    html = client.get("/report/?district=440104").content.decode()
    assert 'name="district"' in html and _rows(html) == {YUEXIU}
    assert '<option value="440104" selected>越秀区</option>' in html


@pytest.mark.django_db
def test_reported_and_unreported_this_period(client, world):
    from waibao.registry.models import OrganisationYear

    OrganisationYear.objects.create(organisation=world.orgs.own, year=PERIOD)
    OrganisationYear.objects.create(organisation=world.orgs.district, year=PERIOD - 1)
    client.force_login(world.users["district_reviewer"])
    assert _rows(client.get("/report/?status=reported").content.decode()) == {OWN}
    assert _rows(client.get("/report/?status=unreported").content.decode()) == {NEIGHBOUR}
    earlier = client.get(f"/report/?year={PERIOD - 1}&status=reported").content.decode()
    assert _rows(earlier) == {NEIGHBOUR} and f"{PERIOD - 1} 年度数据" in earlier
    # a year that is not offered reads as the period, not as a database value
    assert _rows(client.get("/report/?year=1066&status=reported").content.decode()) == {OWN}


@pytest.mark.django_db
def test_firms_by_name_or_code(client, world):
    client.force_login(world.users["city_admin"])
    assert _rows(client.get("/report/?q=0030").content.decode()) == {YUEXIU}
    assert _rows(client.get("/report/?q=91440106").content.decode()) == {OWN, NEIGHBOUR}


def _firms(region, count, start=100):
    from waibao.registry.models import Organisation

    Organisation.objects.bulk_create(
        Organisation(uscc=f"9144010600000{n:04d}X", name=f"企业{n:04d}", region=region)
        for n in range(start, start + count)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("extra", "pages"), [(23, 1), (24, 2)])
def test_the_firms_page_at_exactly_its_size_and_one_more(client, world, extra, pages):
    _firms(world.orgs.own.region, extra)  # 2 firms already in Tianhe: 25, then 26
    client.force_login(world.users["district_reviewer"])
    html = client.get("/report/").content.decode()
    assert f"共 {extra + 2} 条" in html
    assert html.count("<tr data-firm=") == 25
    if pages == 1:
        assert "下一页" not in html
    else:
        assert "第 1 页，共 2 页" in html and 'href="?year=' in html
        last = client.get(f"/report/?year={PERIOD}&page=2").content.decode()
        assert last.count("<tr data-firm=") == 1 and "第 2 页，共 2 页" in last


@pytest.mark.django_db
def test_the_firms_page_reads_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.users["city_admin"])
    with CaptureQueriesContext(connection) as few:
        client.get("/report/")
    _firms(world.orgs.own.region, 60)
    with django_assert_max_num_queries(len(few)):
        html = client.get("/report/").content.decode()
    assert html.count("<tr data-firm=") == 25


@pytest.mark.django_db
def test_the_contracts_tab_lists_every_contract_of_the_scope_with_filters(client, world):
    import datetime as dt

    from waibao.reporting.models import Contract

    Contract.objects.create(
        organisation=world.orgs.district,
        contract_id="CN-1",
        client_name="本地客户",
        client_country="CN",
        category_id="ITO.01",
        signed_date=dt.date(2023, 1, 5),
        amount_minor=5_000_00,
        currency="CNY",
    )
    client.force_login(world.users["city_admin"])
    html = client.get("/report/contracts/").content.decode()
    assert _rows(html) == {OWN, NEIGHBOUR, YUEXIU} and "共 4 条" in html
    assert "执行笔数" in html and "离岸" in html
    onshore = client.get("/report/contracts/?offshore=onshore").content.decode()
    assert 'data-contract="CN-1"' in onshore and "共 1 条" in onshore
    assert "共 3 条" in client.get("/report/contracts/?year=2024").content.decode()
    assert "共 1 条" in client.get("/report/contracts/?q=本地").content.decode()


@pytest.mark.django_db
def test_the_lists_speak_english_on_the_english_pages(client, world):
    client.force_login(world.users["city_admin"])
    html = client.get("/en/report/").content.decode()
    assert "Not reported" in html and "Filter" in html


@pytest.mark.django_db
def test_the_contracts_list_reads_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from waibao.reporting.models import Contract

    client.force_login(world.users["city_admin"])
    with CaptureQueriesContext(connection) as few:
        client.get("/report/contracts/")
    Contract.objects.bulk_create(
        Contract(
            organisation=world.orgs.district,
            contract_id=f"BULK-{n:03d}",
            client_name="Contoso",
            client_country="US",
            category_id="ITO.01",
            signed_date=dt.date(2025, 1, 1),
            amount_minor=100,
            currency="USD",
        )
        for n in range(40)
    )
    with django_assert_max_num_queries(len(few)):
        html = client.get("/report/contracts/").content.decode()
    assert html.count("<tr data-contract=") == 25 and "第 1 页，共 2 页" in html


@pytest.mark.django_db
def test_the_filter_form_submits_to_the_page_itself_and_htmx_swaps_only_the_list(client, world):
    client.force_login(world.users["city_admin"])
    html = client.get("/report/?status=unreported").content.decode()
    assert 'action="/report/"' in html and 'hx-get="/report/"' in html
    assert 'hx-select="#firms"' in html and 'id="firms"' in html
