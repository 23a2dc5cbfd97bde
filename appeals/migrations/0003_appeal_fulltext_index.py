"""A GIN index for the officials' inbox search (PostgreSQL only; SQLite searches substrings).

The expression is exactly the one Django writes for
SearchVector("subject", "text", config="simple"), so the planner can use it.
"""

from django.db import migrations

INDEX = "appeal_fulltext_simple_idx"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON appeals_appeal USING gin "
    "(to_tsvector('simple'::regconfig, COALESCE(subject, '') || ' ' || COALESCE(text, '')))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("appeals", "0002_stats_rollups")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
