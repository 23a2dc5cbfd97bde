from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from appeals.management.commands.process_deadlines import parse_as_of
from blogs.live.conversion import process_live_sessions


class Command(BaseCommand):
    help = (
        "Close the live sessions that have ended: file their unanswered approved questions as appeals "
        "(the same code as the periodic task; safe to run twice or at once)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="Run as if it were this moment (ISO 8601).")

    def handle(self, *args: Any, **options: Any) -> None:
        now = parse_as_of(options["as_of"]) if options["as_of"] else timezone.now()
        self.stdout.write(self.style.SUCCESS(process_live_sessions(now=now).summary()))
