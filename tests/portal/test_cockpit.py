"""The leader's cockpit (issue 22): its figures against the database of a small world,
computed here by hand with the one conversion (``waibao.reporting.rates``); each figure's
drill-down link shows the same number on the statistics page; a leader of one city never
sees another's figures."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction

import pytest

from waibao.money import format_fen
from waibao.stats.output import format_ratio

TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def cockpit_world(world):
    """access_world (four firms, each a USD 100,000.00 contract of 2024-03-01 executed for
    USD 70,000.00 on 2024-06-01, three in Guangzhou, one in Hangzhou) and: a contract of the
    year before in Tianhe, an onshore EUR contract and execution in Yuexiu (May 2024, needing
    the year's rates), leaders of Guangzhou and of Hangzhou, and employment reported."""
    from waibao.accounts.models import Profile
    from waibao.registry.models import OrganisationYear, Region
    from waibao.reporting.models import Category, Contract, ExchangeRate, Execution

    category = Category.objects.get(code="ITO.01")
    for currency, rate in (("USD", "7.100000"), ("EUR", "7.800000")):
        ExchangeRate.objects.update_or_create(
            currency=currency, year=2024, defaults={"cny_per_unit": rate, "source": "test"}
        )
    earlier = Contract.objects.create(
        organisation=world.orgs.own,
        contract_id="C0",
        client_name="Contoso Inc.",
        client_country="US",
        category=category,
        signed_date=dt.date(2023, 3, 1),
        amount_minor=60_000_00,
        currency="USD",
    )
    Execution.objects.create(
        contract=earlier,
        execution_id="E0",
        execution_date=dt.date(2023, 6, 1),
        amount_minor=50_000_00,
        currency="USD",
    )
    onshore = Contract.objects.create(
        organisation=world.orgs.city,
        contract_id="C2",
        client_name="本地客户",
        client_country="CN",
        category=category,
        signed_date=dt.date(2024, 4, 1),
        amount_minor=20_000_00,
        currency="EUR",
    )
    Execution.objects.create(
        contract=onshore,
        execution_id="E2",
        execution_date=dt.date(2024, 5, 1),
        amount_minor=10_000_00,
        currency="EUR",
    )
    for organisation, year, staff in (
        (world.orgs.own, 2024, 100),
        (world.orgs.district, 2024, 50),
        (world.orgs.own, 2023, 80),
        (world.orgs.elsewhere, 2024, 30),
    ):
        OrganisationYear.objects.create(organisation=organisation, year=year, employees=staff)
    for username, code in (("gz_leader", "440100"), ("hz_leader", "330100")):
        account = type(world.users["leader"]).objects.create_user(username=username, password="pw")
        Profile.objects.create(user=account, role="leader", region=Region.objects.get(code=code))
        world.users[username] = account
    return world


def _by_key(figures):
    return {f.key: f for f in figures}


def _expected_guangzhou():
    """The Guangzhou figures of January-June 2024, by hand: each amount converted on its own
    with ``waibao.reporting.rates`` and then summed."""
    from waibao.reporting.rates import Rates

    rates = Rates.from_database()
    eur_executed = rates.usd_cents(10_000_00, "EUR", 2024)
    eur_signed = rates.usd_cents(20_000_00, "EUR", 2024)
    assert (eur_executed, eur_signed) == (1_098_592, 2_197_183)  # 10,000 × 7.8 / 7.1, half up
    executed = 3 * 70_000_00 + eur_executed
    return {
        "executed": executed,
        "signed": 3 * 100_000_00 + eur_signed,
        "offshore_share": format_ratio(Fraction(3 * 70_000_00, executed)),
        "yoy": format_ratio(Fraction(executed, 50_000_00) - 1),
    }


@pytest.mark.django_db
def test_the_cockpit_figures_equal_the_database(cockpit_world):
    from waibao.readmodel.cockpit import cockpit_for

    expected = _expected_guangzhou()
    cockpit = cockpit_for(cockpit_world.users["gz_leader"], today=TODAY)
    assert (cockpit.year, cockpit.month) == (2024, 6)  # the latest execution in scope
    year = _by_key(cockpit.year_figures)
    assert year["executed_usd"].value == format_fen(expected["executed"]) == "220985.92"
    assert year["executed_usd"].previous == "50000.00"
    assert year["executed_usd"].change == expected["yoy"] == "3.4197"
    assert year["signed_usd"].value == format_fen(expected["signed"])
    assert year["signed_usd"].previous == "60000.00"
    assert year["executed_usd_yoy"].value == expected["yoy"]
    assert year["offshore_share"].value == expected["offshore_share"] == "0.9503"
    assert year["enterprises_reporting"].value == 3
    assert year["enterprises_reporting"].previous == 1
    assert (year["employees"].value, year["employees"].previous) == (150, 80)
    # the trend: executed month by month, January to June
    assert year["executed_usd"].trend == ["0.00"] * 4 + ["10985.92", "210000.00"]
    month = _by_key(cockpit.month_figures)
    assert month["executed_usd"].value == "210000.00"
    assert month["executed_usd"].previous == "50000.00"
    assert month["signed_usd"].value == "0.00"
    assert month["offshore_share"].value == "1.0000"
    # the districts ranked by executed value, the chart in 亿美元
    assert [(d.name, d.executed_usd) for d in cockpit.districts] == [
        ("天河区", "140000.00"),
        ("越秀区", "80985.92"),
    ]
    assert cockpit.districts[0].chart_value == "0.001400"  # 140,000 US dollars in 亿美元
    assert cockpit.chart_data()["unit"] == "亿美元"


def _exact_on_page(html, cents):
    """The page writes an amount of 1万 or more in 万 with the exact value on hover."""
    return f'title="{int(cents) // 100:,}.{int(cents) % 100:02d}' in html


def _statistics_rows(html):
    """The statistics page's table as {header: cell text} rows (tags dropped, the exact
    amount of a 万/亿 cell taken from its hover title)."""
    table = re.search(r'<table class="indicators">(.*?)</table>', html, re.S).group(1)
    headers = re.findall(r"<th(?: [^>]*)?>(.*?)</th>", table)  # a figure's header has a class

    def text(cell):
        exact = re.search(r'title="([^"]+)"', cell)
        return exact.group(1) if exact else re.sub(r"<[^>]+>", "", cell)

    return [
        dict(zip(headers, [text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)], strict=True))
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("</thead>", 1)[1], re.S)
    ]


