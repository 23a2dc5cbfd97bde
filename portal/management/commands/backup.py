"""`manage.py backup --out DIR` (what `make backup` runs)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump custom format) and the uploaded files, with a manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="A new or empty directory.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = create_backup(options["out"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        appeals = manifest["counts"].get("appeals.Appeal", 0)
        self.stdout.write(
            f"Backed up {appeals:,} appeals, {sum(manifest['counts'].values()):,} rows and "
            f"{manifest['media']['files']:,} files to {options['out']}."
        )
