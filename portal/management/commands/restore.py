"""`manage.py restore DIR` (what `make restore` runs), into an empty database."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database and media folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="The backup directory (holds manifest.json).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore_backup(options["source"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {sum(manifest['counts'].values()):,} rows and {manifest['media']['files']:,} files "
            f"from {options['source']} (made {manifest['created_at']}); every table's count matches."
        )
