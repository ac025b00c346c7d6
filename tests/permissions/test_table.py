"""The permission table covers every role and every kind of object, names only scope rules
that exist, and is the only place a role is decided: no app module compares a role itself
(issue 18 item 3, docs/decisions/0021-one-permission-table-and-year-bounds.md)."""

from __future__ import annotations

import re
from pathlib import Path

from waibao.accounts.models import Role
from waibao.permissions import objects, table

SRC = Path(__file__).resolve().parents[2] / "src" / "waibao"


def test_every_role_has_a_row_for_every_kind():
    assert set(table.TABLE) == set(table.ROLES)
    for role, row in table.TABLE.items():
        assert set(row) == set(table.KINDS), role


def test_every_account_role_is_in_the_table():
    assert {str(role) for role in Role.values} <= set(table.ROLES)


def test_every_scope_named_is_a_rule_that_is_evaluated():
    named = {
        scope for row in table.TABLE.values() for kind in row.values() for scope in kind.values()
    }
    assert named <= table.SCOPES
    assert set(table.SCOPES) == set(objects._RULES) | {table.REGION}


def test_every_kind_is_asked_of_by_some_role():
    for kind in table.KINDS:
        assert any(table.TABLE[role][kind] for role in table.ROLES), kind


def test_the_public_may_do_nothing_with_an_object():
    assert all(not actions for actions in table.TABLE[table.PUBLIC].values())


# A line decides a role when it compares one: a role name or constant next to ``==``, ``!=``
# or ``in``, or the superuser flag read to grant something.
ROLE_NAMES = "|".join(
    [*table.ACCOUNT_ROLES, "office", "unit_officer"]  # the plan roles as stored
)
DECIDES_A_ROLE = re.compile(
    rf"""(role\w*(\([^)]*\))?\s*(==|!=|not\ in|in)\s*[("{{]?\s*["']?({ROLE_NAMES})["']?"""
    rf"""|Role\.(ENTERPRISE|DISTRICT_REVIEWER|CITY_ADMIN|LEADER|ANALYST|SYSTEM_ADMIN"""
    rf"""|OFFICE|UNIT_OFFICER)\b"""
    rf"""|\.is_superuser\b)"""
)

# Where a role may still be named, and why.
ALLOWED = {
    "accounts/models.py": "declares the roles",
    "plans/models.py": "declares the plan roles",
    "security/": "authentication (second factor, admin-site flags), not access to objects",
    "portal/workbench.py": "which home page a role sees, and the users list's role column",
    "portal/users.py": "the users list shows each account's role and scope (display, not access)",
    "demo/": "demonstration data creates users of each role",
    "cli/": "commands that create users with a role",
}


def _decisions() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative.startswith("permissions/") or "/migrations/" in relative:
            continue
        if any(relative.startswith(prefix) for prefix in ALLOWED):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if DECIDES_A_ROLE.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    return found


def test_no_app_module_decides_a_role_itself():
    assert _decisions() == []


def test_the_check_sees_a_role_decided():
    for line in (
        'if permissions.role_of(user) == "enterprise":',
        "if profile.role != Role.CITY_ADMIN or profile.region_id != fund.city_code:",
        "    return user.is_superuser or x",
        'if profile.role in ("leader", "analyst"):',
    ):
        assert DECIDES_A_ROLE.search(line), line
