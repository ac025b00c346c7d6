from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "waibao.plans"
    label = "plans"
    verbose_name = _("工作方案与督办")
