"""manage.py seed_demo: the demo history of every app (appeals, then blogs), composed here at the
project level so that no app imports one above it."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from appeals.demo import DEMO_PASSWORD, DemoAccount, seed_bulk, seed_demo
from appeals.models import Appeal
from blogs.consultations.demo import seed_demo_consultations
from blogs.demo import seed_demo_blogs
from blogs.live.demo import seed_demo_live
from officials.enrolment import enrolment_link
from portal.accounts.models import User
from portal.progress import ProgressBar

# Below this, histories go through the real services (slow, but every rule exercised as is).
BULK_ABOVE = 5000


class Command(BaseCommand):
    help = "Build a realistic, deterministic demo history of N appeals and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--appeals", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if appeals exist already.")
        parser.add_argument(
            "--bulk",
            action="store_true",
            help=f"Write histories in bulk (COPY), not through the services; automatic above {BULK_ABOVE:,}.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["appeals"]
        if count < 0:
            raise CommandError("--appeals must be zero or more.")
        if options["if_empty"] and Appeal.objects.exists():
            self.stdout.write("Demo data already present; leaving it as it is.")
            accounts = seed_demo(appeals=0, seed=options["seed"])
        else:
            bar = ProgressBar(self.stdout, total=count, label="appeals")
            if options["bulk"] or count > BULK_ABOVE:
                accounts, counts = seed_bulk(appeals=count, seed=options["seed"], progress=bar.update)
                bar.finish()
                self.stdout.write("\n" + ", ".join(f"{name}: {n:,}" for name, n in sorted(counts.items())))
            else:
                accounts = seed_demo(appeals=count, seed=options["seed"], progress=bar.update)
                bar.finish()
        blogs = seed_demo_blogs()
        if blogs:
            self.stdout.write(f"\nOpened {blogs} demo blogs with public questions.")
        if seed_demo_live():
            self.stdout.write("\nHeld a demo live session (transcript and appeals) and scheduled another.")
        consultations = seed_demo_consultations()
        if consultations:
            self.stdout.write(
                f"\nPublished {consultations} demo public consultations (one closed, with its response)."
            )
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for account in accounts:
            where = f" — {account.agency}" if account.agency else ""
            self.stdout.write(f"  {account.role:<10} {account.email}{where}")
        self._print_enrolment_links(accounts)

    def _print_enrolment_links(self, accounts: list[DemoAccount]) -> None:
        """Staff accounts sign in with an authenticator app: those not enrolled yet get their
        one-time link (choose a password there, then scan the QR code)."""
        staff = User.objects.filter(email__in=[a.email for a in accounts], is_staff=True).exclude(
            totpdevice__confirmed=True
        )
        if not staff:
            return
        self.stdout.write("\nOfficials enrol their authenticator app once, through their one-time link:")
        for user in staff.order_by("email"):
            self.stdout.write(f"  {user.email}\n    {enrolment_link(user)}")
