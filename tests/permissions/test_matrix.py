"""The permission matrix: every action for every role, on nothing in particular and on the
enterprise's own organisation, one in its district, one elsewhere in its city, one in another
province. ``Y``/``N`` per column: (no object, own, same district, same city, elsewhere).

The analyst is scoped to 浙江省 (330000) and the leader to nothing (every jurisdiction), so
the province prefix and the unscoped case are both exercised."""

from __future__ import annotations

import pytest

from waibao import permissions

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
ALL, NONE = "YYYYY", "NNNNN"

EXPECTED = {
    "view_home": dict.fromkeys(ROLES, ALL),
    "view_regions": dict.fromkeys(ROLES, ALL),
    "view_parks": dict.fromkeys(ROLES, ALL),
    "view_api_docs": dict.fromkeys(ROLES, ALL),
    "view_publications": dict.fromkeys(ROLES, ALL),
    "view_organisation": {
        "enterprise": "YYNNN",
        "district_reviewer": "YYYNN",
        "city_admin": "YYYYN",
        "leader": ALL,
        "analyst": "YNNNY",
    },
    "change_organisation": {"enterprise": "YYNNN", "city_admin": "YYYYN"},
    "submit_report": {"enterprise": "YYNNN"},
    "apply_recognition": {"enterprise": "YYNNN"},
    "view_contract": {
        "enterprise": "YYNNN",
        "district_reviewer": "YYYNN",
        "city_admin": "YYYYN",
        "analyst": "YNNNY",
    },
    "review_application": {"district_reviewer": "YYYNN", "city_admin": "YYYYN"},
    "view_dashboard": {
        "district_reviewer": "YYYNN",
        "city_admin": "YYYYN",
        "leader": ALL,
        "analyst": "YNNNY",
    },
    "view_statistics": {
        "district_reviewer": "YYYNN",
        "city_admin": "YYYYN",
        "leader": ALL,
        "analyst": "YNNNY",
    },
    "export_statistics": {"city_admin": "YYYYN", "analyst": "YNNNY"},
    # the funds list: every role (issue 17: a user without a role read it)
    "view_funds": {
        "enterprise": "YYNNN",
        "district_reviewer": "YYYNN",
        "city_admin": "YYYYN",
        "leader": ALL,
        "analyst": "YNNNY",
    },
    "configure_policy": {"city_admin": "YYYYN"},
    "manage_users": {},
}
for row in EXPECTED.values():
    row.setdefault("system_admin", ALL)
    row.setdefault("superuser", ALL)
    for role in ROLES:
        row.setdefault(role, NONE)

CASES = [(action, role) for action in EXPECTED for role in ROLES]


def test_the_matrix_covers_every_action_of_the_module():
    assert set(EXPECTED) == permissions.ACTIONS


@pytest.mark.parametrize(("action", "role"), CASES, ids=[f"{a}-by-{r}" for a, r in CASES])
def test_each_role_may_do_each_action_only_within_its_scope(world, action, role):
    user = world.users[role]
    orgs = world.orgs
    targets = [None, orgs.own, orgs.district, orgs.city, orgs.elsewhere]
    if action == "view_contract":
        targets = [None] + [o.contracts.get() for o in targets[1:]]
    got = "".join("Y" if permissions.can(user, action, t) else "N" for t in targets)
    assert got == EXPECTED[action][role]


def test_an_execution_is_judged_by_its_contracts_organisation(world):
    own = world.orgs.own.contracts.get().executions.get()
    other = world.orgs.district.contracts.get().executions.get()
    assert permissions.can(world.users["enterprise"], "view_contract", own)
    assert not permissions.can(world.users["enterprise"], "view_contract", other)
    assert permissions.can(world.users["district_reviewer"], "view_contract", other)


def test_an_unknown_action_is_a_programming_error_not_a_silent_no(world):
    with pytest.raises(ValueError, match="unknown action"):
        permissions.can(world.users["system_admin"], "launch_rockets")


@pytest.mark.parametrize(
    ("code", "prefix"), [("440106", "440106"), ("440100", "4401"), ("440000", "44"), (None, "")]
)
def test_a_region_covers_the_codes_under_it(code, prefix):
    assert permissions.region_prefix(code) == prefix


# can_in_region: (guangzhou city 440100, tianhe district 440106, zhejiang province 330000)
REGION_EXPECTED = {
    "view_statistics": {
        "district_reviewer": "NYN",
        "city_admin": "YYN",
        "leader": "YYY",
        "analyst": "NNY",
        "system_admin": "YYY",
        "superuser": "YYY",
    },
    "configure_policy": {"city_admin": "YYN", "system_admin": "YYY", "superuser": "YYY"},
    "view_publications": dict.fromkeys(ROLES, "YYY"),
}
REGION_CASES = [(action, role) for action in REGION_EXPECTED for role in ROLES]


@pytest.mark.parametrize(
    ("action", "role"), REGION_CASES, ids=[f"{a}-in-region-by-{r}" for a, r in REGION_CASES]
)
def test_a_whole_region_is_granted_only_inside_the_users_scope(world, action, role):
    got = "".join(
        "Y" if permissions.can_in_region(world.users[role], action, code) else "N"
        for code in ("440100", "440106", "330000")
    )
    assert got == REGION_EXPECTED[action].get(role, "NNN")
