from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "waibao.publishing"
    label = "publishing"
    verbose_name = _("信息发布")
    default_auto_field = "django.db.models.BigAutoField"
