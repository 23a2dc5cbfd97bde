"""Sign-in with the national identity provider, end to end against a real OpenID Connect provider
(django-oauth-toolkit in its own process): the portal's start link, the provider's login form,
the callback, the token and userinfo requests the portal makes server to server."""

from __future__ import annotations

import html
import re
import sqlite3
from collections.abc import Callable
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from django.core.cache import cache
from django.test import Client

from portal.accounts.eid_provider import ProviderEndpoints, _cache_key, provider_endpoints
from portal.accounts.models import CitizenProfile, User
from portal.accounts.tests.eid_provider import (
    BAD_IIN,
    CITIZEN,
    OFFICIAL,
    RETURNING,
    Provider,
    callback_url,
    free_port,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portal(live_server: object) -> str:
    return str(live_server.url)  # type: ignore[attr-defined]


def start_url(portal: str, lang: str = "en") -> str:
    return f"{portal}/{lang}/accounts/sign-in/eid/"


def signed_in(session: requests.Session, portal: str) -> bool:
    """Whether the session opens the citizen's own appeals (not the sign-in page)."""
    response = session.get(f"{portal}/en/appeals/", allow_redirects=False)
    return response.status_code == 200


def test_a_new_citizen_signs_in_and_gets_a_verified_profile(eid_on: Provider, portal: str) -> None:
    session = requests.Session()
    response = session.get(callback_url(session, start_url(portal), CITIZEN), allow_redirects=False)

    assert response.status_code == 302 and response.headers["Location"] == "/en/appeals/"
    assert signed_in(session, portal)
    user = User.objects.get(citizen_profile__iin=CITIZEN.iin)
    assert user.full_name == CITIZEN.full_name
    assert user.email == CITIZEN.email and user.email_verified_at is not None
    assert user.citizen_profile.identity_verified_at is not None
    assert not user.has_usable_password()


def test_the_account_is_found_by_iin_not_by_e_mail(
    eid_on: Provider, portal: str, make_citizen: Callable[..., User]
) -> None:
    returning = make_citizen(email="erlan.typed@example.kz")
    CitizenProfile.objects.filter(user=returning).update(iin=RETURNING.iin)
    # Someone else's account happens to use the address the provider has for this person.
    bystander = make_citizen(email=RETURNING.email, complete=False)

    session = requests.Session()
    response = session.get(callback_url(session, start_url(portal), RETURNING), allow_redirects=False)

    assert response.status_code == 302 and signed_in(session, portal)
    returning.refresh_from_db()
    assert returning.full_name == RETURNING.full_name
    assert returning.email == "erlan.typed@example.kz"
    assert returning.citizen_profile.identity_verified_at is not None
    bystander.refresh_from_db()
    assert bystander.full_name == "Citizen 2" and not CitizenProfile.objects.filter(user=bystander).exists()
    session_user = session.get(f"{portal}/en/accounts/profile/").text
    assert RETURNING.full_name in session_user


def test_a_wrong_state_is_refused_and_signs_nobody_in(eid_on: Provider, portal: str) -> None:
    session = requests.Session()
    url = callback_url(session, start_url(portal), CITIZEN)
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    forged = f"{portal}{parts.path}?{urlencode({**query, 'state': 'forged-state'})}"

    response = session.get(forged, allow_redirects=False)

    assert response.status_code == 400
    assert "This sign-in link is not valid" in html.unescape(response.text)
    assert "Sign in with your e-mail address and password" in html.unescape(response.text)
    assert not signed_in(session, portal)
    assert not User.objects.filter(email=CITIZEN.email).exists()


def test_a_used_code_is_refused(eid_on: Provider, portal: str) -> None:
    first = requests.Session()
    used = callback_url(first, start_url(portal), CITIZEN)
    assert first.get(used, allow_redirects=False).status_code == 302
    code = parse_qs(urlsplit(used).query)["code"][0]

    # Another browser starts its own sign-in (a state of its own) and replays the used code.
    other = requests.Session()
    authorize = other.get(start_url(portal), allow_redirects=False).headers["Location"]
    state = parse_qs(urlsplit(authorize).query)["state"][0]
    response = other.get(
        f"{portal}/accounts/eid/callback/?{urlencode({'code': code, 'state': state})}", allow_redirects=False
    )

    assert response.status_code == 400
    assert "did not confirm this sign-in" in html.unescape(response.text)
    assert not signed_in(other, portal)


def test_an_expired_code_is_refused(eid_on: Provider, portal: str) -> None:
    session = requests.Session()
    url = callback_url(session, start_url(portal), CITIZEN)
    code = parse_qs(urlsplit(url).query)["code"][0]
    with sqlite3.connect(eid_on.database) as provider_db:
        changed = provider_db.execute(
            "UPDATE oauth2_provider_grant SET expires = '2000-01-01 00:00:00' WHERE code = ?", (code,)
        ).rowcount
    assert changed == 1

    response = session.get(url, allow_redirects=False)

    assert response.status_code == 400
    assert "did not confirm this sign-in" in html.unescape(response.text)
    assert not signed_in(session, portal)
    assert not User.objects.filter(email=CITIZEN.email).exists()


def test_an_iin_with_a_wrong_check_digit_is_refused(eid_on: Provider, portal: str) -> None:
    session = requests.Session()
    response = session.get(callback_url(session, start_url(portal), BAD_IIN), allow_redirects=False)

    assert response.status_code == 403
    assert "sent an IIN that is not valid" in html.unescape(response.text)
    assert not signed_in(session, portal)
    assert not User.objects.filter(email=BAD_IIN.email).exists()


def test_an_official_cannot_reach_the_admin_through_the_identity_provider(
    eid_on: Provider,
    portal: str,
    transactional_reference: None,
    make_official: Callable[..., object],
    health_ministry: object,
) -> None:
    official = make_official(health_ministry)
    CitizenProfile.objects.create(user=official.user, iin=OFFICIAL.iin, postal_address="Astana")  # type: ignore[attr-defined]

    session = requests.Session()
    response = session.get(callback_url(session, start_url(portal), OFFICIAL), allow_redirects=False)

    assert response.status_code == 403
    assert "Officials sign in on the officials' page" in html.unescape(response.text)
    admin = session.get(f"{portal}/admin/", allow_redirects=False)
    assert admin.status_code == 302 and "/admin/login/" in admin.headers["Location"]
    assert not signed_in(session, portal)


def test_the_admin_still_asks_for_the_second_factor_whoever_signed_in_with_eid(
    eid_on: Provider,
    portal: str,
    settings: object,
    transactional_reference: None,
    make_official: Callable[..., object],
    health_ministry: object,
) -> None:
    """Even if the identity service let a staff account through, the officials' site would not
    open without a session verified by TOTP: the two guards are independent."""
    from unittest import mock

    official = make_official(health_ministry)
    CitizenProfile.objects.create(user=official.user, iin=OFFICIAL.iin, postal_address="Astana")  # type: ignore[attr-defined]
    session = requests.Session()
    with mock.patch("portal.accounts.identity._refuse_officials"):
        response = session.get(callback_url(session, start_url(portal), OFFICIAL), allow_redirects=False)
    assert response.status_code == 302  # signed in to the citizen side

    admin = session.get(f"{portal}/admin/", allow_redirects=False)
    assert admin.status_code == 302 and "/admin/login/" in admin.headers["Location"]


def test_a_provider_that_is_down_gets_a_clear_page_and_the_password_sign_in_still_works(
    eid_on: Provider, portal: str, settings: object, make_citizen: Callable[..., User]
) -> None:
    settings.OIDC_OP_DISCOVERY_URL = f"http://127.0.0.1:{free_port()}/o/.well-known/openid-configuration"  # type: ignore[attr-defined]
    session = requests.Session()

    response = session.get(start_url(portal), allow_redirects=False)

    assert response.status_code == 503
    assert "not answering just now" in html.unescape(response.text)
    make_citizen(email="fallback@example.kz")
    client = Client()
    signed = client.post(
        "/en/accounts/sign-in/", {"username": "fallback@example.kz", "password": "correct horse battery"}
    )
    assert signed.status_code == 302 and client.get("/en/appeals/").status_code == 200


def test_a_provider_that_goes_down_during_the_round_trip_gets_a_clear_page(
    eid_on: Provider, portal: str
) -> None:
    session = requests.Session()
    url = callback_url(session, start_url(portal), CITIZEN)
    real = provider_endpoints()
    dead = f"http://127.0.0.1:{free_port()}/o"
    cache.set(
        _cache_key(),
        {**real.__dict__, "token_endpoint": f"{dead}/token/", "userinfo_endpoint": f"{dead}/userinfo/"},
    )
    assert isinstance(real, ProviderEndpoints)

    response = session.get(url, allow_redirects=False)

    assert response.status_code == 503
    assert "not answering just now" in html.unescape(response.text)
    assert not signed_in(session, portal)


def test_the_pages_answer_in_the_citizens_language(eid_on: Provider, portal: str) -> None:
    session = requests.Session()
    url = callback_url(session, start_url(portal, "kk"), BAD_IIN)
    response = session.get(url, allow_redirects=False)
    assert response.status_code == 403
    assert "Сәйкестендіру провайдері" in html.unescape(response.text)


def test_without_configuration_there_is_no_button_and_no_start(client: Client) -> None:
    page = client.get("/en/accounts/sign-in/")
    assert page.status_code == 200 and "Sign in with eGov ID" not in page.content.decode()
    assert client.get("/en/accounts/sign-in/eid/").status_code == 404
    assert client.get("/accounts/eid/callback/?code=x&state=y").status_code == 404


def test_when_configured_the_sign_in_page_offers_the_button_in_each_language(
    eid_on: Provider, client: Client
) -> None:
    for lang, label in (
        ("kk", "eGov ID арқылы кіру"),
        ("ru", "Войти через eGov ID"),
        ("en", "Sign in with eGov ID"),
    ):
        assert label in client.get(f"/{lang}/accounts/sign-in/").content.decode()


def password_session(portal: str, email: str) -> requests.Session:
    session = requests.Session()
    form = session.get(f"{portal}/en/accounts/sign-in/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token
    response = session.post(
        f"{portal}/en/accounts/sign-in/",
        data={"csrfmiddlewaretoken": token.group(1), "username": email, "password": "correct horse battery"},
        allow_redirects=False,
    )
    assert response.status_code == 302
    return session


def test_a_signed_in_citizen_confirms_their_identity_from_the_profile(
    eid_on: Provider, portal: str, make_citizen: Callable[..., User]
) -> None:
    """An account made with e-mail and password gets the provider's IIN and name, and from then on
    they are not edited by hand."""
    citizen = make_citizen(email="typed@example.kz", complete=False)
    session = password_session(portal, "typed@example.kz")
    profile_page = session.get(f"{portal}/en/accounts/profile/").text
    assert "Confirm your identity with eGov ID" in profile_page

    url = callback_url(session, f"{portal}/en/accounts/sign-in/eid/?next=/en/accounts/profile/", CITIZEN)
    response = session.get(url, allow_redirects=False)

    assert response.status_code == 302 and response.headers["Location"] == "/en/accounts/profile/"
    profile = CitizenProfile.objects.get(user=citizen)
    assert profile.iin == CITIZEN.iin and profile.identity_verified_at is not None
    citizen.refresh_from_db()
    assert citizen.full_name == CITIZEN.full_name and citizen.email == "typed@example.kz"
    page = html.unescape(session.get(f"{portal}/en/accounts/profile/").text)
    assert "Your name and IIN were confirmed by the national identity provider." in page
    assert re.search(r'<input[^>]*name="iin"[^>]*disabled', page)


def test_a_verified_iin_and_name_cannot_be_retyped(make_citizen: Callable[..., User]) -> None:
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from portal.accounts.services import profile_update

    citizen = make_citizen()
    profile = CitizenProfile.objects.get(user=citizen)
    CitizenProfile.objects.filter(pk=profile.pk).update(identity_verified_at=timezone.now())
    with pytest.raises(ValidationError, match="cannot be changed here"):
        profile_update(actor=citizen, full_name="Someone Else", iin=profile.iin, postal_address="Abai 1")
    updated = profile_update(
        actor=citizen, full_name=citizen.full_name, iin=profile.iin, postal_address="Abai 2"
    )
    assert updated.postal_address == "Abai 2"


def test_a_forged_callback_leaves_a_signed_in_citizen_signed_in(
    eid_on: Provider, portal: str, make_citizen: Callable[..., User]
) -> None:
    make_citizen(email="busy@example.kz")
    session = password_session(portal, "busy@example.kz")
    for query in ("state=forged&code=x", "error=access_denied", "error=access_denied&state=forged"):
        response = session.get(f"{portal}/accounts/eid/callback/?{query}", allow_redirects=False)
        assert response.status_code == 400
    assert signed_in(session, portal)
