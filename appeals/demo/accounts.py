"""The demo's people: the printed logins (a superuser, a citizen, an officer and a head of each
demo agency, an oversight official) and generic citizens with valid IINs."""

from __future__ import annotations

import datetime as dt
import functools
import random
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from appeals.demo.answer_templates import ensure_national_templates
from officials.models import Agency, Official
from portal.accounts.iin import make_iin
from portal.accounts.models import CitizenProfile, User

DEMO_PASSWORD = "dialog-demo-2026"  # noqa: S105  (printed for the demo; never in production)
DEMO_DOMAIN = "demo.dialog.kz"

# Officials of these agencies get demo accounts (and the big share of appeals).
DEMO_AGENCIES = ("ministry-of-health", "akimat-kz-75", "akimat-kz-71", "ministry-of-education")


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    agency: str = ""


def demo_user(email: str, name: str, **extra: object) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        password = demo_password_hash()
        user = User.objects.create(email=email.lower(), password=password, full_name=name, **extra)
    return user


def demo_password_hash() -> str:
    """The stored form of the demo password. Argon2 takes about 0.15 s per hash by design, and
    the demo makes some seventy accounts that all have the same published password, so they share
    one hash (made per process and password-hasher setting) instead of spending ten seconds."""
    return _hash_of_demo_password(tuple(settings.PASSWORD_HASHERS))


@functools.lru_cache(maxsize=4)
def _hash_of_demo_password(_hashers: tuple[str, ...]) -> str:
    return make_password(DEMO_PASSWORD)


def _confirm_email(user: User) -> None:
    """Demo citizens file appeals, which takes a confirmed e-mail address."""
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])


def ensure_demo_accounts(rng: random.Random) -> list[DemoAccount]:
    accounts = [DemoAccount(f"admin@{DEMO_DOMAIN}", "superuser")]
    ensure_national_templates()
    demo_user(
        accounts[0].email, "Demo Administrator", is_staff=True, is_superuser=True, preferred_language="ru"
    )
    citizen = demo_user(f"citizen@{DEMO_DOMAIN}", "Aigerim Demo-Citizen", preferred_language="kk")
    _confirm_email(citizen)
    CitizenProfile.objects.get_or_create(
        user=citizen,
        defaults={"iin": make_iin(rng, dt.date(1990, 5, 17)), "postal_address": "Abai Ave 1, Almaty"},
    )
    accounts.append(DemoAccount(citizen.email, "citizen"))
    for slug in DEMO_AGENCIES:
        agency = Agency.objects.get(slug=slug)
        for role in (Official.Role.OFFICER, Official.Role.HEAD):
            email = f"{role}.{slug}@{DEMO_DOMAIN}"
            user = demo_user(email, f"Demo {role.title()} ({slug})", is_staff=True, preferred_language="ru")
            Official.objects.get_or_create(user=user, defaults={"agency": agency, "role": role})
            accounts.append(DemoAccount(email, role, slug))
    overseer = demo_user(
        f"oversight@{DEMO_DOMAIN}", "Demo Prosecutor", is_staff=True, preferred_language="ru"
    )
    Official.objects.get_or_create(
        user=overseer,
        defaults={"agency": Agency.objects.get(slug="prosecutor-general"), "role": Official.Role.OVERSIGHT},
    )
    accounts.append(DemoAccount(overseer.email, Official.Role.OVERSIGHT, "prosecutor-general"))
    return accounts


# Names, not "Demo Citizen 001": the register masks every word of a citizen's name wherever it
# appears in a published text, and "demo" and "citizen" are words the demo's texts use.
_GIVEN_NAMES = (
    "Aigerim",
    "Nurlan",
    "Dana",
    "Yerlan",
    "Aruzhan",
    "Timur",
    "Saule",
    "Daniyar",
    "Madina",
    "Askar",
)
_FAMILY_NAMES = ("Abenova", "Seitkali", "Omarova", "Zhaksybekov", "Kassymova", "Tulegenov", "Nurpeisova")


def _demo_name(number: int) -> str:
    return f"{_GIVEN_NAMES[number % len(_GIVEN_NAMES)]} {_FAMILY_NAMES[number % len(_FAMILY_NAMES)]}"


def demo_citizens(rng: random.Random, count: int) -> list[User]:
    """Generic demo citizens, plus the demo login's citizen several times over, so that whoever
    signs in as citizen@ sees a handful of appeals at every stage."""
    citizens = [User.objects.get(email=f"citizen@{DEMO_DOMAIN}")] * max(1, count // 8)
    for number in range(1, count + 1):
        user = demo_user(
            f"citizen{number:03d}@{DEMO_DOMAIN}",
            _demo_name(number),
            preferred_language=rng.choice(["kk", "ru", "en"]),
        )
        _confirm_email(user)
        CitizenProfile.objects.get_or_create(
            user=user,
            defaults={
                "iin": make_iin(
                    rng, dt.date(1950 + rng.randrange(50), 1 + rng.randrange(12), 1 + rng.randrange(28))
                ),
                "postal_address": f"Demo street {number}, Kazakhstan",
            },
        )
        citizens.append(user)
    return citizens