def _employment_rows(html):
    """The employment page's table as {code: {header: cell text}} ("" is the total)."""
    table = re.search(r'<table class="indicators employment">(.*?)</table>', html, re.S).group(1)
    head, body = table.split("</thead>", 1)
    headers = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<th[^>]*>(.*?)</th>", head)]
    rows = {}
    for code, row in re.findall(r'<tr[^>]*data-code="([^"]*)">(.*?)</tr>', body, re.S):
        cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)]
        rows[code] = dict(zip(headers, cells, strict=True))
    return rows


def _as_page_writes(figure):
    """A cockpit figure's value as the statistics page writes it."""
    from waibao import numbers_display

    if figure.kind in ("amount", "count"):  # amounts: the exact value the page's hover shows
        return numbers_display.grouped(figure.value)
    return numbers_display.percent(figure.value, signed=True)


COLUMNS = {
    "executed_usd": "执行额(美元)",
    "signed_usd": "签约合同额(美元)",
    "executed_usd_yoy": "执行额同比",
    "enterprises_reporting": "填报企业数(家)",
}


@pytest.mark.django_db
def test_each_drill_down_shows_the_same_figure_on_the_statistics_page(client, cockpit_world):
    from waibao.readmodel.cockpit import cockpit_for

    leader = cockpit_world.users["gz_leader"]
    client.force_login(leader)
    cockpit = cockpit_for(leader, today=TODAY)
    checked = 0
    for figures, pick in ((cockpit.year_figures, None), (cockpit.month_figures, "6")):
        for figure in figures:
            if figure.key == "employees":  # the employment query, a page of its own
                assert figure.link == "/statistics/employees/?year=2024"
                page = client.get(figure.link)
                assert page.status_code == 200
                total = _employment_rows(page.content.decode())[""]
                assert total["2024年"] == _as_page_writes(figure) == "150"
                assert total["2023年"] == "80" and total["同比增长"] == "+87.50%"
                checked += 1
                continue
            page = client.get(figure.link)
            assert page.status_code == 200, figure.link
            rows = _statistics_rows(page.content.decode())
            row = rows[0] if pick is None else next(r for r in rows if r["月份"] == pick)
            if figure.key == "offshore_share":  # the share of two amounts of the same row
                offshore, executed = (
                    parse(row[name].replace(",", ""))
                    for name in ("离岸执行额(美元)", "执行额(美元)")
                )
                assert figure.value == format_ratio(Fraction(offshore, executed))
            else:
                assert row[COLUMNS[figure.key]] == _as_page_writes(figure), figure.key
            checked += 1
    assert checked == 11
    rows = _statistics_rows(client.get(cockpit.districts_link).content.decode())
    assert [(r["区县"], r["执行额(美元)"]) for r in rows] == [
        ("越秀区", "80,985.92"),
        ("天河区", "140,000.00"),
    ]


