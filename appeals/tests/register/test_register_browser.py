"""In Chromium: a citizen files an appeal with publication on (the form also shows a published
appeal like the one being typed), an official signs in with a TOTP code and publishes it from
the admin, and the public register finds it by search. Every page passes axe-core at 390 px and
at desktop width, and nothing is wider than a phone's screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from appeals.models import Appeal, Publication, PublicationState
from officials.models import Official
from portal.tests.browser import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"  # the conftest's users
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


def check(page: Any, name: str) -> None:
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)
        if label == "phone":
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{page.url} is {overflow}px wider than a {width}px screen"
        screenshot(page, f"register-{name}-{label}")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_citizen_publishes_official_approves_register_finds_it(
    page: Any,
    make_citizen: Callable[..., Any],
    make_official: Callable[..., Official],
    published_file: Callable[..., Appeal],
) -> None:
    earlier = published_file(subject="Streetlights broken on Abai avenue", text="It is dark at night.")
    citizen = make_citizen(email="publisher@example.kz")
    citizen.full_name = "Aruzhan Temirova"
    citizen.save()

    # The citizen files, with publication on.
    page.goto("/en/accounts/sign-in/")
    page.fill("#id_username", "publisher@example.kz")
    page.fill("#id_password", PASSWORD)
    page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_url("**/en/appeals/")
    page.goto("/en/appeals/new/")
    page.select_option("#id_addressee", "agency:ministry-of-health")
    page.select_option("#id_region", "KZ-75")
    page.check("#id_appeal_type_0")
    page.fill("#id_subject", "Broken streetlights near school No. 12")
    page.fill(
        "#id_text",
        "The streetlights on the way to school No. 12 have not worked for a month. "
        "Call me, Aruzhan Temirova, on +7 701 123 45 67.",
    )
    # "Has this been answered already?": fetched while typing, into the live region.
    results = page.locator("#similar-results")
    results.get_by_role("link", name="Streetlights broken on Abai avenue").wait_for()
    assert results.get_attribute("aria-live") == "polite"
    page.check("#id_publish")
    page.check("#id_consent")
    check(page, "filing-form")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/appeals/new/check/")
    assert page.get_by_text("Publish, after the agency's check").is_visible()
    page.get_by_role("button", name="Send the appeal").click()
    page.wait_for_load_state()
    appeal = Appeal.objects.exclude(pk=earlier.pk).get()
    assert appeal.publication.state == PublicationState.PENDING

    # The official signs in with password and TOTP code, and publishes it.
    officer = make_official("ministry-of-health")
    device = TOTPDevice.objects.create(user=officer.user, name="phone", confirmed=True)
    page.context.clear_cookies()
    page.goto("/admin/")
    page.locator("#id_username").fill(officer.user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_label("Code from your authenticator app, or a recovery code").fill(
        f"{totp(device.bin_key, t0=-30):06d}"
    )
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
    page.goto("/admin/appeals/publication/?state=pending")
    page.get_by_role("link", name=appeal.tracking_number).click()
    page.wait_for_load_state()
    assert page.get_by_text("+7 701 123 45 67").count() == 1  # the original, for the official
    check(page, "moderation")
    page.get_by_label("Also hide these words").fill("school No. 12")
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state()
    assert page.get_by_text("Preview with the words you chose hidden").is_visible()
    page.get_by_role("button", name="Publish in the register").click()
    page.wait_for_load_state()
    assert Publication.objects.get(appeal=appeal).state == PublicationState.PUBLISHED

    # Anybody finds it in the register by search; the name and the phone number are hidden.
    page.context.clear_cookies()
    page.goto("/en/register/")
    page.get_by_label("Words to find").fill("streetlights month")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    link = page.locator(".dialog-register-list").get_by_role("link").first
    assert "Broken streetlights" in link.inner_text()
    check(page, "list")
    link.click()
    page.wait_for_load_state()
    body = page.locator("main").inner_text()
    assert appeal.tracking_number in body
    assert "Temirova" not in body and "701 123" not in body and "No. 12" not in body
    assert "[phone number hidden]" in body and "[name hidden]" in body
    check(page, "entry")
    page.get_by_role("link", name="Ministry of Health of the Republic of Kazakhstan").click()
    page.wait_for_load_state()
    check(page, "agency")
