"""Fill Region with the shipped GB/T 2260 table (waibao/data/regions.csv)."""

from django.db import migrations


def load(apps, schema_editor):
    from waibao.registry.reference import regions_load

    regions_load(apps.get_model("registry", "Region"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