@pytest.mark.django_db
def test_the_leaders_home_is_the_cockpit_of_their_city_only(client, cockpit_world):
    client.force_login(cockpit_world.users["gz_leader"])
    html = client.get("/").content.decode()
    assert 'class="cockpit"' in html and 'id="cockpit-data"' in html
    assert _exact_on_page(html, 220_985_92) and "天河区" in html
    assert "西湖区" not in html
    client.force_login(cockpit_world.users["hz_leader"])
    html = client.get("/").content.decode()
    assert "天河区" not in html and "西湖区" in html
    assert not _exact_on_page(html, 220_985_92)
    year = re.search(r'class="cockpit-figures cockpit-year">(.*?)</ul>', html, re.S).group(1)
    assert 'title="70,000.00美元">7.00万美元<' in year
    assert "/statistics/?year=2024&amp;through_month=6" in year


@pytest.mark.django_db
def test_the_current_targets_come_first_and_the_past_are_counted(cockpit_world):
    """Current: the target year is this year or later (waibao.stats.targets), soonest
    first; a leader without a region sees every jurisdiction's, a city leader its city's."""
    from waibao import jurisdictions as catalogue
    from waibao.readmodel.cockpit import current_targets
    from waibao.stats.targets import load_targets

    everything = load_targets()
    rows, past = current_targets(cockpit_world.users["leader"], this_year=2026)
    assert rows and all(row.target_year >= 2026 for row in rows)
    assert [row.target_year for row in rows] == sorted(row.target_year for row in rows)
    assert len(rows) == sum(t.target_year >= 2026 for t in everything)
    assert past == sum(t.target_year < 2026 for t in everything)
    assert all(row.progress is None or Decimal(row.progress) >= 0 for row in rows)

    city = {j.slug for j in catalogue.jurisdictions() if j.region == "4401"}
    theirs = [t for t in everything if t.jurisdiction in city]
    rows, past = current_targets(cockpit_world.users["gz_leader"], this_year=2026)
    assert len(rows) == sum(t.target_year >= 2026 for t in theirs)
    assert past == sum(t.target_year < 2026 for t in theirs)
    rows, past = current_targets(cockpit_world.users["gz_leader"], this_year=2010)
    assert [row.target_year for row in rows][:1] == [2010]  # the soonest first


@pytest.mark.django_db
def test_the_targets_page_lists_the_targets_still_to_reach_first(client, cockpit_world):
    """The page of every target: this year's and later ones first, then the past, each group
    in the order of the policy files."""
    from django.utils import timezone

    from waibao.stats.targets import load_targets

    this_year = timezone.localdate().year
    everything = load_targets()
    client.force_login(cockpit_world.users["leader"])  # no region: every jurisdiction
    html = client.get("/dashboard/targets/").content.decode()
    shown = re.findall(r'data-target="([^"]+)"', html)
    expected = [t.id for t in everything if t.target_year >= this_year]
    expected += [t.id for t in everything if t.target_year < this_year]
    assert shown == expected


@pytest.mark.django_db
def test_the_cockpit_shows_the_current_targets_with_progress(client, cockpit_world, monkeypatch):
    from django.utils import timezone

    from waibao.readmodel.cockpit import current_targets

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)  # 2026 targets
    leader = cockpit_world.users["leader"]
    rows, past = current_targets(leader, this_year=TODAY.year)
    client.force_login(leader)
    html = client.get("/").content.decode()
    table = re.search(r'class="cockpit-targets">(.*?)</table>', html, re.S).group(1)
    assert table.count("<tr>") - 1 == len(rows) > 0
    assert rows[0].phrase in table
    assert f"另有 {past} 项往年目标" in html


