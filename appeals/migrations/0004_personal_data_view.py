# The personal-data audit trail moves from `officials` to `appeals` (officials is a leaf app and
# may not point at appeals). The state gains the model here; the database keeps its rows:
# - a database that ran the first officials 0002 has the table `officials_personaldataview`:
#   it is renamed, with its rows, and its content type (and so its permissions) follows;
# - a new database (officials 0002 is now empty) gets the table created.
# Backwards, the table goes back under its old name, rows and all.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OLD_TABLE = "officials_personaldataview"


def _move_content_type(apps, schema_editor, *, source: str, target: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    moved = content_type.objects.using(db).filter(app_label=source, model="personaldataview")
    if not content_type.objects.using(db).filter(app_label=target, model="personaldataview").exists():
        moved.update(app_label=target)


def adopt_or_create_table(apps, schema_editor) -> None:
    model = apps.get_model("appeals", "PersonalDataView")
    if OLD_TABLE in schema_editor.connection.introspection.table_names():
        schema_editor.alter_db_table(model, OLD_TABLE, model._meta.db_table)
        _move_content_type(apps, schema_editor, source="officials", target="appeals")
    else:
        schema_editor.create_model(model)


def return_table(apps, schema_editor) -> None:
    model = apps.get_model("appeals", "PersonalDataView")
    schema_editor.alter_db_table(model, model._meta.db_table, OLD_TABLE)
    _move_content_type(apps, schema_editor, source="appeals", target="officials")


class Migration(migrations.Migration):

    dependencies = [
        ('appeals', '0003_appeal_fulltext_index'),
        ('officials', '0002_personal_data_view'),
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
