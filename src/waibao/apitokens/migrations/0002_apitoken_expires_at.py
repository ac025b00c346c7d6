"""Every token expires. Tokens made before expiry existed get the default lifetime from now
(their clients keep working, then must renew); tokens of users who need a second factor are
revoked, because they were made without one (issue 17: a staff token skipped it). The column
becomes NOT NULL in 0003: PostgreSQL refuses to alter a table with the updates' trigger
events still pending in the same transaction."""

import datetime as dt

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

STAFF_ROLES = ("district_reviewer", "city_admin", "leader", "analyst", "system_admin")


def expire_and_revoke(apps, schema_editor):
    ApiToken = apps.get_model("apitokens", "ApiToken")
    now = timezone.now()
    expires = now + dt.timedelta(days=settings.WAIBAO_API_TOKEN_DAYS)
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=expires)
    staff = (
        models.Q(user__is_staff=True)
        | models.Q(user__is_superuser=True)
        | models.Q(user__waibao_profile__role__in=STAFF_ROLES)
    )
    ApiToken.objects.filter(staff, revoked_at__isnull=True).update(revoked_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("apitokens", "0001_initial"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="过期时间"),
        ),
        migrations.RunPython(expire_and_revoke, migrations.RunPython.noop),
    ]
