"""The sweep's claim index gains the id (see Appeal.Meta.indexes).

Built CONCURRENTLY on PostgreSQL, so that filings and answers go on while it is built on a table
of millions (hence a non-atomic migration); the old index is dropped once the new one exists.
SQLite, the laptop default, builds it plainly."""

from django.db import migrations, models

NEW = models.Index(
    condition=models.Q(("next_action_at__isnull", False)),
    fields=["next_action_at", "id"],
    name="appeal_next_action_id_idx",
)
OLD = models.Index(
    condition=models.Q(("next_action_at__isnull", False)),
    fields=["next_action_at"],
    name="appeal_next_action_idx",
)


def _options(schema_editor):
    return {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}


def swap(apps, schema_editor):
    appeal = apps.get_model("appeals", "Appeal")
    schema_editor.add_index(appeal, NEW, **_options(schema_editor))
    schema_editor.remove_index(appeal, OLD, **_options(schema_editor))


def swap_back(apps, schema_editor):
    appeal = apps.get_model("appeals", "Appeal")
    schema_editor.add_index(appeal, OLD, **_options(schema_editor))
    schema_editor.remove_index(appeal, NEW, **_options(schema_editor))


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("appeals", "0015_live_channel"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="appeal", name="appeal_next_action_idx"),
                migrations.AddIndex(model_name="appeal", index=NEW),
            ],
            database_operations=[migrations.RunPython(swap, swap_back)],
        ),
    ]
