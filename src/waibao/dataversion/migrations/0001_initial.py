"""``DataVersion`` moves from the portal app to this one (decision 0022): Django's record of
the model changes, the table ``portal_dataversion`` (made by ``portal.0001``) stays as it is."""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('portal', '0001_data_version'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DataVersion',
                    fields=[
                        ('table', models.CharField(max_length=63, primary_key=True, serialize=False)),
                        ('version', models.BigIntegerField(default=0)),
                    ],
                    options={'db_table': 'portal_dataversion'},
                ),
            ],
            database_operations=[],
        ),
    ]
