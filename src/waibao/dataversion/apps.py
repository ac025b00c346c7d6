from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DataVersionConfig(AppConfig):
    name = "waibao.dataversion"
    label = "dataversion"
    verbose_name = _("数据版本")

    def ready(self) -> None:
        from waibao.dataversion.triggers import installed_after_migrate

        # Sent after every migrate (all apps migrated by then): a rebuilt table gets its triggers
        # back.
        post_migrate.connect(
            installed_after_migrate, sender=self, dispatch_uid="waibao-data-version"
        )
