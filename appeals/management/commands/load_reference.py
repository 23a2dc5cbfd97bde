from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from appeals.reference import load_reference
from officials.reference import REFERENCE_DIR, ReferenceDataError


class Command(BaseCommand):
    help = (
        "Load regions (ISO 3166-2), agencies, deputies, deadline policies and calendar exceptions. "
        "Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, default=REFERENCE_DIR, help="Folder with the JSON files.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_reference(options["dir"], progress=lambda m: self.stdout.write(f"Loading {m}"))
        except ReferenceDataError as error:
            raise CommandError(str(error)) from error
        for name, (created, updated) in report.counts.items():
            self.stdout.write(f"{name}: {created} created, {updated} already present")
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
