from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "waibao.security"
    label = "security"
    verbose_name = _("安全审计")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from waibao.security import signals  # noqa: F401  (connects the audit receivers)
        from waibao.security.files import sqlite_files_private

        connection_created.connect(sqlite_files_private, dispatch_uid="waibao.sqlite_private")
