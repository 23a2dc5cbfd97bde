# The personal-data audit trail moves from `officials` to `appeals` (officials is a leaf app and
# may not point at appeals). The state gains the model here; the database keeps its rows:
# - a database that ran the first officials 0002 has the table `officials_personaldataview`:
#   it is renamed, with its rows, and its content type (and so its permissions) follows; the
#   append-only trigger officials 0003 put on it is replaced by one named after the new table;
# - a new database (officials 0002 and 0003 are now empty) gets the table and the trigger.
# Backwards, the table goes back under its old name, rows, trigger and all.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from portal.append_only import append_only_trigger

OLD_TABLE = "officials_personaldataview"
NEW_TABLE = "appeals_personaldataview"
OLD_TRIGGER = append_only_trigger(OLD_TABLE)
NEW_TRIGGER = append_only_trigger(NEW_TABLE)


def _move_content_type(apps, schema_editor, *, source: str, target: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    moved = content_type.objects.using(db).filter(app_label=source, model="personaldataview")
    if not content_type.objects.using(db).filter(app_label=target, model="personaldataview").exists():
        moved.update(app_label=target)


def adopt_or_create_table(apps, schema_editor) -> None:
    model = apps.get_model("appeals", "PersonalDataView")
    if OLD_TABLE in schema_editor.connection.introspection.table_names():
        schema_editor.alter_db_table(model, OLD_TABLE, NEW_TABLE)
        _move_content_type(apps, schema_editor, source="officials", target="appeals")
        if schema_editor.connection.vendor == "postgresql":  # the trigger followed the table
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {OLD_TABLE}_append_only ON {NEW_TABLE}")
    else:
        schema_editor.create_model(model)
    NEW_TRIGGER.code(apps, schema_editor)


def return_table(apps, schema_editor) -> None:
    model = apps.get_model("appeals", "PersonalDataView")
    NEW_TRIGGER.reverse_code(apps, schema_editor)
    schema_editor.alter_db_table(model, NEW_TABLE, OLD_TABLE)
    _move_content_type(apps, schema_editor, source="appeals", target="officials")
    OLD_TRIGGER.code(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('appeals', '0005_append_only_trail'),
        ('officials', '0003_append_only_trail'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PersonalDataView',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('channel', models.CharField(choices=[('admin', "officials' dashboard"), ('api', 'agency API')], max_length=10, verbose_name='where')),
                        ('what', models.CharField(max_length=200, verbose_name='what was shown')),
                        ('path', models.CharField(blank=True, max_length=300, verbose_name='address')),
                        ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='from address')),
                        ('viewed_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='when')),
                        ('appeal', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='appeals.appeal', verbose_name='appeal')),
                        ('citizen', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='whose data')),
                        ('viewer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='who')),
                    ],
                    options={
                        'verbose_name': 'view of personal data',
                        'verbose_name_plural': 'views of personal data',
                        'ordering': ('-viewed_at', '-id'),
                        'indexes': [models.Index(fields=['citizen', '-viewed_at'], name='pdview_citizen_idx')],
                    },
                ),
            ],
        ),
        migrations.RunPython(adopt_or_create_table, return_table),
    ]
