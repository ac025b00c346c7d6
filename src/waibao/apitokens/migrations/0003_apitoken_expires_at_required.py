"""Every token has an expiry (0002 gave the older ones theirs)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("apitokens", "0002_apitoken_expires_at")]

    operations = [
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="过期时间"),
        ),
    ]
