"""The landing page in Chromium, in each language, on a phone: accessible and working."""

from __future__ import annotations

import pytest

from portal.tests.browser import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_home_page_is_accessible_on_a_phone(phone_page, language: str) -> None:
    phone_page.goto(f"/{language}/")
    assert phone_page.locator("html").get_attribute("lang") == language
    assert phone_page.locator("h1").count() == 1
    assert_accessible(phone_page)
    screenshot(phone_page, f"home-{language}-phone")


def test_language_switcher_keeps_the_page(page) -> None:
    page.goto("/en/")
    page.get_by_role("link", name="Русский").click()
    page.wait_for_url("**/ru/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert_accessible(page)
