"""The access log refuses DELETE at the database too (``waibao.talent.triggers``)."""

from django.db import migrations

from waibao.talent import triggers


class Migration(migrations.Migration):
    dependencies = [("talent", "0002_access_log_append_only")]
    operations = [migrations.RunPython(triggers.install, triggers.remove)]
