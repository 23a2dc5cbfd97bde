"""Rate limits: per address and per account, shared through the cache, correct behind proxies."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory

from portal.accounts.models import User
from portal.ratelimit import Rate, client_ip, rate_limit


def request_from(remote: str = "203.0.113.9", forwarded: str | None = None, user=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().post("/", **extra)
    request.user = user or AnonymousUser()
    return request


def test_without_proxies_the_forwarded_header_is_ignored(settings) -> None:
    settings.NUM_PROXIES = 0
    assert client_ip(request_from(forwarded="1.1.1.1")) == "203.0.113.9"


def test_behind_one_proxy_the_client_is_the_last_forwarded_address(settings) -> None:
    settings.NUM_PROXIES = 1
    # The client forged "6.6.6.6"; the proxy appended the address it really saw.
    assert client_ip(request_from(remote="10.0.0.2", forwarded="6.6.6.6, 198.51.100.7")) == "198.51.100.7"


def test_behind_two_proxies_the_client_is_second_from_the_right(settings) -> None:
    settings.NUM_PROXIES = 2
    request = request_from(remote="10.0.0.3", forwarded="6.6.6.6, 198.51.100.7, 10.0.0.2")
    assert client_ip(request) == "198.51.100.7"


def test_a_short_forwarded_header_falls_back_to_its_first_address(settings) -> None:
    settings.NUM_PROXIES = 3
    assert client_ip(request_from(forwarded="198.51.100.7")) == "198.51.100.7"
    assert client_ip(request_from(forwarded="")) == "203.0.113.9"


def test_rates_parse_and_refuse_nonsense() -> None:
    assert Rate.parse("5/minute") == Rate(5, 60)
    with pytest.raises(ValueError):
        Rate.parse("many/hour")


def test_the_limit_is_per_address_and_resets_with_the_window(settings) -> None:
    settings.DIALOG_RATE_LIMITS = {"demo": {"ip": "2/minute"}}
    now = 1_000_020.0
    assert rate_limit(request_from(), "demo", now=now) is None
    assert rate_limit(request_from(), "demo", now=now) is None
    refusal = rate_limit(request_from(), "demo", now=now)
    assert refusal is not None and refusal.kind == "ip" and 0 < refusal.retry_after <= 61
    assert rate_limit(request_from(remote="203.0.113.10"), "demo", now=now) is None  # another address
    assert rate_limit(request_from(), "demo", now=now + 60) is None  # the next window


@pytest.mark.django_db
def test_the_account_limit_follows_the_account_across_addresses(settings) -> None:
    settings.DIALOG_RATE_LIMITS = {"demo": {"account": "1/hour"}}
    user = User.objects.create_user("r@example.kz", "plum orbit candle seventy")
    assert rate_limit(request_from(remote="198.51.100.1", user=user), "demo") is None
    refusal = rate_limit(request_from(remote="198.51.100.2", user=user), "demo")
    assert refusal is not None and refusal.kind == "account"


def test_a_scope_without_limits_is_never_refused(settings) -> None:
    settings.DIALOG_RATE_LIMITS = {}
    assert all(rate_limit(request_from(), "anything") is None for _ in range(50))


@pytest.mark.django_db
def test_sign_up_is_rate_limited_per_address_behind_a_proxy(client: Client, settings) -> None:
    settings.DIALOG_RATE_LIMITS = {"signup": {"ip": "2/hour"}}
    settings.NUM_PROXIES = 1

    def attempt(n: int, real_ip: str) -> int:
        data = {"email": f"u{n}@example.kz", "password": "plum orbit candle seventy"}
        # each attempt forges a different first address; only the proxy's entry counts
        forwarded = f"10.9.9.{n}, {real_ip}"
        return client.post("/en/accounts/sign-up/", data, HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [attempt(n, "198.51.100.7") for n in range(3)] == [302, 302, 429]
    assert attempt(4, "198.51.100.8") == 302
    response = client.post("/en/accounts/sign-up/", {}, HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7")
    assert "Too many attempts" in response.content.decode()
    assert response["Retry-After"].isdigit()


def test_an_address_that_is_not_one_counts_as_the_proxys_and_garbage_is_never_an_address(settings) -> None:
    settings.NUM_PROXIES = 1
    assert client_ip(request_from(remote="10.0.0.2", forwarded="6.6.6.6, not-an-ip")) == "10.0.0.2"
    settings.NUM_PROXIES = 0
    assert client_ip(request_from(remote="\x00junk")) is None


def test_axes_drf_and_the_limiter_read_the_one_client_address_rule(settings) -> None:
    from axes.helpers import get_client_ip_address

    from portal.api.throttling import AnonThrottle

    settings.NUM_PROXIES = 1
    request = request_from(remote="10.0.0.2", forwarded="6.6.6.6, 198.51.100.7")
    assert get_client_ip_address(request) == "198.51.100.7"
    assert AnonThrottle().get_ident(type("DRFRequest", (), {"_request": request})()) == "198.51.100.7"
