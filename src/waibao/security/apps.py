from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "waibao.security"
    label = "security"
    verbose_name = _("安全审计")

    def ready(self) -> None:
        from waibao.security import signals  # noqa: F401  (connects the audit receivers)
