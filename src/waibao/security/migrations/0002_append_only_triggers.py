"""Database triggers: the security log and the configuration-change registry are append-only
below the application too. Security events may be deleted only once older than 180 days
(网络安全法 第二十一条), which is what ``waibao security purge-events`` does."""

from django.db import migrations

RETENTION_DAYS = 180

SQLITE = [
    """CREATE TRIGGER security_event_no_update BEFORE UPDATE ON security_securityevent
    BEGIN SELECT RAISE(ABORT, 'security events are append-only'); END""",
    f"""CREATE TRIGGER security_event_retention BEFORE DELETE ON security_securityevent
    WHEN OLD.at >= datetime('now', '-{RETENTION_DAYS} days')
    BEGIN SELECT RAISE(ABORT, 'security events are kept {RETENTION_DAYS} days'); END""",
    """CREATE TRIGGER security_change_no_update BEFORE UPDATE ON security_configurationchange
    BEGIN SELECT RAISE(ABORT, 'configuration changes are append-only'); END""",
    """CREATE TRIGGER security_change_no_delete BEFORE DELETE ON security_configurationchange
    BEGIN SELECT RAISE(ABORT, 'configuration changes are append-only'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS security_event_no_update",
    "DROP TRIGGER IF EXISTS security_event_retention",
    "DROP TRIGGER IF EXISTS security_change_no_update",
    "DROP TRIGGER IF EXISTS security_change_no_delete",
]

POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION security_event_guard() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'security events are append-only' USING ERRCODE = 'restrict_violation';
      END IF;
      IF OLD.at >= now() - interval '{RETENTION_DAYS} days' THEN
        RAISE EXCEPTION 'security events are kept {RETENTION_DAYS} days'
          USING ERRCODE = 'restrict_violation';
      END IF;
      RETURN OLD;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER security_event_guard BEFORE UPDATE OR DELETE ON security_securityevent
    FOR EACH ROW EXECUTE FUNCTION security_event_guard()""",
    """CREATE OR REPLACE FUNCTION security_change_guard() RETURNS trigger AS $$
    BEGIN
      RAISE EXCEPTION 'configuration changes are append-only' USING ERRCODE = 'restrict_violation';
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER security_change_guard BEFORE UPDATE OR DELETE
    ON security_configurationchange FOR EACH ROW EXECUTE FUNCTION security_change_guard()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS security_event_guard ON security_securityevent",
    "DROP FUNCTION IF EXISTS security_event_guard()",
    "DROP TRIGGER IF EXISTS security_change_guard ON security_configurationchange",
    "DROP FUNCTION IF EXISTS security_change_guard()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("security", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
