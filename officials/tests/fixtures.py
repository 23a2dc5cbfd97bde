"""Fixtures for the officials' admin and agency API tests (imported by the conftest files of
officials/tests and appeals/tests/admin): officials of two agencies, an oversight official, a
superuser, admin clients whose session is verified by a TOTP device."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from officials.models import Agency, Official
from portal.accounts.models import User


def verified_client(user: User) -> Client:
    """A test client signed in as `user` with a session verified by a confirmed TOTP device."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="authenticator", defaults={"confirmed": True}
    )
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def token_client(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def education(db: None) -> Agency:
    return Agency.objects.get(slug="ministry-of-education")


@pytest.fixture
def officer_b(make_official: Callable[..., Official], education: Agency) -> Official:
    return make_official(education, Official.Role.OFFICER)


@pytest.fixture
def oversight(make_official: Callable[..., Official]) -> Official:
    return make_official("prosecutor-general", Official.Role.OVERSIGHT)


@pytest.fixture
def superuser(db: None) -> User:
    return User.objects.create_superuser("root@dialog.kz", "correct horse battery", full_name="Root")


@pytest.fixture
def client_for() -> Callable[[Any], Client]:
    def make(who: Any) -> Client:
        if who is None:
            return Client()
        user = who.user if isinstance(who, Official) else who
        return verified_client(user)

    return make
