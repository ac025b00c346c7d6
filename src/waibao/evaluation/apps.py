from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "waibao.evaluation"
    label = "evaluation"
    verbose_name = _("评价与认定")
    default_auto_field = "django.db.models.BigAutoField"
