"""Signing in to the officials' admin: the second factor, enrolment, recovery codes, and the
login throttle (django-axes) per account and address."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from officials.enrolment import enrolment_link
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


def link_path(user: User) -> str:
    return urlsplit(enrolment_link(user)).path


NEW_PASSWORD = "a long new password 42"


def use_link(client: Client, link: str):
    return client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})


def test_a_password_alone_shows_no_secret_and_opens_nothing(officer: Official) -> None:
    """The reported bypass: a never-enrolled official, the password and an empty code."""
    client = Client()
    response = sign_in(client, officer.user.email)
    assert response.status_code == 200
    assert "Enter the code from your authenticator app." in response.content.decode()
    assert "_auth_user_id" not in client.session
    for path in ("/admin/", "/admin/enrol/", "/admin/appeals/appeal/", "/admin/security/recovery-codes/"):
        answer = client.get(path)
        assert answer.status_code == 302 and answer["Location"].startswith("/admin/login/"), path
    # Any code at all is refused too: there is no device to check it against.
    assert "That code is not valid" in sign_in(client, officer.user.email, code="123456").content.decode()

    # Even a session signed in with the password (by whatever means) gets no secret or QR code.
    password_only = Client()
    password_only.force_login(officer.user, backend="django.contrib.auth.backends.ModelBackend")
    page = password_only.get("/admin/enrol/")
    assert page.status_code == 302 and "<svg" not in page.content.decode()
    assert password_only.get("/admin/").status_code == 302
    assert not TOTPDevice.objects.filter(user=officer.user).exists()


def test_enrolment_through_the_one_time_link(officer: Official) -> None:
    link = link_path(officer.user)
    client = Client()
    assert client.get(link).status_code == 200
    assert use_link(client, link)["Location"] == "/admin/enrol/"
    # The link has been used: it no longer works, in this browser or any other.
    assert Client().get(link).status_code == 404
    assert client.get(link).status_code == 404
    # The session that used the link is not signed in: the admin stays closed until the code.
    assert client.get("/admin/").status_code == 302

    page = client.get("/admin/enrol/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "<title>QR code for your authenticator app</title>" in html
    device = TOTPDevice.objects.get(user=officer.user, confirmed=False)
    # Another browser (no link used there) sees nothing of it.
    assert Client().get("/admin/enrol/").status_code == 302

    wrong = client.post("/admin/enrol/", {"code": "12345a"})
    assert wrong.status_code == 400 and "does not match" in wrong.content.decode()

    done = client.post("/admin/enrol/", {"code": code_for(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200

    # Enrolment is over: the page no longer hands out a secret.
    assert client.get("/admin/enrol/")["Location"].startswith("/admin/login/")

    # A recovery code signs in once.
    fresh = Client()
    assert sign_in(fresh, officer.user.email, password=NEW_PASSWORD, code=codes[0]).status_code == 302
    assert fresh.get("/admin/").status_code == 200
    again = sign_in(Client(), officer.user.email, password=NEW_PASSWORD, code=codes[0])
    assert again.status_code == 200 and "That code is not valid" in again.content.decode()
    assert StaticToken.objects.filter(device__user=officer.user).count() == 9


def test_an_expired_link_or_a_password_reset_token_does_not_enrol(settings, officer: Official) -> None:
    from django.contrib.auth.tokens import default_token_generator

    link = link_path(officer.user)
    settings.OFFICIAL_ENROLMENT_LINK_TIMEOUT = -1
    assert Client().get(link).status_code == 404
    settings.OFFICIAL_ENROLMENT_LINK_TIMEOUT = 3600
    uidb64 = link.split("/")[-3]
    reset_token = default_token_generator.make_token(officer.user)
    forged = f"/admin/enrol/start/{uidb64}/{reset_token}/"
    assert Client().get(forged).status_code == 404
    assert use_link(Client(), forged).status_code == 404
    assert not TOTPDevice.objects.filter(user=officer.user).exists()


def test_a_link_is_bound_to_its_account(officer: Official, make_official) -> None:
    colleague = make_official("ministry-of-health")
    link = link_path(officer.user)
    uidb64_of_colleague = link_path(colleague.user).split("/")[-3]
    token_of_officer = link.split("/")[-2]
    assert Client().get(f"/admin/enrol/start/{uidb64_of_colleague}/{token_of_officer}/").status_code == 404


def test_a_superuser_issues_a_link_that_replaces_a_lost_authenticator(
    superuser: User, officer: Official
) -> None:
    old = confirmed_device(officer.user)
    admin = verified_client(superuser)
    response = admin.post(
        "/admin/officials/official/",
        {"action": "issue_enrolment_links", "_selected_action": [officer.pk]},
        follow=True,
    )
    link = re.search(r"(/admin/enrol/start/\S+?/\S+?/)", response.content.decode()).group(1)  # type: ignore[union-attr]
    client = Client()
    use_link(client, link)
    device = TOTPDevice.objects.get(user=officer.user, confirmed=False)
    assert client.post("/admin/enrol/", {"code": code_for(device)}).status_code == 200
    assert list(TOTPDevice.objects.filter(user=officer.user)) == [device]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_only_a_superuser_may_issue_links(officer: Official, head: Official) -> None:
    client = verified_client(head.user)
    response = client.post(
        "/admin/officials/official/", {"action": "issue_enrolment_links", "_selected_action": [officer.pk]}
    )
    assert "/admin/enrol/start/" not in response.content.decode()
    assert response.status_code in (200, 302, 403)


def test_enrolment_is_closed_to_anonymous_people_and_citizens(citizen: User) -> None:
    assert Client().get("/admin/enrol/")["Location"].startswith("/admin/login/")
    client = Client()
    client.force_login(citizen, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/admin/enrol/")["Location"].startswith("/admin/login/")
    citizen_link = link_path(citizen)
    assert Client().get(citizen_link).status_code == 404
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


def signs_in(user: User, ip: str = "10.0.0.1", **extra: str) -> bool:
    """The right password and the current code from the account's authenticator get in."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or confirmed_device(user)
    device.throttling_failure_count = 0
    device.save()
    response = sign_in(Client(), user.email, code=code_for(device), ip=ip, **extra)
    return response.status_code == 302 and response["Location"] == "/admin/"


