"""Regressions (issue 17 items 6 and 11): an appropriation of 92233720368547758.08 was a 500;
``publicity_days`` took 100,000. The bounds are in ``waibao.bounds``: the API answers 400 with
the amount's reason, or 422 naming the field, and the service (behind the form) refuses too."""

from __future__ import annotations

import pytest

from waibao.funds.errors import FundsError
from waibao.funds.services import budget_line_create, fund_clause_configure, fund_configure


@pytest.fixture
def line(world):
    return budget_line_create(
        fund=world.gz_fund, year=2010, source="pilot", source_name="试点", actor=world.gz_finance
    )


@pytest.mark.parametrize("amount", ["92233720368547758.08", "9" * 40, "1000000000000.01"])
def test_an_appropriation_past_the_bound_is_refused_with_its_reason(client, world, line, amount):
    client.force_login(world.gz_finance)
    response = client.post(
        f"/api/funds/lines/{line.pk}/appropriations",
        {"amount": amount},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content[:300]
    assert "金额超过上限 1000000000000.00" in response.json()["detail"]


def test_an_appropriation_at_the_bound_is_taken(client, world, line):
    client.force_login(world.gz_finance)
    response = client.post(
        f"/api/funds/lines/{line.pk}/appropriations",
        {"amount": "999999999999.99"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content[:300]


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("publicity_days", 100_000, False),
        ("publicity_days", 0, False),
        ("publicity_days", 91, False),
        ("publicity_days", 90, True),
        ("publicity_days", 1, True),
        ("district_review_days", 366, False),
        ("city_review_days", 365, True),
    ],
)
def test_fund_settings_are_bounded_in_the_api_and_the_service(client, world, field, value, ok):
    client.force_login(world.gz_admin)
    response = client.post(
        "/api/funds/funds/guangzhou-so-fund/configure",
        {field: value},
        content_type="application/json",
    )
    if ok:
        assert response.status_code == 200, response.content[:300]
        return
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["detail"]] == [field]
    label = {"publicity_days": "公示天数", "district_review_days": "区县初审时限"}[field]
    with pytest.raises(FundsError, match=label):
        fund_configure(fund=world.gz_fund, actor=world.gz_admin, **{field: value})


def test_a_clause_priority_is_bounded_in_the_service(world):
    with pytest.raises(FundsError, match="优先顺序"):
        fund_clause_configure(
            fund=world.gz_fund, clause="guangzhou.5.training", actor=world.gz_admin, priority=10**9
        )
