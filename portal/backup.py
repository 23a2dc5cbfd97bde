"""Backups that restore: a PostgreSQL custom-format dump, the uploaded files, and a manifest.

A backup is a directory:

    manifest.json     what is inside, checksums, and the row count of every table
    database.dump     pg_dump --format=custom
    media.tar.gz      MEDIA_ROOT (attachments, blog images)

The row counts are taken inside the very snapshot pg_dump dumps (pg_export_snapshot), so they
are exactly what the dump holds even while the portal keeps writing. `restore` checks the
checksums first, refuses a database or media folder that is not empty, restores, and compares
every count with the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import tarfile
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media.tar.gz"
FORMAT = 1


class BackupError(Exception):
    """Something a person has to act on; the message says what."""


def _libpq() -> tuple[list[str], dict[str, str]]:
    """pg_dump/pg_restore connection arguments for the default database, password in the env."""
    database = connection.settings_dict
    if connection.vendor != "postgresql":
        raise BackupError("Backups need PostgreSQL (DATABASE_URL=postgres://…); SQLite is a file to copy.")
    arguments = ["--dbname", database["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            arguments += [option, str(database[key])]
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return arguments, env


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.using(connection.alias).count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _applied_migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder.Migration.objects.values_list("app", "name").order_by("app", "name"):
        latest[app] = name
    return latest


def _run(command: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")
    return result.stdout


def create_backup(target: Path) -> dict[str, Any]:
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty; give a new directory.")
    target.mkdir(parents=True, exist_ok=True)
    arguments, env = _libpq()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        counts = row_counts()
        migrations = _applied_migrations()
        _run(
            [
                "pg_dump",
                *arguments,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "--file",
                str(target / DUMP),
            ],
            env,
        )
    media_root = Path(settings.MEDIA_ROOT)
    media_files = 0
    with tarfile.open(target / MEDIA, "w:gz") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(media_root)))
                    media_files += 1
    manifest = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "pg_dump": _run(["pg_dump", "--version"], env).strip(),
        "database": {"file": DUMP, "sha256": _sha256(target / DUMP), "bytes": (target / DUMP).stat().st_size},
        "media": {"file": MEDIA, "sha256": _sha256(target / MEDIA), "files": media_files},
        "migrations": migrations,
        "counts": counts,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def read_manifest(source: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{source / MANIFEST} is missing or unreadable: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r} (this portal reads {FORMAT}).")
    for part in ("database", "media"):
        path = source / manifest[part]["file"]
        if not path.is_file() or _sha256(path) != manifest[part]["sha256"]:
            raise BackupError(f"{path} is missing or does not match its checksum in the manifest.")
    return manifest


def restore_backup(source: Path) -> dict[str, Any]:
    manifest = read_manifest(source)
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']!r} is not empty ({len(tables)} tables); "
            "restore into a newly created, empty database."
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir() and any(media_root.iterdir()):
        raise BackupError(f"MEDIA_ROOT {media_root} is not empty; restore into an empty folder.")
    arguments, env = _libpq()
    connection.close()
    _run(
        [
            "pg_restore",
            *arguments,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            str(source / manifest["database"]["file"]),
        ],
        env,
    )
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / manifest["media"]["file"], "r:gz") as archive:
        archive.extractall(media_root, filter="data")
    counts = row_counts()
    differences = {
        label: (expected, counts.get(label))
        for label, expected in manifest["counts"].items()
        if counts.get(label) != expected
    }
    if differences:
        raise BackupError(f"Restored row counts differ from the manifest: {differences}")
    return manifest
