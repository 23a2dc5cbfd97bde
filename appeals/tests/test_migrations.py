"""The personal-data audit trail moved from `officials` to `appeals` with its rows: a database
laid out before the move (the table under its old name) migrates forward without losing any."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from appeals.models import PersonalDataView

BEFORE = [("appeals", "0005_append_only_trail")]


def _migrate(target: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


def _latest() -> list[tuple[str, str]]:
    """Every app's newest migration: the test must leave the database as it found it, whatever
    migrations later work adds (a fixed target here once left later tables missing for the rest
    of the run)."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _tables() -> list[str]:
    return connection.introspection.table_names()


@pytest.mark.django_db(transaction=True)
def test_an_existing_audit_table_is_taken_over_with_its_rows(make_citizen) -> None:
    official, citizen = make_citizen(), make_citizen()
    PersonalDataView.objects.create(viewer=official, citizen=citizen, channel="admin", what="profile")
    _migrate(BEFORE)
    try:
        assert "officials_personaldataview" in _tables()
        assert "appeals_personaldataview" not in _tables()
    finally:
        _migrate(_latest())
    assert "officials_personaldataview" not in _tables()
    row = PersonalDataView.objects.get()
    assert (row.viewer, row.citizen, row.what) == (official, citizen, "profile")
