"""Signing in to the officials' admin: the second factor, enrolment, recovery codes, and the
login throttle (django-axes) per account and address."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from officials.models import Official
from officials.tests.fixtures import verified_client
from portal.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
LOGIN = "/admin/login/?next=/admin/"


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def sign_in(
    client: Client, email: str, password: str = PASSWORD, code: str = "", ip: str = "10.0.0.1", **extra
):
    return client.post(
        LOGIN,
        {"username": email, "password": password, "otp_token": code},
        REMOTE_ADDR=ip,
        **extra,
    )


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def test_an_official_with_an_authenticator_needs_the_code(officer: Official) -> None:
    device = confirmed_device(officer.user)
    client = Client()
    response = sign_in(client, officer.user.email)
    assert response.status_code == 200
    assert "Enter the code from your authenticator app." in response.content.decode()
    assert client.get("/admin/").status_code == 302

    response = sign_in(
        client, officer.user.email, code="000000" if code_for(device) != "000000" else "111111"
    )
    assert "That code is not valid" in response.content.decode()

    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    response = sign_in(client, officer.user.email, code=code_for(device))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_admin_refuses_a_session_without_a_verified_device(officer: Official) -> None:
    confirmed_device(officer.user)
    client = Client()
    client.force_login(officer.user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/admin/appeals/appeal/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_an_official_without_an_authenticator_is_sent_to_enrolment_and_can_finish_it(
    officer: Official,
) -> None:
    client = Client()
    response = sign_in(client, officer.user.email)
    assert response.status_code == 302 and response["Location"] == "/admin/enrol/"
    # Not verified yet: the admin itself stays closed, and its login page points to enrolment.
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/login/")["Location"] == "/admin/enrol/"

    page = client.get("/admin/enrol/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "<title>QR code for your authenticator app</title>" in html
    device = TOTPDevice.objects.get(user=officer.user, confirmed=False)

    wrong = client.post("/admin/enrol/", {"code": "12345a"})
    assert wrong.status_code == 400 and "does not match" in wrong.content.decode()

    done = client.post("/admin/enrol/", {"code": code_for(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200

    # Enrolment is over: the page no longer hands out a new secret.
    assert client.get("/admin/enrol/")["Location"] == "/admin/"

    # A recovery code signs in once.
    fresh = Client()
    assert sign_in(fresh, officer.user.email, code=codes[0]).status_code == 302
    assert fresh.get("/admin/").status_code == 200
    again = sign_in(Client(), officer.user.email, code=codes[0])
    assert again.status_code == 200 and "That code is not valid" in again.content.decode()
    assert StaticToken.objects.filter(device__user=officer.user).count() == 9


def test_enrolment_is_closed_to_anonymous_people_and_citizens(citizen: User) -> None:
    assert Client().get("/admin/enrol/")["Location"].startswith("/admin/login/")
    client = Client()
    client.force_login(citizen, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/admin/enrol/")["Location"].startswith("/admin/login/")
    assert not TOTPDevice.objects.filter(user=citizen).exists()


def test_recovery_codes_can_be_renewed_by_a_verified_official(officer: Official) -> None:
    client = verified_client(officer.user)
    page = client.get("/admin/security/recovery-codes/")
    assert page.status_code == 200 and "You have 0 unused recovery codes." in page.content.decode()
    renewed = client.post("/admin/security/recovery-codes/")
    assert len(re.findall(r"<li><code>(\w+)</code></li>", renewed.content.decode())) == 10


def test_a_deactivated_official_is_refused_even_with_a_verified_session(officer: Official) -> None:
    client = verified_client(officer.user)
    assert client.get("/admin/").status_code == 200
    Official.objects.filter(pk=officer.pk).update(is_active=False)
    assert client.get("/admin/").status_code == 302


def test_a_citizen_cannot_use_the_admin(citizen: User) -> None:
    response = sign_in(Client(), citizen.email)
    assert response.status_code == 200
    assert "staff account" in response.content.decode()


def test_create_official_prints_a_one_time_link_and_the_token(capsys: pytest.CaptureFixture[str]) -> None:
    call_command(
        "create_official",
        "--email",
        "Aigerim@Health.gov.kz",
        "--agency",
        "ministry-of-health",
        "--role",
        "head",
        "--token",
    )
    output = capsys.readouterr().out
    official = Official.objects.select_related("user").get(user__email="aigerim@health.gov.kz")
    assert official.role == "head" and official.agency.slug == "ministry-of-health"
    assert official.user.is_staff and not official.user.has_usable_password()
    token = re.search(r"API token: (\w+)", output).group(1)  # type: ignore[union-attr]
    assert official.user.auth_token.key == token
    link = re.search(r"Sign-up link \(one use\): http://[^/]+(/admin/enrol/start/\S+/)", output).group(1)  # type: ignore[union-attr]

    client = Client()
    assert client.get(link).status_code == 200
    short = client.post(link, {"new_password1": "short", "new_password2": "short"})
    assert short.status_code == 400
    done = client.post(
        link, {"new_password1": "a long new password 42", "new_password2": "a long new password 42"}
    )
    assert done.status_code == 302 and done["Location"] == "/admin/enrol/"
    assert client.get("/admin/enrol/").status_code == 200
    # The link works once.
    assert Client().get(link).status_code == 404

    # Running it again changes nothing; another agency for the same person is refused.
    call_command(
        "create_official",
        "--email",
        "aigerim@health.gov.kz",
        "--agency",
        "ministry-of-health",
        "--role",
        "head",
    )
    assert "Already there" in capsys.readouterr().out
    with pytest.raises(Exception, match="already"):
        call_command(
            "create_official",
            "--email",
            "aigerim@health.gov.kz",
            "--agency",
            "ministry-of-education",
            "--role",
            "head",
        )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--email", "x@gov.kz", "--agency", "no-such-agency", "--role", "officer"], "no agency"),
        (["--email", "not-an-email", "--agency", "ministry-of-health", "--role", "officer"], "not an e-mail"),
    ],
)
def test_create_official_refuses_bad_input(arguments: list[str], message: str) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=message):
        call_command("create_official", *arguments)
    assert not User.objects.filter(email="x@gov.kz").exists()


# --- the throttle ---------------------------------------------------------------------------


def fail_five_times(email: str, ip: str = "10.0.0.1", **extra: str) -> None:
    for _ in range(5):
        sign_in(Client(), email, password="wrong password", ip=ip, **extra)


def test_five_failures_lock_the_account_from_that_address_only(
    make_official: Callable[..., Official], officer: Official
) -> None:
    colleague = make_official("ministry-of-health")
    fail_five_times(officer.user.email)
    locked = sign_in(Client(), officer.user.email, ip="10.0.0.1")
    assert locked.status_code == 429
    # The same account from another address, and a colleague from the attacker's address, still work.
    assert sign_in(Client(), officer.user.email, ip="10.0.0.2")["Location"] == "/admin/enrol/"
    assert sign_in(Client(), colleague.user.email, ip="10.0.0.1")["Location"] == "/admin/enrol/"


def test_an_administrator_can_lift_a_lockout(officer: Official) -> None:
    fail_five_times(officer.user.email)
    assert sign_in(Client(), officer.user.email).status_code == 429
    call_command("axes_reset_username", officer.user.email)
    assert sign_in(Client(), officer.user.email)["Location"] == "/admin/enrol/"


def test_without_a_proxy_a_forged_forwarded_for_header_changes_nothing(officer: Official) -> None:
    for number in range(5):
        sign_in(Client(), officer.user.email, password="wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
    assert sign_in(Client(), officer.user.email, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429


def test_behind_one_proxy_the_client_address_comes_from_the_proxy_header(settings, officer: Official) -> None:
    settings.NUM_PROXIES = 1
    proxy = "172.16.0.1"
    fail_five_times(officer.user.email, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    locked = sign_in(Client(), officer.user.email, ip=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert locked.status_code == 429
    # Another client behind the same proxy is not locked out with the attacker.
    other = sign_in(Client(), officer.user.email, ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert other["Location"] == "/admin/enrol/"
