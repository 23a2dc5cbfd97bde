"""Accounts for the load test: citizens with complete profiles and API tokens, one official per
agency with an API token. Run by loadtest/run.py through `manage.py shell` (Django set up)."""

from __future__ import annotations

import datetime as dt
import json
import os
import random

from rest_framework.authtoken.models import Token

from officials.services import official_create
from portal.accounts.iin import make_iin
from portal.accounts.models import CitizenProfile, User

AGENCIES = ["ministry-of-health", "ministry-of-education", "akimat-kz-75", "akimat-kz-71"]


def create(citizens: int) -> dict[str, object]:
    rng = random.Random(2026)
    people = []
    for number in range(citizens):
        user = User.objects.create_user(
            f"load{number}@citizens.example.kz", None, full_name=f"Load Citizen {number}"
        )
        CitizenProfile.objects.create(
            user=user,
            iin=make_iin(rng, dt.date(1970, 1, 1) + dt.timedelta(days=number * 53)),
            postal_address=f"Street {number}, Almaty",
        )
        people.append({"email": user.email, "token": Token.objects.create(user=user).key})
    officials = []
    for slug in AGENCIES:
        result = official_create(
            actor=None,
            email=f"load.{slug}@agency.example.kz",
            agency_slug=slug,
            role="officer",
            with_token=True,
        )
        officials.append({"agency": slug, "token": result.token})
    return {"citizens": people, "officials": officials, "agencies": AGENCIES}


with open(os.environ["LOADTEST_ACCOUNTS"], "w") as handle:
    json.dump(create(int(os.environ.get("LOADTEST_CITIZENS", "50"))), handle)
