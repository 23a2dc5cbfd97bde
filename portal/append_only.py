"""Audit trails: rows written once, never changed and never deleted (appeal events, blog
moderation events, views of personal data).

Python refuses it in `AppendOnlyModel`; PostgreSQL itself refuses it too, with a trigger that
raises on UPDATE or DELETE of a row (`append_only_trigger`, added by each app's migration), so
neither a raw SQL statement nor a bulk `QuerySet.update()` can rewrite the trail. TRUNCATE (the
test suite's flush between transactional tests) is not a row operation and still works.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

REFUSE_FUNCTION = """
CREATE OR REPLACE FUNCTION dialog_refuse_append_only_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'rows of % are append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END
$$;
"""


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError(f"{self._meta.verbose_name_plural} are append-only; write a new row instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError(f"{self._meta.verbose_name_plural} are never deleted.")


def append_only_trigger(table: str) -> migrations.RunPython:
    """A migration operation: on PostgreSQL, refuse UPDATE and DELETE of `table`'s rows."""
    trigger = f"{table}_append_only"

    def forwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(REFUSE_FUNCTION, params=None)
        schema_editor.execute(
            f"CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION dialog_refuse_append_only_change()"
        )

    def backwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")

    return migrations.RunPython(forwards, backwards, elidable=False)
