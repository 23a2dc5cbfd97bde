from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from appeals.stats.rollups.rebuild import (
    compute_rollups,
    month_rollups,
    month_rollups_as_stored,
    rebuild_rollups,
    rollups_as_stored,
)
from portal.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Recompute the statistics rollups from the appeals (needed after a change to the working-day "
        "calendar, which moves response times). With --check, only compare and report."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Do not write: exit with status 1 if the stored rollups differ from a recomputation.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        bar = ProgressBar(self.stdout, total=1, label="appeals")
        if options["check"]:
            cells, responses, appeals = compute_rollups(progress=bar.update)
            bar.finish()
            stored_cells, stored_responses = rollups_as_stored()
            if (stored_cells, stored_responses) != (cells, responses):
                self.stderr.write(
                    f"\nThe rollups differ from the appeals ({len(stored_cells)} stored cells, "
                    f"{len(cells)} recomputed). Run manage.py rebuild_stats."
                )
                raise SystemExit(1)
            if month_rollups_as_stored() != month_rollups(cells, responses):
                self.stderr.write(
                    "\nThe monthly rollups differ from the appeals. Run manage.py rebuild_stats."
                )
                raise SystemExit(1)
            self.stdout.write(f"\nThe rollups (day and month) agree with {appeals:,} appeals.")
            return
        report = rebuild_rollups(progress=bar.update)
        bar.finish()
        self.stdout.write(
            f"\nRebuilt from {report.appeals:,} appeals: {report.cells:,} day cells, "
            f"{report.response_rows:,} response-time rows, {report.month_cells:,} month cells."
        )
