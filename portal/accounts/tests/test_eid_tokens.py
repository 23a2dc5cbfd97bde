"""What the portal accepts from an identity provider beyond what mozilla-django-oidc checks: the
ID token's audience, issuer, lifetime and algorithm, the userinfo's subject, the discovery
document's issuer."""

from __future__ import annotations

import time
from typing import Any
from unittest import mock

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import SuspiciousOperation

from portal.accounts.eid_backend import EIDBackend
from portal.accounts.eid_provider import ProviderEndpoints, ProviderUnavailable, provider_endpoints
from portal.accounts.tests.eid_provider import Provider

ISSUER = "https://idp.example.kz/oidc"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def backend(settings: Any) -> EIDBackend:
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = "dialog-portal"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    chosen = EIDBackend()
    chosen.endpoints = ProviderEndpoints(ISSUER, f"{ISSUER}/a", f"{ISSUER}/t", f"{ISSUER}/u", f"{ISSUER}/k")
    return chosen


def token(**overrides: Any) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": "dialog-portal", "sub": "42", "iat": now, "exp": now + 300, **overrides}
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode(claims, KEY, algorithm="RS256")


def test_a_good_token_verifies(backend: EIDBackend) -> None:
    assert backend._verify_jws(token(), KEY.public_key())["sub"] == "42"


@pytest.mark.parametrize(
    "overrides",
    [
        {"aud": "another-portal"},
        {"iss": "https://elsewhere.example/oidc"},
        {"exp": int(time.time()) - 3600},
        {"exp": None},
        {"sub": None},
    ],
    ids=["audience", "issuer", "expired", "no-expiry", "no-subject"],
)
def test_a_token_for_someone_else_or_out_of_date_is_refused(
    backend: EIDBackend, overrides: dict[str, Any]
) -> None:
    with pytest.raises(SuspiciousOperation):
        backend._verify_jws(token(**overrides), KEY.public_key())


def test_a_token_signed_with_another_algorithm_is_refused(backend: EIDBackend) -> None:
    forged = jwt.encode(
        {"iss": ISSUER, "aud": "dialog-portal", "sub": "42"},
        "a-shared-secret-long-enough-for-hs256-0123456789",
        algorithm="HS256",
    )
    with pytest.raises(SuspiciousOperation):
        backend._verify_jws(forged, KEY.public_key())


def test_userinfo_about_another_subject_is_refused(backend: EIDBackend) -> None:
    backend.request = mock.Mock()
    with (
        mock.patch.object(backend, "get_userinfo", return_value={"sub": "43", "iin": "x", "name": "y"}),
        pytest.raises(SuspiciousOperation),
    ):
        backend.get_or_create_user("access", "id", {"sub": "42"})


def test_a_password_sign_in_never_reaches_the_eid_backend(backend: EIDBackend) -> None:
    import inspect

    with pytest.raises(TypeError):
        inspect.signature(backend.authenticate).bind(None, username="a@example.kz", password="p")


@pytest.mark.django_db(transaction=True)
def test_a_discovery_document_naming_another_issuer_is_not_used(settings: Any, eid_on: Provider) -> None:
    """The provider answers on localhost too, but names its issuer at 127.0.0.1."""
    settings.OIDC_OP_DISCOVERY_URL = eid_on.discovery_url.replace("127.0.0.1", "localhost")
    with pytest.raises(ProviderUnavailable, match="names issuer"):
        provider_endpoints()
