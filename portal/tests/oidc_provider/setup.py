"""Prepare the provider's database: `python -m portal.tests.oidc_provider.setup <json>` with
{"client_id", "client_secret", "redirect_uri", "users": [{"iin", "password", "first_name",
"last_name", "email"}]}."""

import json
import os
import sys

import django


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.tests.oidc_provider.settings"
    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    spec = json.loads(sys.argv[1])
    call_command("migrate", verbosity=0)
    for person in spec["users"]:
        User.objects.create_user(
            person["iin"],
            person["email"],
            person["password"],
            first_name=person["first_name"],
            last_name=person["last_name"],
        )
    Application.objects.create(
        name="Dialog",
        client_id=spec["client_id"],
        client_secret=spec["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=spec["redirect_uri"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )


if __name__ == "__main__":
    main()
