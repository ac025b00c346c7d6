"""Who may do what to a fund's applications: business rules, so they live here, not in views.

Rules, in the order they are checked:

1. An actor without a ``Profile`` (or anonymous) may do nothing but read public 公示 pages.
2. An enterprise user acts only for its own organisation (``profile.organisation``).
3. A district reviewer reviews only applications of organisations in its district
   (``profile.region`` is the organisation's region).
4. A city admin runs only the funds of its city (``profile.region`` is ``fund.city_code``)
   and reviews only applications of organisations in that city. A provincial fund (a
   province's text, ``city_code`` the province's 6-digit code) is run by the admin of the
   province's region, and covers the organisations of every city of the province.
5. Nobody decides on an application of their own organisation or one they submitted: not
   the reviews, nor the resolution of its objections, its final approval, its commitment
   or its release.
"""

from __future__ import annotations

from typing import Any

from waibao.accounts.models import Profile, Role
from waibao.funds.errors import Forbidden
from waibao.funds.models import Application, Fund
from waibao.registry.models import Organisation


def profile_of(actor: Any) -> Profile | None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return Profile.objects.select_related("region", "organisation").filter(user=actor).first()


def _require_profile(actor: Any) -> Profile:
    profile = profile_of(actor)
    if profile is None:
        raise Forbidden("this needs a signed-in user with a Waibao role")
    return profile


def require_enterprise_of(actor: Any, organisation: Organisation) -> Profile:
    profile = _require_profile(actor)
    if profile.role != Role.ENTERPRISE or profile.organisation_id != organisation.pk:
        raise Forbidden(f"only a user of {organisation.name} may do this for it")
    return profile


def require_city_admin_of(actor: Any, fund: Fund) -> Profile:
    profile = _require_profile(actor)
    if profile.role != Role.CITY_ADMIN or profile.region_id != fund.city_code:
        raise Forbidden(f"only a city admin of {fund.city_code} may do this for {fund.name}")
    return profile


def _require_not_own(actor: Any, profile: Profile, application: Application) -> None:
    if (
        profile.organisation_id is not None
        and profile.organisation_id == application.organisation_id
    ):
        raise Forbidden("nobody reviews an application of their own organisation")
    if application.submitted_by_id is not None and application.submitted_by_id == actor.pk:
        raise Forbidden("nobody reviews an application they submitted")


def require_district_reviewer_of(actor: Any, application: Application) -> Profile:
    profile = _require_profile(actor)
    if profile.role != Role.DISTRICT_REVIEWER:
        raise Forbidden("district review needs a district reviewer")
    if profile.region_id != application.organisation.region_id:
        raise Forbidden(
            f"a reviewer of {profile.region_id} may not review an organisation of "
            f"{application.organisation.region_id}"
        )
    _require_not_own(actor, profile, application)
    return profile


def require_city_reviewer_of(actor: Any, application: Application) -> Profile:
    profile = require_city_admin_of(actor, application.fund)
    if not application.fund.covers_region(application.organisation.region_id):
        raise Forbidden("a city admin reviews only organisations of its city")
    _require_not_own(actor, profile, application)
    return profile
