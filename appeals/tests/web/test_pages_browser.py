"""The other citizen pages in Chromium, each language on a phone: the password reset, the
checklist before filing, answering a clarification, withdrawing with a confirmation and
complaining (with its error summary). axe-core on every page; nothing wider than the phone."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from appeals.models import AppealStatus
from appeals.services import appeal_answer, appeal_file, appeal_request_clarification
from officials.models import Agency, Official, Region
from portal.accounts.models import User
from portal.tests.browser import assert_accessible, screenshot, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "plum orbit candle seventy"


def check(page, name: str, language: str) -> None:
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], name
    assert_accessible(page)
    screenshot(page, name)


def sign_in(page, language: str, email: str) -> None:
    page.goto(f"/{language}/accounts/sign-in/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/appeals/")


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_other_citizen_pages_work_on_a_phone(phone_page, language: str, make_citizen) -> None:
    page = phone_page
    page.goto(f"/{language}/accounts/password-reset/")
    check(page, f"pages-{language}-password-reset", language)
    submit(page.locator("main form button[type=submit]"))
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, f"pages-{language}-password-reset-error", language)

    newcomer = User.objects.create_user(f"new-{language}@example.kz", PASSWORD, preferred_language=language)
    sign_in(page, language, newcomer.email)
    page.goto(f"/{language}/appeals/new/")
    assert page.locator("main form[action$='/accounts/verify/resend/']").count() == 1
    check(page, f"pages-{language}-before-filing", language)
    page.locator("main a.govuk-button").click()  # give your details
    page.wait_for_url(re.compile(r".*/accounts/profile/\?next=.*"))
    check(page, f"pages-{language}-profile-unverified", language)
    page.locator(".govuk-service-navigation__toggle").click()  # the phone's menu
    page.locator("header form button").click()  # sign out
    page.wait_for_url(f"**/{language}/")

    citizen = make_citizen(email=f"c-{language}@example.kz", language=language)
    citizen.set_password(PASSWORD)
    citizen.email_verified_at = timezone.now()
    citizen.save()
    health = Agency.objects.get(slug="ministry-of-health")
    officer = User.objects.create_user(f"o-{language}@health.gov.kz", PASSWORD, is_staff=True)
    Official.objects.create(user=officer, agency=health, role=Official.Role.OFFICER)
    region = Region.objects.get(code="KZ-75")

    def new_appeal(subject: str):
        return appeal_file(
            actor=citizen, appeal_type="report", agency=health, region=region, subject=subject, text="Text."
        )

    asked = new_appeal("Asked")
    appeal_request_clarification(actor=officer, appeal=asked, question="Which building exactly?")
    sign_in(page, language, citizen.email)
    page.goto(f"/{language}/appeals/{asked.tracking_number}/")
    assert "Which building exactly?" in page.locator("main").inner_text()
    check(page, f"pages-{language}-clarification", language)
    page.locator("form[action$='/clarify/'] button").click()
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, f"pages-{language}-clarification-error", language)
    page.fill("#id_clarification", "Building 3, entrance 2.")
    page.locator("form[action$='/clarify/'] button").click()
    asked.refresh_from_db()
    assert asked.status == AppealStatus.REGISTERED

    page.locator("main a.govuk-button--warning").click()  # withdraw
    page.wait_for_url("**/withdraw/")
    check(page, f"pages-{language}-withdraw", language)
    page.locator("main form button").click()
    page.wait_for_url(f"**/appeals/{asked.tracking_number}/")
    asked.refresh_from_db()
    assert asked.status == AppealStatus.WITHDRAWN
    check(page, f"pages-{language}-withdrawn", language)

    answered = new_appeal("Answered")
    appeal_answer(actor=officer, appeal=answered, text="We will look into it.")
    page.goto(f"/{language}/appeals/{answered.tracking_number}/complain/")
    check(page, f"pages-{language}-complain", language)
    page.locator("main form button").click()
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, f"pages-{language}-complain-error", language)
    assert page.locator("input[type=radio]").count() == 0  # one possible subject: said in words
    page.fill("#id_text", "The answer promises nothing concrete.")
    page.locator("main form button").click()
    page.wait_for_url("**/filed/")
    check(page, f"pages-{language}-complaint-filed", language)
    assert answered.complaints.count() == 1
