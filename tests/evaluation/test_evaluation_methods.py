"""The city administrator edits the rating methods (广东 八 key enterprises, 杭州 二十四 top
ten): a new dated version per change, audited, the ranking recomputed and the change
explained; every role's access to the page and the API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from evaluation_helpers import D, contract, execution, organisation, year_row

from waibao.audit.models import AuditRecord
from waibao.evaluation import selectors, services
from waibao.evaluation.models import RatingMethod
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
    ca = contract(a, category, "A1", D(2024, 1, 10), 1_000_000_00)
    execution(ca, "1", D(2024, 6, 1), 500_000_00)
    cb = contract(b, category, "B1", D(2024, 2, 1), 1_000_000_00)
    execution(cb, "1", D(2024, 6, 1), 2_000_000_00)
    return a, b, c


def _names(code, region, year):
    return [s.candidate.name for s in selectors.rating_for(code, region, year)[1]]


def test_a_change_is_a_new_dated_version_that_reranks_and_explains_itself(
    hangzhou_three, places, django_user_model
):
    admin = django_user_model.objects.create_user("hz_admin", password="pw")
    # Default 30/30/40: 乙 100, 甲 40 (signed 1, executed 1/4), 丙 15 (employees 1/2).
    assert _names("key_enterprise", "330100", 2024) == ["乙", "甲", "丙"]
    row = services.rating_method_change(
        admin,
        places["hangzhou"],
        "key_enterprise",
        weights={"employees": 100, "contract_signed_usd": 0},
        valid_from=D(2024, 1, 1),
        reason="以员工规模为主",
    )
    assert (row.city_id, row.valid_from, row.weights) == (
        "330100",
        D(2024, 1, 1),
        {"employees": 100},
    )
    assert row.changed_by == admin and row.note == "以员工规模为主"
    # Employees 100/300/200 -> 0, 1, 1/2.
    assert _names("key_enterprise", "330100", 2024) == ["乙", "丙", "甲"]
    assert _names("key_enterprise", "330106", 2024) == ["乙", "丙", "甲"]  # a district of it
    change = row.change
    assert change["year"] == 2024 and change["moved"] == 2
    assert {(w["indicator"], w["before"], w["after"]) for w in change["weights_changed"]} == {
        ("employees", 30, 100),
        ("contract_signed_usd", 30, 0),
        ("contract_executed_usd", 40, 0),
    }
    moves = {
        m["name"]: (m["rank_before"], m["rank_after"], m["score_after"]) for m in change["ranking"]
    }
    assert moves == {"乙": (1, 1, "100.00"), "甲": (2, 3, "0.00"), "丙": (3, 2, "50.00")}
    assert change["summary"].endswith("2 of 3 enterprises change rank in 2024")
    record = AuditRecord.objects.get(action="rating_method.change")
    assert (record.object_id, record.reason, record.to_state) == (
        str(row.pk),
        "以员工规模为主",
        row.version,
    )
    assert record.from_state == "default-2026.1"
    assert record.payload["after"]["weights"] == {"employees": 100}
    # Another city keeps the default; a later version supersedes without editing the first.
    assert selectors.method_in_force("key_enterprise", D(2024, 12, 31), "330300").version == (
        "default-2026.1"
    )
    second = services.rating_method_change(
        admin,
        places["hangzhou"],
        "key_enterprise",
        weights={"contract_executed_usd": 1},
        valid_from=D(2024, 6, 1),
        reason="改为执行额",
    )
    assert second.version != row.version and second.change["before"]["version"] == row.version
    row.refresh_from_db()
    assert row.weights == {"employees": 100}
    assert _names("key_enterprise", "330100", 2024) == ["乙", "甲", "丙"]


def test_a_change_dated_next_year_leaves_this_year_s_ranking_alone(hangzhou_three, places):
    services.rating_method_change(
        None,
        places["hangzhou"],
        "key_enterprise",
        weights={"employees": 1},
        valid_from=D(2025, 1, 1),
        reason="2025年起",
    )
    assert _names("key_enterprise", "330100", 2024) == ["乙", "甲", "丙"]


def test_the_top_ten_change_says_who_enters_and_leaves_the_list(hangzhou_three, places):
    row = services.rating_method_change(
        None,
        places["hangzhou"],
        "top_ten",
        weights={"so_revenue_cny": 1},
        valid_from=D(2024, 1, 1),
        reason="名额缩为1",
        size=1,
    )
    assert row.size == 1 and row.change["after"]["size"] == 1
    assert row.change["enters_list"] == []
    assert len(row.change["leaves_list"]) == 2  # three fitted in ten; one fits in one


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": " "}, "修改评价方法须说明理由"),
        ({"weights": {"height": 5}}, "没有指标“height”"),
        ({"weights": {"employees": 0}}, "至少一个指标的权重须大于 0"),
        ({"weights": {"employees": -1}}, "从业人员数的权重须为不小于 0 的整数"),
        ({"normalisation": "z_score"}, "没有标准化方法“z_score”"),
        ({"code": "best_ever"}, "没有评价方法“best_ever”"),
    ],
)
def test_a_bad_change_is_refused_and_nothing_is_stored(places, changes, message):
    arguments = {
        "code": "key_enterprise",
        "weights": {"employees": 1},
        "valid_from": D(2024, 1, 1),
        "reason": "理由",
    } | changes
    code = arguments.pop("code")
    with pytest.raises(ValidationError, match=message):
        services.rating_method_change(None, places["hangzhou"], code, **arguments)
    assert not RatingMethod.objects.exists() and not AuditRecord.objects.exists()


def test_only_a_city_has_methods_of_its_own(places):
    with pytest.raises(ValidationError, match="不是地级市"):
        services.rating_method_change(
            None,
            places["xihu"],
            "key_enterprise",
            weights={"employees": 1},
            valid_from=D(2024, 1, 1),
            reason="区县",
        )


# --- the API for every role (the page's cells are in tests/portal/test_pages_by_role.py) ---

ROLES = (
    "anonymous",
    "no_role",
    "enterprise",
    "district_reviewer",
    "city_admin",
    "leader",
    "analyst",
    "system_admin",
    "superuser",
    "inactive_admin",
)
#                 anon  none ent  distr city lead anal sys  super inactive
API_OWN_CITY = dict(zip(ROLES, (401, 404, 404, 404, 200, 404, 404, 200, 200, 401), strict=True))


def _client(world, role):
    client = Client()
    user = world.users[role]
    if user.is_authenticated:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_the_methods_api_answers_each_role_exactly(world, role):
    client = _client(world, role)
    assert client.get("/api/evaluation/methods/440100").status_code == API_OWN_CITY[role]
    body = {
        "code": "top_ten",
        "weights": {"tax_paid_cny": 1},
        "valid_from": "2024-01-01",
        "reason": "只看纳税",
    }
    response = client.post("/api/evaluation/methods/440100", body, content_type="application/json")
    assert response.status_code == API_OWN_CITY[role]
    assert RatingMethod.objects.exists() == (API_OWN_CITY[role] == 200)


def test_a_district_or_unknown_code_has_no_methods_page(world):
    client = _client(world, "system_admin")
    assert client.get("/evaluation/methods/440106/").status_code == 404
    assert client.get("/api/evaluation/methods/440000").status_code == 404
    assert client.get("/evaluation/methods/999900/").status_code == 404


def test_the_page_saves_a_version_and_shows_what_changed(world):
    client = _client(world, "city_admin")
    page = client.get("/evaluation/methods/440100/").content.decode()
    assert 'name="weight_contract_executed_usd"' in page and 'name="weight_tax_paid_cny"' in page
    form = {
        "code": "key_enterprise",
        "weight_employees": "1",
        "weight_contract_signed_usd": "0",
        "weight_contract_executed_usd": "3",
        "normalisation": "percentile",
        "valid_from": "2024-01-01",
        "reason": "执行额为重",
    }
    response = client.post("/evaluation/methods/440100/", form)
    assert response.status_code == 302
    row = RatingMethod.objects.get()
    assert response["Location"] == f"/evaluation/methods/440100/?changed={row.pk}"
    assert row.weights == {"employees": 1, "contract_executed_usd": 3}
    assert row.normalisation == "percentile" and row.changed_by == world.users["city_admin"]
    shown = client.get(response["Location"]).content.decode()
    assert row.change["summary"] in shown and "执行额为重" in shown
    assert world.orgs.city.uscc in shown  # the recomputed ranking lists the city's enterprises


def test_the_page_refuses_a_bad_form_with_the_reason(world):
    client = _client(world, "city_admin")
    bad = {
        "code": "key_enterprise",
        "weight_employees": "x",
        "valid_from": "2024-01-01",
        "reason": "r",
    }
    response = client.post("/evaluation/methods/440100/", bad)
    said = "从业人员数的权重须为不小于 0 的整数，不能是“x”"
    assert response.status_code == 400 and said in response.content.decode()
    no_reason = {"code": "key_enterprise", "weight_employees": "1", "valid_from": "2024-01-01"}
    response = client.post("/evaluation/methods/440100/", no_reason)
    assert response.status_code == 400 and "修改评价方法须说明理由" in response.content.decode()
    english = client.post("/en/evaluation/methods/440100/", bad)
    said = "The weight of employees must be a whole number ≥ 0, not “x”"
    assert english.status_code == 400 and said in english.content.decode()
    assert not RatingMethod.objects.exists()


def test_the_rating_page_links_to_the_methods_for_whoever_may_change_them(world):
    link = 'href="/evaluation/methods/440100/"'
    page = _client(world, "city_admin").get("/evaluation/rating/top_ten/440106/2024/")
    assert link in page.content.decode()
    page = _client(world, "leader").get("/evaluation/rating/top_ten/440106/2024/")
    assert page.status_code == 200 and link not in page.content.decode()


def test_a_city_s_own_version_is_read_only_in_the_admin(places):
    from django.contrib import admin
    from django.test import RequestFactory

    from waibao.evaluation.admin import RatingMethodAdmin

    own = services.rating_method_change(
        None,
        places["hangzhou"],
        "key_enterprise",
        weights={"employees": 1},
        valid_from=D(2024, 1, 1),
        reason="理由",
    )
    everywhere = RatingMethod.objects.create(
        code="key_enterprise", version="all", valid_from=D(2024, 1, 1), weights={"employees": 1}
    )
    request = RequestFactory().get("/admin/")
    request.user = type(
        "Root", (), {"is_active": True, "is_superuser": True, "has_perm": lambda *a: True}
    )()
    model_admin = RatingMethodAdmin(RatingMethod, admin.site)
    assert not model_admin.has_change_permission(request, own)
    assert not model_admin.has_delete_permission(request, own)
    assert model_admin.has_change_permission(request, everywhere)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"valid_from": D(9999, 12, 31)}, "启用日期 9999-12-31 不在 1900-01-01 至 2100-12-31 之间"),
        ({"size": 10**20}, "超过上限 10,000,000"),
        ({"weights": {"employees": 10**20}}, "从业人员数的权重 1000000000000000000"),
        ({"weights": {"employees": 1001}}, "从业人员数的权重 1001 超过上限 1000"),
    ],
)
def test_a_method_out_of_bounds_is_refused_as_in_the_api(
    hangzhou_three, places, django_user_model, changes, problem
):
    """Regression (issue 17 item 6): the methods form passed 9999-12-31, a list size and
    weights of any size to the service; the API's types bound them, the service now too."""
    from django.core.exceptions import ValidationError

    admin = django_user_model.objects.create_user("hz_admin", password="pw")
    arguments = {
        "weights": {"employees": 100},
        "valid_from": D(2024, 1, 1),
        "reason": "r",
        **changes,
    }
    with pytest.raises(ValidationError, match=problem):
        services.rating_method_change(admin, places["hangzhou"], "key_enterprise", **arguments)
