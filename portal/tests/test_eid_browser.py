"""The "Sign in with eGov ID" path in Chromium on a phone: the button on the sign-in page, the
provider's login form (a real OpenID Connect provider in its own process), back on the portal
signed in; and the page a refused identity lands on."""

from __future__ import annotations

import pytest

from portal.accounts.models import User
from portal.accounts.tests.eid_provider import BAD_IIN, CITIZEN, PASSWORD, Provider
from portal.tests.browser import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUTTON = {"kk": "eGov ID арқылы кіру", "ru": "Войти через eGov ID", "en": "Sign in with eGov ID"}
SIGNED_IN = {
    "kk": "Сіз eGov ID арқылы кірдіңіз.",
    "ru": "Вы вошли через eGov ID.",
    "en": "You are signed in with eGov ID.",
}
REFUSED = {
    "kk": "eGov ID арқылы кіру сәтсіз аяқталды",
    "ru": "Не удалось войти через eGov ID",  # noqa: RUF001
    "en": "Sign-in with eGov ID did not work",
}


def sign_in_at_the_provider(page: object, iin: str) -> None:
    page.get_by_label("IIN").fill(iin)  # type: ignore[attr-defined]
    page.get_by_label("Password").fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["kk", "en"])
def test_a_citizen_signs_in_with_egov_id_on_a_phone(
    phone_page: object, eid_on: Provider, language: str
) -> None:
    page = phone_page
    page.goto(f"/{language}/accounts/sign-in/")  # type: ignore[attr-defined]
    button = page.get_by_role("button", name=BUTTON[language])  # type: ignore[attr-defined]
    assert button.is_visible()
    assert_accessible(page)
    screenshot(page, f"eid-sign-in-{language}-phone")

    button.click()
    page.wait_for_url(f"{eid_on.issuer.rsplit('/o', 1)[0]}/login/**")  # type: ignore[attr-defined]
    sign_in_at_the_provider(page, CITIZEN.iin)

    page.wait_for_url(f"**/{language}/appeals/")  # type: ignore[attr-defined]
    assert page.get_by_text(SIGNED_IN[language]).is_visible()  # type: ignore[attr-defined]
    assert_accessible(page)
    screenshot(page, f"eid-signed-in-{language}-phone")
    assert User.objects.get(citizen_profile__iin=CITIZEN.iin).full_name == CITIZEN.full_name

    page.goto(f"/{language}/accounts/profile/")  # type: ignore[attr-defined]
    assert page.locator("#eid-verified").is_visible()  # type: ignore[attr-defined]
    assert page.locator("input[name=iin]").is_disabled()  # type: ignore[attr-defined]
    assert_accessible(page)
    screenshot(page, f"eid-profile-{language}-phone")


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_refused_identity_lands_on_a_page_that_offers_the_password_sign_in(
    phone_page: object, eid_on: Provider, language: str
) -> None:
    page = phone_page
    page.goto(f"/{language}/accounts/sign-in/")  # type: ignore[attr-defined]
    page.get_by_role("button", name=BUTTON[language]).click()  # type: ignore[attr-defined]
    page.wait_for_url("**/login/**")  # type: ignore[attr-defined]
    sign_in_at_the_provider(page, BAD_IIN.iin)

    page.wait_for_url("**/accounts/eid/callback/**")  # type: ignore[attr-defined]
    assert page.locator("html").get_attribute("lang") == language  # type: ignore[attr-defined]
    assert page.get_by_role("heading", name=REFUSED[language]).is_visible()  # type: ignore[attr-defined]
    assert_accessible(page)
    screenshot(page, f"eid-refused-{language}-phone")
    page.locator("main a[href$='/accounts/sign-in/']").click()  # type: ignore[attr-defined]
    page.wait_for_url(f"**/{language}/accounts/sign-in/")  # type: ignore[attr-defined]
