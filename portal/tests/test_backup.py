"""make backup / make restore: a seeded database and its files, restored into an empty database,
hold the same rows, the same appeals and statistics that agree with them."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from appeals.models import Appeal

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump backups are for PostgreSQL"),
]
SAMPLE = "SELECT tracking_number, status, registered_at, due_on, subject, text, agency_id FROM appeals_appeal"


def _server_url(name: str) -> str:
    database = connection.settings_dict
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    return f"postgres://{database['USER']}{password}@{database['HOST']}:{database['PORT']}/{name}"


@pytest.fixture
def empty_database() -> str:
    name = f"dialog_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_server_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(_server_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args: str, database: str, var: Path) -> subprocess.CompletedProcess[str]:
    """manage.py on another database; the test settings keep uploads in <var>/test-media."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": _server_url(database),
        "DIALOG_VAR_DIR": str(var),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def test_a_backup_restores_into_an_empty_database(transactional_reference, empty_database, tmp_path) -> None:
    call_command("seed_demo", appeals=120, seed=5, verbosity=0)
    attachment = Path(settings.MEDIA_ROOT) / "attachments" / "2026" / "scan.pdf"
    attachment.parent.mkdir(parents=True)
    attachment.write_bytes(b"%PDF-1.4 the citizen's scan")
    backup = tmp_path / "backup"
    call_command("backup", out=backup)
    assert {p.name for p in backup.iterdir()} == {"manifest.json", "database.dump", "media.tar.gz"}

    restored_var = tmp_path / "restored-var"
    result = manage("restore", str(backup), database=empty_database, var=restored_var)
    assert result.returncode == 0, result.stderr
    assert "every table's count matches" in result.stdout

    with psycopg.connect(_server_url(empty_database)) as restored:
        count = restored.execute("SELECT count(*) FROM appeals_appeal").fetchone()
        sample = restored.execute(f"{SAMPLE} ORDER BY id").fetchall()
    assert count == (Appeal.objects.count(),) and count[0] >= 120
    with connection.cursor() as cursor:
        cursor.execute(f"{SAMPLE} ORDER BY id")
        assert sample == cursor.fetchall()
    assert (
        restored_var / "test-media" / "attachments" / "2026" / "scan.pdf"
    ).read_bytes() == attachment.read_bytes()

    check = manage("rebuild_stats", "--check", database=empty_database, var=restored_var)
    assert check.returncode == 0 and "agree" in check.stdout, check.stderr

    again = manage("restore", str(backup), database=empty_database, var=tmp_path / "other-var")
    assert again.returncode != 0 and "not empty" in again.stderr


def test_a_damaged_backup_is_refused_before_anything_is_written(
    transactional_reference, empty_database, tmp_path
) -> None:
    backup = tmp_path / "backup"
    call_command("backup", out=backup)
    with (backup / "database.dump").open("ab") as dump:
        dump.write(b"bit rot")
    result = manage("restore", str(backup), database=empty_database, var=tmp_path / "var")
    assert result.returncode != 0 and "checksum" in result.stderr
    with psycopg.connect(_server_url(empty_database)) as restored:
        tables = restored.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
    assert tables == (0,)
