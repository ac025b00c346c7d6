"""Fill Category (shared-spec-2026) and ExchangeRate from waibao/data."""

from django.db import migrations


def load(apps, schema_editor):
    from waibao.reporting.reference import categories_load, exchange_rates_load

    categories_load(apps.get_model("reporting", "Category"))
    exchange_rates_load(apps.get_model("reporting", "ExchangeRate"))


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