def a_wrong_code(device: TOTPDevice) -> str:
    return "000000" if code_for(device) != "000000" else "111111"


def test_wrong_codes_count_towards_the_lockout(officer: Official) -> None:
    device = confirmed_device(officer.user)
    for _ in range(5):
        device.throttling_failure_count = 0  # django-otp's own per-device delay aside
        device.save()
        assert sign_in(Client(), officer.user.email, code=a_wrong_code(device)).status_code != 302
    assert sign_in(Client(), officer.user.email, code=code_for(device)).status_code == 429


def test_missing_codes_count_towards_the_lockout_of_a_never_enrolled_account(officer: Official) -> None:
    for _ in range(5):
        sign_in(Client(), officer.user.email)
    assert sign_in(Client(), officer.user.email).status_code == 429


def test_five_failures_lock_the_account_from_that_address_only(
    make_official: Callable[..., Official], officer: Official
) -> None:
    colleague = make_official("ministry-of-health")
    fail_five_times(officer.user.email)
    locked = sign_in(Client(), officer.user.email, ip="10.0.0.1")
    assert locked.status_code == 429
    # The same account from another address, and a colleague from the attacker's address, still work.
    assert signs_in(officer.user, ip="10.0.0.2")
    assert signs_in(colleague.user, ip="10.0.0.1")


def test_an_administrator_can_lift_a_lockout(officer: Official) -> None:
    fail_five_times(officer.user.email)
    assert sign_in(Client(), officer.user.email).status_code == 429
    call_command("axes_reset_username", officer.user.email)
    assert signs_in(officer.user)


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
    assert signs_in(officer.user, ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")


def test_the_demo_prints_a_working_enrolment_link_for_each_official(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("seed_demo", "--appeals", "0")
    output = capsys.readouterr().out
    links = dict(re.findall(r"  (\S+@demo\.dialog\.kz)\n    http://[^/]+(/admin/enrol/start/\S+/)", output))
    assert set(links) >= {"admin@demo.dialog.kz", "oversight@demo.dialog.kz"}
    client = Client()
    assert use_link(client, links["oversight@demo.dialog.kz"])["Location"] == "/admin/enrol/"
    device = TOTPDevice.objects.get(user__email="oversight@demo.dialog.kz", confirmed=False)
    assert client.post("/admin/enrol/", {"code": code_for(device)}).status_code == 200
    # Enrolled officials get no new link the next time the demo starts.
    call_command("seed_demo", "--appeals", "0", "--if-empty")
    assert "oversight@demo.dialog.kz\n    http" not in capsys.readouterr().out
