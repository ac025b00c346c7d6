"""A user's role and scope. One profile per user; a user without one is treated as public."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waibao.registry.models import Organisation, Region


class Role(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业用户")
    DISTRICT_REVIEWER = "district_reviewer", _("区县审核员")
    CITY_ADMIN = "city_admin", _("市级管理员")
    LEADER = "leader", _("领导")
    ANALYST = "analyst", _("统计分析员")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")


STAFF_ROLES = frozenset(
    {Role.DISTRICT_REVIEWER, Role.CITY_ADMIN, Role.LEADER, Role.ANALYST, Role.SYSTEM_ADMIN}
)


class Profile(models.Model):
    """``organisation`` scopes an enterprise user; ``region`` scopes staff: a district for a
    district reviewer, a city (code ending in 00) for city-level staff."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="waibao_profile"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )

    class Meta:
        verbose_name = _("用户角色")
        verbose_name_plural = _("用户角色")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="enterprise") | models.Q(organisation__isnull=False),
                name="enterprise_user_has_organisation",
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=["district_reviewer", "city_admin"])
                | models.Q(region__isnull=False),
                name="reviewer_and_city_admin_have_region",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES
