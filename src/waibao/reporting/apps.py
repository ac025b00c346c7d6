from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "waibao.reporting"
    label = "reporting"
    verbose_name = _("业务统计填报")
