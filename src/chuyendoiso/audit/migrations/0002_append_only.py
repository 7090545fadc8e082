"""The audit keeps who acted as text and why; the database refuses to change its rows.

PostgreSQL: a trigger refuses UPDATE and DELETE (TRUNCATE, which only the database's owner
may run, is left for restoring a backup and for tests). SQLite: a trigger refuses UPDATE;
DELETE stays possible there because emptying the tables (Django's flush) deletes rows.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


_REFUSED = "audit rows are append-only / nhật ký chỉ được ghi thêm, không sửa hay xóa"
_POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{_REFUSED}' USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditentry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_auditentry_append_only();
"""
_POSTGRESQL_UNDO = """
DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_auditentry_append_only();
"""
_SQLITE = f"""
CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry
BEGIN SELECT RAISE(ABORT, '{_REFUSED}'); END;
"""
_SQLITE_UNDO = "DROP TRIGGER IF EXISTS audit_auditentry_no_update;"


def _names_of_actors(apps, schema_editor):
    """Rows written before: the actor's name from the user, if any."""
    entry = apps.get_model("audit", "AuditEntry")
    for row in entry.objects.filter(actor__isnull=False).select_related("actor"):
        row.actor_name = row.actor.get_username()[:150]
        row.save(update_fields=["actor_name"])


def _sql(by_vendor):
    def run(apps, schema_editor):
        sql = by_vendor.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='actor_name',
            field=models.CharField(blank=True, max_length=150, verbose_name='tên người thực hiện'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='reason',
            field=models.TextField(blank=True, verbose_name='lý do'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người thực hiện'),
        ),
        migrations.RunPython(_names_of_actors, migrations.RunPython.noop),
        migrations.RunPython(
            _sql({"postgresql": _POSTGRESQL, "sqlite": _SQLITE}),
            _sql({"postgresql": _POSTGRESQL_UNDO, "sqlite": _SQLITE_UNDO}),
        ),
    ]
