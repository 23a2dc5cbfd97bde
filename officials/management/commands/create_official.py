"""manage.py create_official --email E --agency SLUG --role officer|head|oversight [--token]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from officials.enrolment import enrolment_link
from officials.models import Official
from officials.services import official_create
from portal.domain_errors import DomainError


class Command(BaseCommand):
    help = (
        "Onboard an official: a staff account in an agency with a role. Prints the one-time link "
        "where they choose a password and set up their authenticator app; with --token, also the "
        "API token for the agency API."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--agency", required=True, help="the agency's slug")
        parser.add_argument("--role", required=True, choices=Official.Role.values)
        parser.add_argument("--name", default="", help="full name")
        parser.add_argument("--position", default="")
        parser.add_argument("--token", action="store_true", help="print the API token")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = official_create(
                actor=None,
                email=options["email"],
                agency_slug=options["agency"],
                role=options["role"],
                full_name=options["name"],
                position=options["position"],
                with_token=options["token"],
            )
        except DomainError as error:
            raise CommandError(str(error)) from error
        official = result.official
        verb = "Created" if result.created else "Already there:"
        self.stdout.write(
            f"{verb} {official.user.email} — {official.get_role_display()}, {official.agency.slug}"
        )
        if not official.user.has_usable_password() or not official.user.last_login:
            self.stdout.write(f"Sign-up link (one use): {enrolment_link(official.user)}")
        if result.token:
            self.stdout.write(f"API token: {result.token}")
