from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BureauTargetsConfig(AppConfig):
    name = "waibao.bureau_targets"
    label = "bureau_targets"
    verbose_name = _("主管部门录入的目标与实际值")
