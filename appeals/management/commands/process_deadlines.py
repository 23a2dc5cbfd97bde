import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from appeals.sweep import SweepReport, run_sweep


def parse_as_of(value: str) -> dt.datetime:
    try:
        moment = parse_datetime(value)
    except ValueError:
        moment = None
    if moment is None:
        raise CommandError(
            "--as-of must be an ISO date-time such as 2026-03-02T09:00 or 2026-03-02T09:00+05:00; "
            f"got {value!r}"
        )
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = "Run one deadline sweep: reminders, overdue marking, escalations; re-queue undelivered mail."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="Sweep as if it were this moment (ISO 8601).")
        parser.add_argument("--batch-size", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        now = parse_as_of(options["as_of"]) if options["as_of"] else timezone.now()
        self.stdout.write(f"Sweeping as of {timezone.localtime(now).isoformat()}")

        def progress(report: SweepReport) -> None:
            self.stdout.write(f"  batch {report.batches}: {sum(report.steps.values())} steps so far")

        report = run_sweep(now=now, batch_size=options["batch_size"], on_batch=progress)
        for line in report.lines[:200]:
            self.stdout.write(f"  {line}")
        if len(report.lines) > 200:
            self.stdout.write(f"  … and {len(report.lines) - 200} more")
        self.stdout.write(self.style.SUCCESS(report.summary()))
