"""The new citizen paths in real Chromium, in Kazakh, Russian and English, on a phone and a
desktop: a form error that keeps the chosen file, "check your answers", adding information to an
open appeal, rating with a comment, and the privacy, accessibility, help and contact pages (from
the footer). axe-core on every page; screenshots in test-artifacts/."""

# ruff: noqa: RUF001 (Kazakh and Russian text typed by the citizen)
from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone

from appeals.models import Appeal, AppealStatus, EventKind
from appeals.services import appeal_answer
from appeals.tests.web.conftest import png_bytes
from officials.models import Official
from portal.accounts.models import User
from portal.tests.browser import assert_accessible, screenshot, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "plum orbit candle seventy"
VIEWPORTS = {"phone": {"width": 375, "height": 800}, "desktop": {"width": 1280, "height": 900}}
# What the citizen types, in the page's language.
TYPED = {
    "kk": (
        "Көше шамы жанбайды",
        "Абай 10 үйінің жанындағы шам бір ай бойы жанбайды.",
        "Енді екі шам жанбайды.",
    ),
    "ru": ("Не горит фонарь", "Фонарь у дома Абая, 10 не горит уже месяц.", "Теперь не горят два фонаря."),
    "en": ("Street light out", "The light by Abay 10 has been off for a month.", "Now two lights are off."),
}


def check(page, name: str, language: str) -> None:
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], name
    page.evaluate("document.activeElement && document.activeElement.blur()")
    assert_accessible(page)
    screenshot(page, name)


@pytest.fixture(params=["phone", "desktop"])
def any_page(request, browser, live_server, transactional_reference):
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS[request.param], locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.viewport_name = request.param
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_check_answers_add_information_and_rate_with_a_comment(
    any_page, language: str, make_citizen, tmp_path: Path
) -> None:
    page = any_page
    shot = f"follow-ups-{language}-{page.viewport_name}"
    subject, text, more = TYPED[language]
    citizen = make_citizen(email=f"f-{language}@example.kz", language=language)
    citizen.set_password(PASSWORD)
    citizen.email_verified_at = timezone.now()
    citizen.save()
    page.goto(f"/{language}/accounts/sign-in/")
    page.fill("#id_username", citizen.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/appeals/")

    # A mistake with a file chosen: the file is kept with the draft, not lost.
    page.goto(f"/{language}/appeals/new/?agency=akimat-kz-75&region=KZ-75")
    assert page.locator("#id_addressee").input_value() == "agency:akimat-kz-75"
    photo = tmp_path / "lamp.png"
    photo.write_bytes(png_bytes())
    page.fill("#id_text", text)
    page.set_input_files("#id_attachments", [str(photo)])
    submit(page.locator("main form[enctype] > button[type=submit]"))
    assert page.locator(".govuk-error-summary").is_visible()
    assert "lamp.png" in page.locator("main").inner_text()
    assert page.input_value("#id_text") == text
    check(page, f"{shot}-error-file-kept", language)

    page.check("#id_appeal_type_0")
    page.fill("#id_subject", subject)
    page.check("#id_consent")
    page.locator("main form[enctype] > button[type=submit]").click()
    page.wait_for_url("**/appeals/new/check/")
    main = page.locator("main").inner_text()
    assert subject in main and text in main and "lamp.png" in main
    assert not Appeal.objects.exists()
    check(page, f"{shot}-check-answers", language)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/filed/")
    appeal = Appeal.objects.get(citizen=citizen)
    assert appeal.attachments.get().original_name == "lamp.png"

    # More information while the appeal is open: on the timeline, the term unchanged.
    page.goto(f"/{language}/appeals/{appeal.tracking_number}/")
    page.locator("form[action$='/add/'] button").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, f"{shot}-add-information-error", language)
    page.fill("#id_information", more)
    page.locator("form[action$='/add/'] button").click()
    page.wait_for_url(f"**/appeals/{appeal.tracking_number}/")
    assert more in page.locator(".dialog-timeline").inner_text()
    due = appeal.due_on
    appeal.refresh_from_db()
    assert appeal.due_on == due and appeal.events.filter(kind=EventKind.INFORMATION_ADDED).count() == 1
    check(page, f"{shot}-information-added", language)

    # The answer comes; the rating takes a comment.
    officer = User.objects.create_user(f"o-{language}@akimat.gov.kz", PASSWORD, is_staff=True)
    Official.objects.create(user=officer, agency=appeal.agency, role=Official.Role.OFFICER)
    appeal_answer(actor=officer, appeal=appeal, text="Шам ауыстырылды. / Фонарь заменён. / Replaced.")
    page.reload()
    page.check("#id_rating_1")  # 4
    page.check("#id_resolved_0")
    page.fill("#id_comment", more)
    check(page, f"{shot}-rate-with-comment", language)
    page.locator(f"form[action='/{language}/appeals/{appeal.tracking_number}/rate/'] button").click()
    page.wait_for_url(f"**/appeals/{appeal.tracking_number}/")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.CLOSED and appeal.rating == 4 and appeal.rating_comment == more
    check(page, f"{shot}-rated", language)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_privacy_accessibility_help_and_contact_pages_from_the_footer(any_page, language: str) -> None:
    page = any_page
    page.goto(f"/{language}/")
    for name in ("help", "contact", "privacy", "accessibility"):
        page.locator(f"footer a[href='/{language}/{name}/']").click()
        page.wait_for_url(f"**/{language}/{name}/")
        check(page, f"pages-{name}-{language}-{page.viewport_name}", language)
