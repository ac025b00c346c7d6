from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "waibao.policy"
    label = "policy"
    verbose_name = _("政策参数设置")
