"""The citizen's journey in real Chromium: sign up, confirm the e-mail, give the details the law
asks for, file an appeal with a file, find it in My appeals, read the answer and rate it — in
English on a desktop, in Kazakh and Russian on a phone — and the usual mistakes on the way.
axe-core runs on every page visited; screenshots go to test-artifacts/."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest
from django.core import mail

from appeals.models import Appeal, AppealStatus
from appeals.services import appeal_answer
from appeals.tests.web.conftest import pdf_bytes, png_bytes
from portal.accounts.iin import make_iin
from portal.accounts.models import User
from portal.tests.browser import assert_accessible, screenshot
from portal.tests.browser import submit as submit_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "plum orbit candle seventy"


def submit(page, form_selector: str = "main form[method=post]") -> None:
    # The form's visible main button: not the out-of-sight default one, not "look for similar".
    submit_and_wait(
        page.locator(f"{form_selector} button[type=submit]:not([tabindex='-1']):not([name=similar])").first
    )


def check(page, name: str, language: str) -> None:
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} is wider than the screen"
    screenshot(page, name)


def verification_path(email: str) -> str:
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    link = re.search(r"https?://\S+", message.body)
    assert link
    return "/" + link.group(0).split("/", 3)[3]


def sign_up_and_verify(page, language: str, email: str, shot: str) -> None:
    page.goto(f"/{language}/")
    page.locator("a.govuk-button--start").click()
    page.wait_for_url(f"**/{language}/appeals/new/")
    check(page, f"{shot}-sign-in-needed", language)
    page.locator("main a.govuk-button--secondary").click()  # create an account
    page.wait_for_url(f"**/{language}/accounts/sign-up/")
    check(page, f"{shot}-sign-up", language)
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    submit(page)
    page.wait_for_url("**/check-email/")
    check(page, f"{shot}-check-email", language)

    page.goto(verification_path(email))
    check(page, f"{shot}-verified", language)
    assert User.objects.get(email=email).email_verified_at is not None
    page.locator("main a.govuk-button").click()  # sign in, then on to the profile
    page.wait_for_url("**/accounts/sign-in/**")
    check(page, f"{shot}-sign-in", language)
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    submit(page)
    page.wait_for_url("**/accounts/profile/")


def complete_profile(page, language: str, shot: str, iin: str) -> None:
    check(page, f"{shot}-profile", language)
    page.fill("#id_full_name", "Айгерім Нұрланқызы Сәдуақасова")
    page.fill("#id_iin", iin)
    page.fill("#id_postal_address", "Абай даңғылы 10, пәтер 5, Алматы 050000")
    page.select_option("#id_preferred_language", language)
    submit(page)
    assert page.locator(".govuk-notification-banner--success").count() == 1


def file_appeal(page, language: str, shot: str, tmp_path: Path) -> str:
    page.goto(f"/{language}/appeals/new/")
    check(page, f"{shot}-new-appeal", language)
    # The script's filter box narrows the list of addressees.
    page.fill(
        "#addressee-filter",
        "денсаулық" if language == "kk" else "здравоохранения" if language == "ru" else "health",
    )
    visible = page.locator("#id_addressee option:not([hidden])")
    assert 1 <= visible.count() < 10
    page.select_option("#id_addressee", "agency:ministry-of-health")
    page.select_option("#id_region", "KZ-75")
    page.check("#id_appeal_type_5")  # inquiry
    page.fill("#id_subject", "Вакцинация <b>кестесі</b>")
    page.fill("#id_text", "Емхана № 5: келесі вакцинация күні қашан?\nРақмет.")  # noqa: RUF001
    assert page.locator(".govuk-character-count__status").count() == 1
    photo = tmp_path / "receipt.png"
    photo.write_bytes(png_bytes())
    page.set_input_files("#id_attachments", [str(photo)])
    page.check("#id_consent")
    submit(page)
    page.wait_for_url("**/appeals/new/check/")
    check(page, f"{shot}-check-answers", language)
    assert "receipt.png" in page.locator("main").inner_text()
    submit(page)
    page.wait_for_url("**/filed/")
    check(page, f"{shot}-filed", language)
    number = page.locator(".govuk-panel__body strong").inner_text().strip()
    assert re.fullmatch(r"DLG-\d{4}-\d{6}", number)
    return number


def follow_and_rate(page, language: str, shot: str, number: str) -> None:
    page.goto(f"/{language}/appeals/")
    check(page, f"{shot}-my-appeals", language)
    assert page.locator(f"a[href='/{language}/appeals/{number}/']").count() == 1
    page.locator(f"a[href='/{language}/appeals/{number}/']").click()
    page.wait_for_url(f"**/appeals/{number}/")
    assert page.locator("h1").inner_text() == "Вакцинация <b>кестесі</b>"  # escaped, shown as typed
    check(page, f"{shot}-appeal", language)

    appeal = Appeal.objects.get(tracking_number=number)
    from officials.models import Official

    officer_user = User.objects.create_user("officer@health.gov.kz", PASSWORD, is_staff=True)
    Official.objects.create(user=officer_user, agency=appeal.agency, role=Official.Role.OFFICER)
    from django.core.files.uploadedfile import SimpleUploadedFile

    appeal_answer(
        actor=officer_user,
        appeal=appeal,
        text="Вакцинация сейсенбі сайын 9:00-ден.",
        uploads=[SimpleUploadedFile("jauap.pdf", pdf_bytes(), "application/pdf")],
    )

    page.reload()
    assert "Вакцинация сейсенбі сайын" in page.locator("main").inner_text()
    with page.expect_download() as download:
        page.locator("a[download]", has_text="jauap.pdf").click()
    assert download.value.suggested_filename == "jauap.pdf"
    # A focused GOV.UK link drops its underline for the yellow focus style; axe would read that
    # state as "colour only", so move focus away before checking the page.
    page.evaluate("document.activeElement.blur()")
    check(page, f"{shot}-answered", language)
    page.check("#id_rating_0")  # 5
    page.check("#id_resolved_0")  # yes
    submit(page, f"form[action='/{language}/appeals/{number}/rate/']")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.CLOSED and appeal.rating == 5 and appeal.rating_resolved is True
    check(page, f"{shot}-rated", language)


def test_the_whole_journey_on_a_desktop_in_english(page, tmp_path: Path) -> None:
    sign_up_and_verify(page, "en", "aigerim@example.kz", "journey-en")
    complete_profile(page, "en", "journey-en", make_iin(random.Random(3), dt.date(1991, 6, 1)))
    number = file_appeal(page, "en", "journey-en", tmp_path)
    follow_and_rate(page, "en", "journey-en", number)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_whole_journey_on_a_phone(phone_page, language: str, tmp_path: Path) -> None:
    email = f"{language}-citizen@example.kz"
    sign_up_and_verify(phone_page, language, email, f"journey-{language}-phone")
    user = User.objects.get(email=email)
    assert user.preferred_language == language
    complete_profile(
        phone_page, language, f"journey-{language}-phone", make_iin(random.Random(4), dt.date(1985, 2, 3))
    )
    number = file_appeal(phone_page, language, f"journey-{language}-phone", tmp_path)
    follow_and_rate(phone_page, language, f"journey-{language}-phone", number)
    # the page is no wider than the phone
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.fixture
def ready_citizen(page, make_citizen) -> User:
    from django.utils import timezone

    user = make_citizen(email="ready@example.kz")
    user.set_password(PASSWORD)
    user.email_verified_at = timezone.now()
    user.save()
    page.goto("/en/accounts/sign-in/")
    page.fill("#id_username", "ready@example.kz")
    page.fill("#id_password", PASSWORD)
    submit(page)
    page.wait_for_url("**/en/appeals/")
    return user


def test_a_wrong_iin_is_explained_and_linked_to_its_field(page, ready_citizen: User) -> None:
    page.goto("/en/accounts/profile/")
    page.fill("#id_iin", "900315301238")  # the check digit should be 7
    page.fill("#id_postal_address", "Kept address 1")
    submit(page)
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "does not match the others" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.input_value("#id_postal_address") == "Kept address 1"
    assert page.title().startswith("Error:")
    check(page, "error-wrong-iin", "en")
    summary.locator("a").first.click()
    assert page.evaluate("document.activeElement.id") == "id_iin"


def test_a_missing_field_keeps_the_draft_and_links_each_problem(page, ready_citizen: User) -> None:
    page.goto("/en/appeals/new/")
    page.fill("#id_subject", "Broken street light")
    page.fill("#id_text", "The light on Abay 10 has been off for a month.")
    submit(page)
    summary = page.locator(".govuk-error-summary")
    text = summary.inner_text()
    for message in (
        "Choose who the appeal is for.",
        "Choose the region",
        "Choose what kind",
        "Agree to the processing",
    ):
        assert message in text
    assert page.input_value("#id_subject") == "Broken street light"
    assert page.input_value("#id_text") == "The light on Abay 10 has been off for a month."
    check(page, "error-missing-fields", "en")
    summary.locator("a", has_text="Choose what kind").click()
    assert page.evaluate("document.activeElement.id") == "id_appeal_type_0"
    assert not Appeal.objects.exists()


def test_an_oversize_file_is_refused_and_the_text_kept(page, ready_citizen: User, tmp_path: Path) -> None:
    big = tmp_path / "scan.pdf"
    big.write_bytes(pdf_bytes() + b"0" * (11 * 1024 * 1024))
    page.goto("/en/appeals/new/")
    page.select_option("#id_addressee", "agency:ministry-of-health")
    page.select_option("#id_region", "KZ-75")
    page.check("#id_appeal_type_0")
    page.fill("#id_subject", "Oversize")
    page.fill("#id_text", "Please see the scan.")
    page.set_input_files("#id_attachments", [str(big)])
    page.check("#id_consent")
    submit(page)
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "scan.pdf is 11.0" in summary and "at most 10.0" in summary
    assert page.input_value("#id_text") == "Please see the scan."
    assert page.locator("#id_addressee").input_value() == "agency:ministry-of-health"
    check(page, "error-oversize-file", "en")
    assert not Appeal.objects.exists()


def test_the_appeal_form_works_without_javascript(
    browser, live_server, transactional_reference, make_citizen
) -> None:
    from django.utils import timezone

    user = make_citizen(email="nojs@example.kz")
    user.set_password(PASSWORD)
    user.email_verified_at = timezone.now()
    user.save()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/accounts/sign-in/")
    page.fill("#id_username", "nojs@example.kz")
    page.fill("#id_password", PASSWORD)
    submit(page)
    page.goto("/en/appeals/new/")
    assert page.locator("#addressee-filter").is_hidden()
    assert page.locator("#id_addressee optgroup").count() == 4
    page.select_option("#id_addressee", "agency:ministry-of-health")
    page.select_option("#id_region", "KZ-75")
    page.check("#id_appeal_type_1")
    page.fill("#id_subject", "No script")
    page.fill("#id_text", "Filed without JavaScript.")
    page.check("#id_consent")
    submit(page)
    page.wait_for_url("**/appeals/new/check/")
    assert not Appeal.objects.exists()
    submit(page)  # check your answers, then send: no script needed
    page.wait_for_url("**/filed/")
    assert Appeal.objects.filter(citizen=user, subject="No script").exists()
    context.close()


def test_enter_in_the_subject_continues_to_the_check_page(
    browser, live_server, transactional_reference, make_citizen
) -> None:
    """Enter in a one-line field uses the form's first submit button: "Continue", not the search
    for similar published appeals that sits earlier on the page than the visible Continue."""
    from django.utils import timezone

    user = make_citizen(email="enter@example.kz")
    user.set_password(PASSWORD)
    user.email_verified_at = timezone.now()
    user.save()
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto("/en/accounts/sign-in/")
    page.fill("#id_username", "enter@example.kz")
    page.fill("#id_password", PASSWORD)
    submit(page)
    page.goto("/en/appeals/new/")
    page.select_option("#id_addressee", "agency:ministry-of-health")
    page.select_option("#id_region", "KZ-75")
    page.check("#id_appeal_type_1")
    page.fill("#id_text", "Filed with the Enter key.")
    page.check("#id_consent")
    page.fill("#id_subject", "Enter key")
    page.press("#id_subject", "Enter")
    page.wait_for_url("**/appeals/new/check/")
    assert_accessible(page)
    context.close()
