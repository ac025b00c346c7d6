"""``DataVersion`` now belongs to the ``dataversion`` app (decision 0022): the portal forgets
the model, the table stays (``dataversion.0001`` takes it over under the same name)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0001_data_version'),
        ('dataversion', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='DataVersion')],
            database_operations=[],
        ),
    ]
