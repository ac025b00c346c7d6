"""The access log refuses UPDATE at the database, not only in the model (PIPL 第55条 records).

DELETE was refused by the model only; migration 0003 refuses it at the database too
(``waibao.talent.triggers``, issue 17 item 11).
"""

from django.db import migrations

SQLITE = """
CREATE TRIGGER talent_accesslog_no_update BEFORE UPDATE ON talent_accesslog
BEGIN SELECT RAISE(ABORT, 'talent_accesslog is append-only'); END;
"""
SQLITE_REVERSE = "DROP TRIGGER IF EXISTS talent_accesslog_no_update;"

POSTGRES = """
CREATE OR REPLACE FUNCTION talent_accesslog_refuse_update() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'talent_accesslog is append-only'; END; $$ LANGUAGE plpgsql;
CREATE TRIGGER talent_accesslog_no_update BEFORE UPDATE ON talent_accesslog
FOR EACH ROW EXECUTE FUNCTION talent_accesslog_refuse_update();
"""
POSTGRES_REVERSE = """
DROP TRIGGER IF EXISTS talent_accesslog_no_update ON talent_accesslog;
DROP FUNCTION IF EXISTS talent_accesslog_refuse_update();
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_REVERSE)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