@pytest.mark.django_db
def test_beyond_eight_districts_the_rest_is_one_row_named_others(world):
    """The ranking names the largest eight and gathers the rest: a chart of every district
    labels only some of them."""
    from waibao.readmodel.cockpit import TOP_DISTRICTS, _districts

    items = [
        {"region_code": f"4401{n:02d}", "executed_usd": f"{n}00.00", "signed_usd": "1.00"}
        for n in range(1, 12)
    ]
    total = sum(n * 100_00 for n in range(1, 12))
    rows = _districts(items, "region_code", total)
    assert len(rows) == TOP_DISTRICTS + 1 == 9
    assert [row.code for row in rows[:2]] == ["440111", "440110"]
    assert rows[-1].code == "" and rows[-1].name == "其他(3个)"
    assert rows[-1].executed_usd == "600.00" and rows[-1].signed_usd == "3.00"  # 1 + 2 + 3
    assert sum(parse(row.executed_usd) for row in rows) == total
    assert rows[0].share == format_ratio(Fraction(1100_00, total))


def parse(text):
    from waibao.money import parse_fen

    return parse_fen(text)


@pytest.mark.django_db
def test_the_demo_warm_up_computes_the_leaders_cockpit_ahead(cockpit_world, monkeypatch):
    """After the warm-up a leader's cockpit is read from the cache: no statistics query runs."""
    from django.core.cache import cache
    from django.utils import timezone

    from waibao.portal.selectors import figures_warm
    from waibao.readmodel import statistics
    from waibao.readmodel.cockpit import cockpit_for

    cache.clear()
    leader = cockpit_world.users["gz_leader"]
    assert figures_warm([leader]) == 6  # dashboard, targets and cockpit, in two languages

    def refuse(prefix, query):
        raise AssertionError(f"computed again: {query}")

    monkeypatch.setattr(statistics, "_compute", refuse)
    assert cockpit_for(leader, today=timezone.localdate()).year_figures


@pytest.mark.django_db
def test_a_leader_of_everywhere_sees_cities_ranked(cockpit_world):
    """A province (or everywhere) is ranked by city, a city by district."""
    from waibao.readmodel.cockpit import cockpit_for

    cockpit = cockpit_for(cockpit_world.users["leader"], today=TODAY)  # no region
    assert cockpit.districts_by == "city" and "by=city" in cockpit.districts_link
    assert [(d.name, d.executed_usd) for d in cockpit.districts] == [
        ("广州市", "220985.92"),
        ("杭州市", "70000.00"),
    ]
    assert _by_key(cockpit.year_figures)["employees"].value == 180  # 150 + Hangzhou's 30


@pytest.mark.django_db
def test_the_employment_query_groups_by_district_or_city_within_the_leaders_region(
    client, cockpit_world
):
    """从业人员查询 by district for a city leader: that city's districts only, with how many
    firms reported; by city for a leader of everywhere; five years, "—" where none reported."""
    client.force_login(cockpit_world.users["gz_leader"])
    html = client.get("/statistics/employees/?year=2024&by=region_code").content.decode()
    rows = _employment_rows(html)
    assert set(rows) == {"", "440106"}  # Yuexiu reported no staff, Xihu is another city's
    assert rows["440106"]["区县"] == "天河区"
    assert rows["440106"]["2024年"] == "150" and rows["440106"]["2024年报送企业(家)"] == "2"
    assert [rows[""][f"{y}年"] for y in range(2020, 2025)] == ["—", "—", "—", "80", "150"]
    client.force_login(cockpit_world.users["leader"])  # no region: every city
    rows = _employment_rows(client.get("/statistics/employees/?year=2024&by=city").content.decode())
    assert {code: row["2024年"] for code, row in rows.items()} == {
        "": "180",
        "440100": "150",
        "330100": "30",
    }
    assert rows["330100"]["城市"] == "杭州市" and rows["330100"]["同比增长"] == "—"


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["year=20x9", "year=2024&by=client_country"])
def test_a_wrong_employment_query_is_refused_naming_the_parameter(client, cockpit_world, query):
    client.force_login(cockpit_world.users["gz_leader"])
    response = client.get(f"/statistics/employees/?{query}")
    assert response.status_code == 400
    assert query.rsplit("=", 1)[1] in response.content.decode()
