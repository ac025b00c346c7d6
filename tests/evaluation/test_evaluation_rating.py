"""The key-enterprise rating and the top ten from reporting data, hand-computed; the top
ten's publication and its public page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from evaluation_helpers import D, contract, execution, organisation, year_row

from waibao.evaluation import selectors, services
from waibao.evaluation.models import Publication, RatingMethod
from waibao.reporting.models import ExchangeRate

pytestmark = pytest.mark.django_db


@pytest.fixture
def hangzhou_three(places, category):
    ExchangeRate.objects.update_or_create(
        currency="USD", year=2024, defaults={"cny_per_unit": Decimal("7.1"), "source": "test"}
    )
    a = organisation("91330106MA00000AXX", places["xihu"], name="甲")
    b = organisation("91330106MA00000BXX", places["xihu"], name="乙")
    c = organisation("91330106MA00000CXX", places["xihu"], name="丙")
    year_row(a, 2024, employees=100)
    year_row(b, 2024, employees=300)
    year_row(c, 2024, employees=200)
    ca = contract(a, category, "A1", D(2024, 1, 10), 1_000_000_00)  # USD 1,000,000
    execution(ca, "1", D(2024, 6, 1), 500_000_00)
    cb = contract(b, category, "B1", D(2024, 2, 1), 7_100_000_00, currency="CNY")  # = USD 1,000,000
    execution(cb, "1", D(2024, 6, 1), 14_200_000_00, currency="CNY")  # = USD 2,000,000
    contract(c, category, "C1", D(2023, 12, 31), 9_000_000_00)  # signed the year before
    return a, b, c


def test_the_key_enterprise_rating_converts_cny_at_the_yearly_rate_and_weights_30_30_40(
    hangzhou_three,
):
    method, ranked = selectors.rating_for("key_enterprise", "330100", 2024)
    assert method.version == "default-2026.1"
    # employees 100/300/200 -> 0, 1, 1/2; signed 1M/1M/0 -> 1, 1, 0; executed .5M/2M/0 -> 1/4, 1, 0
    # A: 30*0 + 30*1 + 40*1/4 = 40; B: 100; C: 30*1/2 = 15
    assert [(s.candidate.name, s.score_display) for s in ranked] == [
        ("乙", "100.00"),
        ("甲", "40.00"),
        ("丙", "15.00"),
    ]
    terms = {t["indicator"]: t for t in ranked[1].explanation(method)["terms"]}
    assert terms["contract_executed_usd"]["value"] == 500_000_00
    assert terms["contract_executed_usd"]["normalised"] == "1/4"


def test_a_configured_method_in_force_replaces_the_default(hangzhou_three):
    RatingMethod.objects.create(
        code="key_enterprise",
        version="粤2025",
        valid_from=D(2024, 1, 1),
        weights={"employees": 1},
        normalisation="percentile",
    )
    method, ranked = selectors.rating_for("key_enterprise", "330100", 2024)
    assert method.version == "粤2025"
    assert [(s.candidate.name, s.score_display) for s in ranked] == [
        ("乙", "100.00"),
        ("丙", "50.00"),
        ("甲", "0.00"),
    ]
    # Not yet in force for 2023's rating (evaluated at 2023-12-31).
    assert selectors.rating_for("key_enterprise", "330100", 2023)[0].version == "default-2026.1"


def test_a_rating_covers_only_the_enterprises_of_the_region(hangzhou_three, places):
    organisation("91440106MA00000DXX", places["tianhe"], name="广州企业")
    _, ranked = selectors.rating_for("key_enterprise", "330106", 2024)
    assert {s.candidate.name for s in ranked} == {"甲", "乙", "丙"}


def test_the_top_ten_lists_ten_of_eleven_with_the_default_method(places):
    for i in range(11):
        org = organisation(f"91330106MA0001{i:02d}XX", places["xihu"], name=f"企业{i:02d}")
        year_row(org, 2024, so_revenue_fen=(i + 1) * 1_000_00, tax_paid_fen=(i + 1) * 100_00)
    _, ranked = selectors.rating_for("top_ten", "330100", 2024)
    assert len(ranked) == 10
    assert ranked[0].candidate.name == "企业10"
    assert "企业00" not in {s.candidate.name for s in ranked}


def test_equal_scores_go_to_higher_taxes_then_earlier_founding(places):
    RatingMethod.objects.create(
        code="top_ten",
        version="t",
        valid_from=D(2020, 1, 1),
        weights={"so_revenue_cny": 1},
        size=2,
    )
    rows = [
        ("低税", 100, 50, D(2000, 1, 1)),
        ("高税", 100, 80, D(2015, 1, 1)),
        ("早成立", 100, 50, D(1999, 1, 1)),
        ("小", 10, 999, D(1990, 1, 1)),
    ]
    for n, (name, revenue, tax, founded) in enumerate(rows):
        org = organisation(f"91330106MA0002{n:02d}XX", places["xihu"], name=name, founded=founded)
        year_row(org, 2024, so_revenue_fen=revenue * 100, tax_paid_fen=tax * 100)
    _, ranked = selectors.rating_for("top_ten", "330100", 2024)
    assert [s.candidate.name for s in ranked] == ["高税", "早成立"]
    assert "tie-break" in ranked[1].tie_note


def test_the_published_top_ten_has_a_public_page_and_a_public_api(places, client):
    org = organisation("91330106MA000300XX", places["xihu"], name="先进企业")
    year_row(org, 2024, so_revenue_fen=100_00)
    publication = services.publication_publish(places["hangzhou"], 2024, D(2025, 3, 1))
    assert publication.entries[0]["uscc"] == org.uscc
    assert publication.method["version"] == "default-2026.1"
    page = client.get(f"/evaluation/publications/{publication.pk}/")
    assert page.status_code == 200
    assert "先进企业" in page.content.decode()
    assert client.get("/evaluation/publications/").status_code == 200
    listed = client.get("/api/evaluation/publications").json()
    assert listed[0]["entries"] == [{"rank": 1, "uscc": org.uscc, "name": "先进企业"}]
    services.publication_publish(places["hangzhou"], 2024, D(2025, 3, 2))
    assert Publication.objects.count() == 1  # republishing replaces the year's list


def test_designating_the_best_two_key_enterprises_gives_them_a_title_the_facts_carry(
    hangzhou_three, places
):
    from waibao.facts.from_db import facts_for_year
    from waibao.registry.models import Recognition

    publication = services.key_enterprises_designate(
        places["hangzhou"], 2024, 2, "municipal", D(2025, 2, 1)
    )
    assert [e["name"] for e in publication.entries] == ["乙", "甲"]
    titled = Recognition.objects.filter(kind="key_enterprise").values_list(
        "organisation__name", "level", "valid_until"
    )
    assert sorted(titled) == [
        ("乙", "municipal", D(2025, 12, 31)),
        ("甲", "municipal", D(2025, 12, 31)),
    ]
    kinds = {r["name"]: [x["kind"] for x in r["recognitions"]] for r in facts_for_year(2025)}
    assert kinds["乙"] == ["key_enterprise"]
    assert kinds["丙"] == []
    services.key_enterprises_designate(places["hangzhou"], 2024, 2, "municipal", D(2025, 2, 1))
    assert Recognition.objects.count() == 2


def test_a_configured_method_with_an_unknown_indicator_is_refused_not_silently_zero(places):
    from django.core.exceptions import ValidationError

    from waibao.evaluation.scoring import MethodError

    row = RatingMethod(
        code="top_ten", version="bad", valid_from=D(2020, 1, 1), weights={"profit": 1}
    )
    with pytest.raises(ValidationError, match="没有指标“profit”"):
        row.full_clean()
    row.save()
    with pytest.raises(MethodError, match="没有指标"):
        selectors.rating_for("top_ten", "330100", 2024)


def test_an_entered_scorecard_value_above_its_weight_is_refused(places):
    from django.core.exceptions import ValidationError

    from waibao.evaluation.models import ScorecardValue

    value = ScorecardValue(
        city=places["wenzhou"], year=2024, indicator="costs", points=Decimal("10.01"), source="s"
    )
    with pytest.raises(ValidationError, match="0 to 10 points"):
        value.full_clean()
    value.points = Decimal("10")
    value.full_clean()
