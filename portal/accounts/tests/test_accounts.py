"""Sign up, verify the address, sign in and out, reset the password, the citizen's profile."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.contrib.auth.hashers import get_hasher, identify_hasher
from django.core import mail
from django.test import Client
from django.utils import translation

from portal.accounts.iin import make_iin
from portal.accounts.models import CitizenProfile, User
from portal.accounts.services import account_sign_up
from portal.accounts.tokens import email_verification_token, user_uid

pytestmark = pytest.mark.django_db(transaction=False)

GOOD_PASSWORD = "plum orbit candle seventy"


def sign_up(
    client: Client, email: str = "aigerim@example.kz", password: str = GOOD_PASSWORD, lang: str = "en"
):
    return client.post(f"/{lang}/accounts/sign-up/", {"email": email, "password": password})


def link_in(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://\S+", message.body)
    assert match, message.body
    return match.group(0)


def test_sign_up_creates_an_unverified_account_and_sends_the_link(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/sign-up/check-email/"
    user = User.objects.get(email="aigerim@example.kz")
    assert user.email_verified_at is None
    assert user.preferred_language == "en"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["aigerim@example.kz"]
    assert "/en/accounts/verify/" in link_in(mail.outbox[0])


def test_passwords_are_hashed_with_argon2_by_the_configured_hasher(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = account_sign_up(email="a@example.kz", password=GOOD_PASSWORD, language="kk", base_url="http://x")
    assert user is not None
    assert identify_hasher(user.password).algorithm == "argon2"


def test_sign_up_email_is_in_the_language_of_the_page(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, lang="ru")
    assert User.objects.get().preferred_language == "ru"
    assert "/ru/accounts/verify/" in link_in(mail.outbox[0])


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "This password is too short. It must contain at least 10 characters."),
        ("password123", "This password is too common."),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(client: Client, password: str, message: str) -> None:
    response = sign_up(client, password=password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert not User.objects.exists()


def test_no_composition_rules_a_long_lowercase_passphrase_is_fine(client: Client) -> None:
    assert sign_up(client, password="correct horse battery staple").status_code == 302


def test_signing_up_with_a_taken_address_tells_its_owner_not_the_visitor(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    User.objects.create_user("taken@example.kz", GOOD_PASSWORD, preferred_language="kk")
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, email="TAKEN@example.kz")
    assert response.status_code == 302 and response["Location"].endswith("/check-email/")
    assert User.objects.count() == 1
    assert len(mail.outbox) == 1
    assert "/kk/accounts/sign-in/" in mail.outbox[0].body  # in the owner's language


def test_the_verification_link_verifies_once(client: Client, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    path = link_in(mail.outbox[0]).split("testserver", 1)[1]
    response = client.get(path)
    assert response.status_code == 200
    assert "E-mail address confirmed" in response.content.decode()
    assert User.objects.get().email_verified_at is not None
    again = client.get(path)
    assert "It was already confirmed." in again.content.decode()


@pytest.mark.parametrize("tamper", ["token", "uid"])
def test_a_tampered_verification_link_is_refused(client: Client, tamper: str) -> None:
    user = User.objects.create_user("v@example.kz", GOOD_PASSWORD)
    uid, token = user_uid(user), email_verification_token.make_token(user)
    if tamper == "token":
        token = token[:-3] + "abc"
    else:
        uid = "Zm9v"
    response = client.get(f"/en/accounts/verify/{uid}/{token}/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_login_rotates_the_session_and_logout_ends_it(client: Client) -> None:
    User.objects.create_user("l@example.kz", GOOD_PASSWORD)
    client.get("/en/accounts/sign-in/")
    session_before = client.session.session_key
    response = client.post("/en/accounts/sign-in/", {"username": "l@example.kz", "password": GOOD_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/appeals/"
    assert client.session.session_key != session_before
    assert client.get("/en/appeals/").status_code == 200
    client.post("/en/accounts/sign-out/")
    assert client.get("/en/appeals/").status_code == 302


def test_wrong_password_gets_a_clear_message(client: Client) -> None:
    User.objects.create_user("w@example.kz", GOOD_PASSWORD)
    response = client.post(
        "/en/accounts/sign-in/", {"username": "w@example.kz", "password": "nope nope nope"}
    )
    assert response.status_code == 200
    assert "The e-mail address or the password is not right." in response.content.decode()


def test_login_keeps_a_safe_next_and_drops_a_foreign_one(client: Client) -> None:
    User.objects.create_user("n@example.kz", GOOD_PASSWORD)
    good = client.post(
        "/en/accounts/sign-in/?next=/en/appeals/new/", {"username": "n@example.kz", "password": GOOD_PASSWORD}
    )
    assert good["Location"] == "/en/appeals/new/"
    client.logout()
    evil = client.post(
        "/en/accounts/sign-in/?next=https://evil.example/",
        {"username": "n@example.kz", "password": GOOD_PASSWORD},
    )
    assert evil["Location"] == "/en/appeals/"


def test_sessions_expire_after_inactivity(settings) -> None:
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_password_reset_sends_a_link_in_the_users_language_that_sets_a_new_password(client: Client) -> None:
    User.objects.create_user("r@example.kz", GOOD_PASSWORD, preferred_language="ru")
    response = client.post("/en/accounts/password-reset/", {"email": "r@example.kz"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = link_in(mail.outbox[0])
    assert "/ru/accounts/password-reset/" in link
    confirm = client.get(link.split("testserver", 1)[1], follow=True)
    with translation.override("ru"):
        assert translation.gettext("Choose a new password") in confirm.content.decode()
    form_url = confirm.redirect_chain[-1][0]
    done = client.post(
        form_url, {"new_password1": "fresh meadow lantern", "new_password2": "fresh meadow lantern"}
    )
    assert done.status_code == 302
    user = User.objects.get(email="r@example.kz")
    assert user.check_password("fresh meadow lantern")


def test_password_reset_for_an_unknown_address_looks_the_same(client: Client) -> None:
    response = client.post("/en/accounts/password-reset/", {"email": "nobody@example.kz"})
    assert response.status_code == 302
    assert mail.outbox == []


def valid_profile(**overrides: str) -> dict[str, str]:
    import datetime as dt
    import random

    data = {
        "full_name": "Aigerim Nurlanovna Sadykova",
        "iin": make_iin(random.Random(1), dt.date(1990, 3, 15)),
        "postal_address": "Abay avenue 10, flat 5, Almaty 050000",
        "phone": "+7 701 234 56 78",
        "preferred_language": "kk",
    }
    return {**data, **overrides}


def test_profile_is_saved_and_completes_the_citizen(client: Client) -> None:
    user = User.objects.create_user("p@example.kz", GOOD_PASSWORD)
    client.force_login(user)
    response = client.post("/en/accounts/profile/", valid_profile())
    assert response.status_code == 302
    profile = CitizenProfile.objects.get(user=user)
    assert profile.is_complete
    user.refresh_from_db()
    assert user.full_name == "Aigerim Nurlanovna Sadykova"
    assert user.preferred_language == "kk"


def test_profile_with_a_wrong_iin_says_why_and_keeps_the_rest(client: Client) -> None:
    user = User.objects.create_user("p2@example.kz", GOOD_PASSWORD)
    client.force_login(user)
    data = valid_profile()
    data["iin"] = data["iin"][:11] + str((int(data["iin"][11]) + 1) % 10)
    response = client.post("/en/accounts/profile/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "The last digit of this IIN does not match the others." in body
    assert 'href="#id_iin"' in body
    assert "Abay avenue 10, flat 5" in body
    assert not CitizenProfile.objects.exists()


def test_an_iin_already_used_by_another_account_is_refused(client: Client, citizen: User) -> None:
    user = User.objects.create_user("p3@example.kz", GOOD_PASSWORD)
    client.force_login(user)
    response = client.post("/en/accounts/profile/", valid_profile(iin=citizen.citizen_profile.iin))
    assert "This IIN is already registered to another account." in response.content.decode()


def test_html_in_the_profile_is_stored_as_typed_and_escaped(client: Client) -> None:
    user = User.objects.create_user("x@example.kz", GOOD_PASSWORD)
    client.force_login(user)
    client.post("/en/accounts/profile/", valid_profile(full_name="<script>alert(1)</script>"))
    user.refresh_from_db()
    assert user.full_name == "<script>alert(1)</script>"
    page = client.get("/en/accounts/profile/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_anonymous_profile_goes_to_sign_in(client: Client) -> None:
    response = client.get("/en/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/sign-in/?next=")


def test_resending_the_link_is_rate_limited(client: Client, django_capture_on_commit_callbacks) -> None:
    user = User.objects.create_user("s@example.kz", GOOD_PASSWORD)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [client.post("/en/accounts/verify/resend/").status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    assert len(mail.outbox) == 5


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_account_pages_answer_in_each_language(client: Client, language: str) -> None:
    for path in ("accounts/sign-up/", "accounts/sign-in/", "accounts/password-reset/"):
        response = client.get(f"/{language}/{path}")
        assert response.status_code == 200
        assert f'<html lang="{language}"' in response.content.decode()


def test_repeated_wrong_passwords_lock_the_pair_with_an_explanation(client: Client) -> None:
    User.objects.create_user("locked@example.kz", GOOD_PASSWORD)
    for _ in range(5):
        client.post("/en/accounts/sign-in/", {"username": "locked@example.kz", "password": "wrong guess 123"})
    response = client.post(
        "/en/accounts/sign-in/", {"username": "locked@example.kz", "password": GOOD_PASSWORD}
    )
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_up_answers_the_same_and_does_the_same_work_whether_or_not_the_address_is_taken(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    """No enumeration: the same page, one e-mail, and the password hashed on both paths (the
    slow part of a sign-up), so neither the answer nor its time tells a visitor who has an
    account."""
    User.objects.create_user("taken@example.kz", GOOD_PASSWORD)
    hasher = type(get_hasher())
    answers = []
    for email in ("taken@example.kz", "new@example.kz"):
        mail.outbox.clear()
        with (
            mock.patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as encode,
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = sign_up(Client(), email=email)
        answers.append((response.status_code, response["Location"], len(mail.outbox), encode.call_count))
    assert answers[0] == answers[1] == (302, "/en/accounts/sign-up/check-email/", 1, 1)


def test_a_weak_password_is_refused_alike_for_a_taken_address(client: Client) -> None:
    User.objects.create_user("taken@example.kz", GOOD_PASSWORD)
    for email in ("taken@example.kz", "new@example.kz"):
        response = sign_up(Client(), email=email, password="password123")
        assert response.status_code == 200
        assert "This password is too common." in response.content.decode()


def test_sign_in_is_limited_per_address_across_accounts(settings) -> None:
    address = "198.51.100.7"
    """Password spraying: many accounts tried from one address hit the per-address budget,
    which the citizens' form, the admin's and the API token exchange share."""
    settings.DIALOG_RATE_LIMITS = {"sign_in": {"ip": "4/hour"}}
    codes = [
        Client()
        .post("/en/accounts/sign-in/", {"username": f"u{n}@example.kz", "password": "x"}, REMOTE_ADDR=address)
        .status_code
        for n in range(3)
    ]
    codes.append(
        Client()
        .post("/admin/login/", {"username": "u4@example.kz", "password": "x"}, REMOTE_ADDR=address)
        .status_code
    )
    assert 429 not in codes
    refused = Client().post(
        "/en/accounts/sign-in/", {"username": "u5@example.kz", "password": "x"}, REMOTE_ADDR=address
    )
    assert refused.status_code == 429 and refused["Retry-After"].isdigit()
    assert (
        Client()
        .post("/admin/login/", {"username": "u6@example.kz", "password": "x"}, REMOTE_ADDR=address)
        .status_code
        == 429
    )
    token = Client().post(
        "/api/v1/auth/token/",
        {"email": "u7@example.kz", "password": "x"},
        REMOTE_ADDR=address,
        content_type="application/json",
    )
    assert token.status_code == 429
    # Another address is not affected.
    other = Client().post(
        "/en/accounts/sign-in/", {"username": "u8@example.kz", "password": "x"}, REMOTE_ADDR="198.51.100.8"
    )
    assert other.status_code == 200
