"""Queryset scoping gives each role exactly the rows ``can`` allows it to see."""

from __future__ import annotations

import pytest

from waibao import permissions

VISIBLE = {
    "anonymous": set(),
    "no_role": set(),
    "enterprise": {"own"},
    "district_reviewer": {"own", "district"},
    "city_admin": {"own", "district", "city"},
    "leader": {"own", "district", "city", "elsewhere"},
    "analyst": {"elsewhere"},
    "system_admin": {"own", "district", "city", "elsewhere"},
    "superuser": {"own", "district", "city", "elsewhere"},
    "inactive_admin": set(),
}
CONTRACTS_VISIBLE = {**VISIBLE, "leader": set()}


def _names(world, organisation_ids):
    return {name for name, org in vars(world.orgs).items() if org.pk in organisation_ids}


@pytest.mark.parametrize("role", VISIBLE)
def test_scope_organisations_keeps_what_the_role_may_see(world, role):
    from waibao.registry.models import Organisation

    qs = permissions.scope_organisations(world.users[role], Organisation.objects.all())
    assert _names(world, set(qs.values_list("pk", flat=True))) == VISIBLE[role]


@pytest.mark.parametrize("role", CONTRACTS_VISIBLE)
def test_scope_contracts_and_executions_keep_what_the_role_may_see(world, role):
    from waibao.reporting.models import Contract, Execution

    user = world.users[role]
    contracts = permissions.scope_contracts(user, Contract.objects.all())
    executions = permissions.scope_executions(user, Execution.objects.all())
    assert (
        _names(world, set(contracts.values_list("organisation_id", flat=True)))
        == (CONTRACTS_VISIBLE[role])
    )
    assert (
        _names(world, set(executions.values_list("contract__organisation_id", flat=True)))
        == (CONTRACTS_VISIBLE[role])
    )


@pytest.mark.parametrize("role", VISIBLE)
def test_scoping_agrees_with_can_for_every_organisation(world, role):
    from waibao.registry.models import Organisation

    user = world.users[role]
    scoped = set(permissions.scope_organisations(user, Organisation.objects.all()))
    for organisation in Organisation.objects.all():
        assert (organisation in scoped) == permissions.can(user, "view_organisation", organisation)
