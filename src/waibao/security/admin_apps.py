"""``django.contrib.admin`` with its default site replaced by one whose login page is ours."""

from django.contrib.admin.apps import AdminConfig


class SecureAdminConfig(AdminConfig):
    default_site = "waibao.security.admin_site.SecureAdminSite"
