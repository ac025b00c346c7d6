"""The enterprise calculator shows the rules engine's exact amounts for the signed-in firm,
with explanation and clause text, and the reason for every clause that does not apply."""

from __future__ import annotations

import re

import pytest

XIHU = "91330106000000040D"  # the world's Hangzhou (Xihu) firm


@pytest.fixture
def hangzhou_firm(world, django_user_model):
    """The Xihu firm exporting USD 600,000 of software in 2009, and a user of its own."""
    from waibao.accounts.models import Profile
    from waibao.registry.models import OrganisationYear

    firm = world.orgs.elsewhere
    OrganisationYear.objects.create(
        organisation=firm, year=2009, software_export_usd_cents=600_000_00
    )
    user = django_user_model.objects.create_user(username="hz", password="pw")
    Profile.objects.create(user=user, role="enterprise", organisation=firm)
    return user


def _row(html: str, clause: str) -> str:
    match = re.search(rf'<tr[^>]*data-clause="{re.escape(clause)}".*?</tr>', html, re.S)
    assert match, f"no row for {clause}"
    return match.group(0)


@pytest.mark.django_db
def test_a_hangzhou_firm_exporting_usd_600000_in_2009_sees_200000_for_software_export(
    client, hangzhou_firm
):
    client.force_login(hangzhou_firm)
    html = client.get("/calculator/?year=2009").content.decode()
    row = _row(html, "hangzhou.12.software_export")
    assert "200000.00" in row
    assert "not-applicable" not in row
    assert "软件出口额 600,000.00 美元 ≥ 500,000.00 美元（含）" in row  # facts and arithmetic
    assert "软件出口奖励 · 杭州服务外包若干意见（十二）" in row  # the title first, the id second
    assert "关于促进杭州服务外包产业发展的若干意见（2007）(十二)" in row  # the citation
    assert "一次性奖励20万元" in row  # the clause text, in Simplified characters (decision 0033)


@pytest.mark.django_db
def test_the_same_firm_without_a_reported_export_sees_the_clause_as_not_applying_with_the_reason(
    client, hangzhou_firm
):
    client.force_login(hangzhou_firm)
    html = client.get("/calculator/?year=2010").content.decode()
    row = _row(html, "hangzhou.12.software_export")
    assert 'class="not-applicable"' in row
    assert "200000.00" not in row
    assert "缺少事实：软件出口额" in row  # the reason: the fact is unknown, named by its label
    english = _row(
        client.get("/en/calculator/?year=2010").content.decode(), "hangzhou.12.software_export"
    )
    assert "unknown fact: software_export_usd" in english


@pytest.mark.django_db
def test_an_enterprise_never_sees_another_firms_calculator(client, world, hangzhou_firm):
    client.force_login(world.users["enterprise"])
    assert client.get(f"/calculator/?year=2009&uscc={XIHU}").status_code == 404


@pytest.mark.django_db
def test_staff_in_scope_see_the_same_amount_for_a_firm_they_name(client, world, hangzhou_firm):
    client.force_login(world.users["analyst"])  # Zhejiang
    html = client.get(f"/calculator/?year=2009&uscc={XIHU.lower()}").content.decode()
    assert "200000.00" in _row(html, "hangzhou.12.software_export")


@pytest.mark.django_db
def test_the_api_gives_the_enterprise_its_own_rows_with_exact_amounts(client, hangzhou_firm):
    client.force_login(hangzhou_firm)
    body = client.get("/api/calculator/2009").json()
    assert (body["uscc"], body["year"]) == (XIHU, 2009)
    rows = {row["clause"]: row for row in body["rows"]}
    export = rows["hangzhou.12.software_export"]
    assert (export["applies"], export["amount_cny"], export["discretionary"]) == (
        True,
        "200000.00",
        False,
    )
    assert export["clause_text"] and export["citation"] and export["parameters"]
    assert all(row["reason"] for row in body["rows"] if not row["applies"])


@pytest.mark.django_db
def test_the_calculator_page_in_chinese_holds_no_english_words(client, hangzhou_firm):
    """Issue 21: the page's text (tags, attributes, the JSON path and the ids in <code> aside)
    has no run of two or more English words; the year without data gives the reasons too."""
    from english_words import english_runs

    def text_of(path: str) -> str:
        html = client.get(path).content.decode()
        body = re.sub(r"(?s)<(script|style|code)\b.*?</\1>", " ", html.split("<main", 1)[-1])
        return re.sub(r"<[^>]+>", " ", body)

    client.force_login(hangzhou_firm)
    for year in (2009, 2010):
        text = text_of(f"/calculator/?year={year}")
        assert not english_runs(text), english_runs(text)
    assert english_runs(text_of("/en/calculator/?year=2009"))  # the check does see the rows


@pytest.mark.django_db
@pytest.mark.parametrize("header", [None, "zh-hans", "zh-CN,zh;q=0.9,en;q=0.8"])
def test_the_calculator_api_speaks_chinese_by_default_and_for_zh(client, hangzhou_firm, header):
    from english_words import english_runs

    client.force_login(hangzhou_firm)
    extra = {"HTTP_ACCEPT_LANGUAGE": header} if header else {}
    for year in (2009, 2010):
        response = client.get(f"/api/calculator/{year}", **extra)
        assert response["Content-Language"] == "zh-hans"
        rows = response.json()["rows"]
        export = next(r for r in rows if r["clause"] == "hangzhou.12.software_export")
        assert export["title"].startswith("软件出口奖励 · ")
        for row in rows:
            for key in ("title", "explanation", "reason"):
                assert not english_runs(row[key] or ""), (row["clause"], key, row[key])


@pytest.mark.django_db
def test_the_calculator_api_speaks_english_when_asked(client, hangzhou_firm):
    client.force_login(hangzhou_firm)
    response = client.get("/api/calculator/2009", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]
    export = next(
        r for r in response.json()["rows"] if r["clause"] == "hangzhou.12.software_export"
    )
    assert "software exports USD 600000.00 >= USD 500000.00 (含)" in export["explanation"]
    assert export["title"].startswith("Software export reward · ")
    assert export["amount_cny"] == "200000.00"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "query", "expected"),
    [
        ("anonymous", "", 401),
        ("no_role", "", 403),
        ("leader", f"?uscc={XIHU}", 403),
        ("enterprise", "", 200),
        ("enterprise", f"?uscc={XIHU}", 404),
        ("district_reviewer", "", 400),
        ("district_reviewer", f"?uscc={XIHU}", 404),
        ("city_admin", f"?uscc={XIHU}", 404),
        ("analyst", f"?uscc={XIHU}", 200),
        ("system_admin", f"?uscc={XIHU}", 200),
        ("system_admin", "?uscc=91000000000000000X", 404),
    ],
)
def test_the_calculator_api_is_scoped_by_the_permission_module(client, world, who, query, expected):
    user = world.users[who]
    if user.is_authenticated:
        client.force_login(user)
    assert client.get(f"/api/calculator/2009{query}").status_code == expected


@pytest.mark.django_db
def test_one_firms_facts_are_its_record_among_the_whole_years(world, hangzhou_firm):
    from waibao.facts.from_db import facts_for_year

    whole_year = [r for r in facts_for_year(2009) if r["uscc"] == XIHU]
    assert facts_for_year(2009, uscc=XIHU) == whole_year
    assert whole_year and whole_year[0]["software_export_usd"] == "600000.00"


@pytest.mark.django_db
def test_the_calculator_links_the_years_the_firm_has_data_for(client, hangzhou_firm):
    client.force_login(hangzhou_firm)
    html = client.get("/calculator/?year=2009").content.decode()
    assert "<strong>2009</strong>" in html  # reported figures
    assert 'href="?year=2024"' in html  # the world's 2024 execution
    assert 'href="?year=2010"' not in html


@pytest.mark.django_db
def test_staff_find_a_firm_by_name_only_within_their_scope(client, world):
    client.force_login(world.users["district_reviewer"])  # Tianhe: two of the four
    html = client.get("/calculator/?year=2024&q=机构").content.decode()
    found = set(re.findall(r"uscc=([0-9A-Z]{18})", html))
    assert found == {world.orgs.own.uscc, world.orgs.district.uscc}


@pytest.mark.django_db
def test_without_a_year_the_calculator_opens_on_the_latest_year_the_funds_hold_claims_for(
    client, hangzhou_firm, world
):
    """A fund year pays the year before it: an enterprise opening the calculator lands where
    its 去申请 leads to a claim, not on last year's figures that no fund pays yet."""
    from django.utils import timezone

    from waibao.funds.models import FundEntitlement

    client.force_login(hangzhou_firm)
    last_year = timezone.localdate().year - 1
    opened = 'name="year" type="number" value="{}"'
    assert opened.format(last_year) in client.get("/calculator/").content.decode()
    FundEntitlement.objects.create(
        organisation=world.orgs.elsewhere,
        uscc=world.orgs.elsewhere.uscc,
        year=2009,
        clause="hangzhou.12.software_export",
        kind="reward",
        amount_fen=200_000_00,
        citation="test",
    )
    html = client.get("/calculator/").content.decode()
    assert opened.format(2009) in html
    assert "200000.00" in _row(html, "hangzhou.12.software_export")
    asked = client.get(f"/calculator/?year={last_year}").content.decode()
    assert opened.format(last_year) in asked  # a year asked for is kept
