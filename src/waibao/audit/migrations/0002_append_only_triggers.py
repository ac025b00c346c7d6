"""Refuse UPDATE and DELETE on audit records in the database itself (see waibao.audit.triggers)."""

from django.db import migrations

from waibao.audit import triggers


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(triggers.install, triggers.remove)]
