"""The pages: follow, confirm, unsubscribe (no sign-in, signed links), the account's list."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import signing
from django.test import Client

from appeals.models import Subscription
from appeals.subscriptions.tokens import UNSUBSCRIBE_SALT, confirm_token, unsubscribe_token
from appeals.tests.subscriptions.conftest import subscription_mails
from portal.accounts.models import User

pytestmark = pytest.mark.django_db


def _main(response) -> str:
    """The page's main content (the rest carries a per-response CSP nonce)."""
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


AGENCY = {"target": "agency", "agency": "ministry-of-health"}
FOLLOW = "/en/accounts/subscriptions/follow/"


def test_a_signed_in_citizen_follows_with_one_click(client: Client, citizen: User) -> None:
    client.force_login(citizen)
    response = client.post(FOLLOW, {**AGENCY, "frequency": "daily", "next": "/en/"})
    assert response.status_code == 302 and response["Location"] == "/en/"
    subscription = Subscription.objects.get()
    assert subscription.user == citizen and subscription.confirmed_at is not None
    page = client.get("/en/accounts/subscriptions/")
    assert "Appeals to Ministry of Health" in page.content.decode()


def test_two_clicks_make_one_subscription(client: Client, citizen: User) -> None:
    client.force_login(citizen)
    client.post(FOLLOW, {**AGENCY, "frequency": "daily"})
    client.post(FOLLOW, {**AGENCY, "frequency": "each"})
    assert Subscription.objects.get().frequency == "each"


def test_a_visitor_sees_the_same_answer_whether_the_address_has_an_account_or_not(
    client: Client, citizen: User
) -> None:
    known = client.post(FOLLOW, {**AGENCY, "frequency": "daily", "email": citizen.email})
    unknown = client.post(FOLLOW, {**AGENCY, "frequency": "daily", "email": "nobody@example.kz"})
    again = client.post(FOLLOW, {**AGENCY, "frequency": "daily", "email": "nobody@example.kz"})
    assert known.status_code == unknown.status_code == again.status_code == 200
    assert _main(known) == _main(unknown) == _main(again)
    assert not Subscription.objects.filter(confirmed_at__isnull=False).exists()
    assert len(subscription_mails(kind="subscription_confirm")) == 2


def test_the_follow_form_refuses_bad_input_in_the_user_s_language(client: Client) -> None:
    assert client.post(FOLLOW, {**AGENCY, "frequency": "daily", "email": "not-an-address"}).status_code == 400
    assert client.get(FOLLOW, {"target": "agency", "agency": "nope"}).status_code == 400
    assert client.get(FOLLOW, {"target": "search", "q": "a\x00b"}).status_code == 400
    refused = client.get("/ru/accounts/subscriptions/follow/", {"target": "moon"})
    assert refused.status_code == 400 and "Выберите" in refused.content.decode()
    assert client.put(FOLLOW).status_code == 405
    assert not Subscription.objects.exists()


def test_subscribing_is_rate_limited(client: Client, settings) -> None:
    settings.DIALOG_RATE_LIMITS = {**settings.DIALOG_RATE_LIMITS, "subscribe": {"ip": "2/hour"}}
    from django.core.cache import cache

    cache.clear()
    for number in range(2):
        assert (
            client.post(
                FOLLOW, {**AGENCY, "frequency": "daily", "email": f"r{number}@example.kz"}
            ).status_code
            == 200
        )
    refused = client.post(FOLLOW, {**AGENCY, "frequency": "daily", "email": "r9@example.kz"})
    assert refused.status_code == 429 and "Retry-After" in refused
    assert Subscription.objects.count() == 2


def test_opening_the_confirmation_link_does_not_confirm_but_the_button_does(client: Client) -> None:
    client.post(FOLLOW, {**AGENCY, "frequency": "each", "email": "reader@example.kz"})
    subscription = Subscription.objects.get()
    url = f"/en/accounts/subscriptions/confirm/{confirm_token(subscription)}/"
    assert client.get(url).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None  # a mail scanner opening links subscribes nobody
    assert client.post(url).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_the_unsubscribe_link_works_without_sign_in_and_only_once(
    client: Client, follow: Callable[..., Subscription]
) -> None:
    subscription = follow(**AGENCY)
    url = f"/en/accounts/subscriptions/unsubscribe/{unsubscribe_token(subscription)}/"
    page = client.get(url)
    assert page.status_code == 200 and Subscription.objects.filter(pk=subscription.pk).exists()
    assert client.post(url).status_code == 200
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    assert client.post(url).status_code == 400  # used


def test_one_click_unsubscribe_from_the_mail_client(follow: Callable[..., Subscription]) -> None:
    subscription = follow(**AGENCY)
    client = Client(enforce_csrf_checks=True)  # a mail client has no cookie and no CSRF token
    response = client.post(
        f"/en/accounts/subscriptions/unsubscribe/{unsubscribe_token(subscription)}/",
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_an_unsubscribe_link_cannot_be_forged_or_turned_to_another_subscription(
    client: Client, follow: Callable[..., Subscription], almaty
) -> None:
    mine = follow(**AGENCY)
    other = follow(target="region", region=almaty.code)
    token = unsubscribe_token(mine)
    payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    # The other's id with my fingerprint, signed with a wrong key; my token with a changed character.
    forged = signing.dumps([other.pk, payload[1]], salt=UNSUBSCRIBE_SALT, key="not-the-secret")
    tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    # A validly signed token naming the other id with my fingerprint (as if the secret leaked
    # for one purpose) still fails: the fingerprint is the other subscription's own.
    crossed = signing.dumps([other.pk, payload[1]], salt=UNSUBSCRIBE_SALT)
    confirm_as_unsubscribe = confirm_token(other)
    for bad in (forged, tampered, crossed, confirm_as_unsubscribe, "nonsense", "a\x00b"):
        assert client.post(f"/en/accounts/subscriptions/unsubscribe/{bad}/").status_code in (400, 404)
    assert Subscription.objects.count() == 2


def test_an_old_link_does_not_end_a_new_subscription_to_the_same_thing(
    client: Client, follow: Callable[..., Subscription]
) -> None:
    first = follow(**AGENCY)
    old_url = f"/en/accounts/subscriptions/unsubscribe/{unsubscribe_token(first)}/"
    client.post(old_url)
    again = follow(user=first.user, **AGENCY)
    assert client.post(old_url).status_code == 400
    assert Subscription.objects.filter(pk=again.pk).exists()


def test_the_account_page_changes_frequency_and_stops_following(
    client: Client, follow: Callable[..., Subscription], make_citizen
) -> None:
    subscription = follow(**AGENCY)
    client.force_login(subscription.user)
    page = client.get("/en/accounts/subscriptions/")
    assert page.status_code == 200 and f"subscription-{subscription.pk}" in page.content.decode()
    url = f"/en/accounts/subscriptions/{subscription.pk}"
    client.post(f"{url}/frequency/", {f"s{subscription.pk}-frequency": "daily"})
    subscription.refresh_from_db()
    assert subscription.frequency == "daily"
    stranger = Client()
    stranger.force_login(make_citizen())
    assert stranger.post(f"/en/accounts/subscriptions/{subscription.pk}/end/").status_code == 403
    client.post(f"/en/accounts/subscriptions/{subscription.pk}/end/")
    assert not Subscription.objects.exists()


def test_the_account_page_needs_sign_in(client: Client) -> None:
    response = client.get("/en/accounts/subscriptions/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
