"""mozilla-django-oidc's authorization-code backend, tightened for a national identity provider.

What the library leaves open and this closes:
- the ID token's audience and issuer are checked (the library decodes with `verify_aud` off and
  never looks at `iss`), and `exp`, `iat` and `sub` are required;
- the userinfo answer must be about the same `sub` as the ID token (OpenID Connect Core 5.3.2);
- the account is found by IIN, not by e-mail address (`portal.accounts.identity`), and
  officials are refused;
- endpoints come from the provider's discovery document (`portal.accounts.eid_provider`).

Django offers every backend every set of credentials it can bind: `authenticate` takes the
callback's keyword-only `nonce`, so a password sign-in never reaches it.
"""

from __future__ import annotations

from typing import Any

import jwt
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.utils.translation import get_language
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from portal.accounts.eid_provider import ProviderEndpoints, provider_endpoints
from portal.accounts.identity import account_sign_in_verified, identity_from_claims
from portal.accounts.models import User

CLOCK_LEEWAY_SECONDS = 30


class EIDBackend(OIDCAuthenticationBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Not the library's __init__: it reads endpoint settings we take from discovery, and
        # Django builds this backend for every request of a session it signed in.
        self.UserModel = User
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.endpoints: ProviderEndpoints | None = None

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, *, nonce: str | None, code_verifier: str | None = None
    ) -> User | None:
        if request is None or not settings.OIDC_ENABLED:
            return None
        self.endpoints = provider_endpoints()
        self.OIDC_OP_TOKEN_ENDPOINT = self.endpoints.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = self.endpoints.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = self.endpoints.jwks_uri
        user: User | None = super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        return user

    def _verify_jws(self, payload: str, key: Any) -> dict[str, Any]:
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(
                f"ID token signed with {header.get('alg')!r}, not {self.OIDC_RP_SIGN_ALGO}"
            )
        assert self.endpoints is not None
        try:
            claims: dict[str, Any] = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.endpoints.issuer,
                leeway=CLOCK_LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"ID token refused: {error}") from error
        return claims

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User | None:
        claims = self.get_userinfo(access_token, id_token, payload)
        if str(claims.get("sub")) != str(payload.get("sub")):
            raise SuspiciousOperation("userinfo is about another subject than the ID token")
        # The ID token's own claims count too: some providers put the IIN only there.
        merged = {**claims, **{k: v for k, v in payload.items() if k not in claims}}
        identity = identity_from_claims(
            merged, iin_claim=settings.OIDC_IIN_CLAIM, name_claim=settings.OIDC_NAME_CLAIM
        )
        assert self.request is not None
        current = (
            self.request.user
            if getattr(self.request, "user", None) and self.request.user.is_authenticated
            else None
        )
        return account_sign_in_verified(
            identity=identity,
            current_user=current,  # type: ignore[arg-type]
            language=(get_language() or "kk").split("-")[0],
        )

    def get_user(self, user_id: int) -> User | None:
        # ModelBackend's: an account closed since it signed in loses its session.
        user: User | None = ModelBackend.get_user(self, user_id)  # type: ignore[arg-type]
        return user
