from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiTokensConfig(AppConfig):
    name = "waibao.apitokens"
    label = "apitokens"
    verbose_name = _("接口令牌")
    default_auto_field = "django.db.models.BigAutoField"
