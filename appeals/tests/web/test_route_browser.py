"""Routing help in real Chromium: kk, ru and en, phone and desktop, with JavaScript (suggestions
as you type, no submit) and without it (submit and suggest); axe-core finds nothing serious."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from portal.tests.browser import assert_accessible, screenshot

PROBLEMS = {
    "kk": ("Біздің көшеде шамдар жанбайды, кешке қараңғы", "Кім шеше алады", "Білмеймін", "Жазу: "),
    "ru": ("На нашей улице не горят фонари, вечером темно", "Кому можно обратиться", "Не знаю", "Написать: "),  # noqa: RUF001
    "en": (
        "The street lights on our street are out and it is dark",
        "Who can decide it",
        "I don\u2019t know",
        "Write to ",
    ),
}
SIZES = {"phone": (375, 800), "desktop": (1280, 900)}


def _walk(browser: Any, live_server: Any, language: str, size: str, *, javascript: bool) -> None:
    width, height = SIZES[size]
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}, java_script_enabled=javascript
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    text, heading, unknown, write_to = PROBLEMS[language]
    tab.goto(f"/{language}/appeals/new/route/")
    if javascript:
        assert_accessible(tab)
    tab.select_option("#id_region", "KZ-71")
    tab.fill("#id_q", text)
    if not javascript:
        tab.locator("form[data-module='dialog-route'] button[type='submit']").click()
        assert "q=" in tab.url  # the server answered the form
    results = tab.locator("#route-results")
    expect(results.get_by_role("heading", name=heading)).to_be_visible()
    first = results.locator("ol li a").first
    expect(first).to_have_attribute("href", f"/{language}/appeals/new/?agency=akimat-kz-71&region=KZ-71")
    expect(results.get_by_role("heading", name=unknown)).to_be_visible()
    expect(results.locator("a.govuk-button")).to_have_attribute("href", first.get_attribute("href") or "")
    expect(results.locator("a.govuk-button")).to_contain_text(write_to)
    if javascript:
        assert "q=" not in tab.url  # suggested as the citizen typed, nothing submitted
        assert_accessible(tab)
        assert tab.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(tab, f"route-{language}-{size}-{'js' if javascript else 'nojs'}")
    answered_url = tab.url
    context.close()
    assert not errors, errors
    if not javascript:
        # axe-core needs JavaScript: check the page the server rendered, opened with it on (the
        # script changes nothing until the citizen types).
        checker = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height})
        again = checker.new_page()
        again.goto(answered_url)
        expect(again.locator("#route-results").get_by_role("heading", name=heading)).to_be_visible()
        assert_accessible(again)
        assert again.evaluate("document.documentElement.scrollWidth") <= width
        checker.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_route_page_suggests_in_each_language_on_phone_and_desktop_with_and_without_javascript(
    browser, live_server, transactional_reference, language
) -> None:
    for size in SIZES:
        for javascript in (True, False):
            _walk(browser, live_server, language, size, javascript=javascript)
