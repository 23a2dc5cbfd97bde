"""Where the national identity provider's endpoints are: its OpenID Connect discovery document.

One setting (OIDC_OP_DISCOVERY_URL) instead of four endpoint URLs that drift apart when the
provider moves one. The document is read when first needed, never at start (the portal starts
and serves password sign-in while the provider is down), and cached for an hour.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import requests
from django.conf import settings
from django.core.cache import cache

CACHE_SECONDS = 3600
_DISCOVERY_SUFFIX = "/.well-known/openid-configuration"


class ProviderUnavailable(Exception):
    """The identity provider did not answer, or answered with something unusable."""


@dataclass(frozen=True)
class ProviderEndpoints:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str


def _cache_key() -> str:
    return f"eid:discovery:{settings.OIDC_OP_DISCOVERY_URL}"


def provider_endpoints() -> ProviderEndpoints:
    """The provider's endpoints; raises ProviderUnavailable when they cannot be learnt."""
    cached = cache.get(_cache_key())
    if cached:
        return ProviderEndpoints(**cached)
    url = settings.OIDC_OP_DISCOVERY_URL
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
        endpoints = ProviderEndpoints(
            **{name: str(document[name]) for name in ProviderEndpoints.__dataclass_fields__}
        )
    except (requests.RequestException, ValueError, KeyError, TypeError) as error:
        raise ProviderUnavailable(f"discovery document at {url}: {error}") from error
    # OpenID Connect Discovery §4.3: the issuer named inside must be the one the URL belongs to,
    # or a document served elsewhere could send the portal to another provider's keys.
    if url.removesuffix(_DISCOVERY_SUFFIX).rstrip("/") != endpoints.issuer.rstrip("/"):
        raise ProviderUnavailable(f"discovery document at {url} names issuer {endpoints.issuer!r}")
    cache.set(_cache_key(), asdict(endpoints), CACHE_SECONDS)
    return endpoints


def forget_provider_endpoints() -> None:
    cache.delete(_cache_key())
