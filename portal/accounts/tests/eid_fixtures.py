"""Fixtures for the eID tests: a real OpenID Connect provider in its own process and the portal
configured for it. A pytest plugin (named in the root conftest) so the browser tests under
portal/tests see them too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def identity_provider(live_server: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A real OpenID Connect provider in its own process, for the whole run."""
    from portal.accounts.tests.eid_provider import running_provider

    redirect_uri = f"{live_server.url}/accounts/eid/callback/"  # type: ignore[attr-defined]
    with running_provider(
        tmp_path_factory.mktemp("identity-provider"), redirect_uri=redirect_uri
    ) as provider:
        yield provider


@pytest.fixture
def eid_on(settings: object, identity_provider: object) -> object:
    """The portal configured for the test provider, as the OIDC_* variables would configure it."""
    from portal.accounts.tests.eid_provider import CLIENT_ID, CLIENT_SECRET

    settings.OIDC_ENABLED = True  # type: ignore[attr-defined]
    settings.OIDC_OP_DISCOVERY_URL = identity_provider.discovery_url  # type: ignore[attr-defined]
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID  # type: ignore[attr-defined]
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET  # type: ignore[attr-defined]
    settings.OIDC_IIN_CLAIM = "iin"  # type: ignore[attr-defined]
    settings.OIDC_NAME_CLAIM = "name"  # type: ignore[attr-defined]
    return identity_provider
