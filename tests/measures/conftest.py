from __future__ import annotations

from types import SimpleNamespace

import pytest

from access_world import world  # noqa: F401  (the shared fixture: one user per role)


@pytest.fixture
def register(world):  # noqa: F811
    """Three records: two of the Guangzhou text (one naming the enterprise's own organisation
    in Tianhe, one a Yuexiu organisation) and one of the Hangzhou text in Xihu, no
    organisation; made by the system administrator through the service."""
    import datetime as dt

    from waibao.measures import services
    from waibao.registry.models import Region

    admin = world.users["system_admin"]

    def record(measure, **fields):
        entry = services.RecordInput(
            measure=measure, recorded_on=dt.date(2024, 5, 1), description="核定", **fields
        )
        return services.record_create(user=admin, entry=entry)

    return SimpleNamespace(
        own=record("guangzhou.18.registration_marker", organisation=world.orgs.own),
        city=record("guangzhou.18.registration_marker", organisation=world.orgs.city),
        hangzhou=record("hangzhou.16.training_base", region=Region.objects.get(code="330106")),
    )
