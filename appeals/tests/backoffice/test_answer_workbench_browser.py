"""In Chromium, an official's morning at the answering workbench: signs in with a TOTP code,
takes an unassigned appeal, answers it from a template after a preview (the draft saving itself
on the way), links two duplicates and answers them together; then, in an agency that requires
approval, a head signs in and approves an officer's answer. axe-core checks each page."""

from __future__ import annotations

from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from appeals.models import Answer, AnswerDraft, AnswerTemplate, AppealStatus, ApprovalRule, PendingAnswer
from officials.models import Official
from portal.tests.browser import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long new password 42"


def sign_in(page: Any, official: Official) -> None:
    official.user.set_password(PASSWORD)
    official.user.save()
    device = TOTPDevice.objects.create(user=official.user, name="authenticator", confirmed=True)
    page.context.clear_cookies()
    page.goto("/admin/")
    page.locator("#id_username").fill(official.user.email)
    page.locator("#id_password").fill(PASSWORD)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.get_by_label("Code from your authenticator app, or a recovery code").fill(f"{code:06d}")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")


def test_answer_from_a_template_after_a_preview_then_duplicates_together(
    page, make_official, file_appeal, make_citizen, citizen
) -> None:
    officer: Official = make_official("ministry-of-health")
    appeal = file_appeal(subject="Clinic queue", text="The queue at clinic No. 5 is three weeks long.")
    AnswerTemplate.objects.create(
        agency=officer.agency,
        language="en",
        title="Queue answer",
        text="Dear {citizen_name}, on appeal {tracking_number}: the clinic now books online.",
    )
    sign_in(page, officer)

    page.goto(f"/admin/appeals/appeal/{appeal.pk}/change/")
    assert page.locator("#appeal-language").inner_text() == "English"
    # Take it: assign to oneself.
    page.get_by_text("Assign", exact=True).first.click()
    page.get_by_label("Official").select_option(str(officer.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Assign").click()

    page.get_by_text("Answer the citizen").click()
    page.get_by_label("Template").select_option(label="Queue answer (en)")
    with page.expect_navigation():
        page.get_by_role("button", name="Use the template").click()
    box = page.locator("#id_answer-text")
    assert "{citizen_name}" in box.input_value()
    box.press("Control+End")
    box.press_sequentially(" Thank you.")
    page.locator("#answer-draft-status").get_by_text("Draft saved at").wait_for()
    assert "Thank you." in AnswerDraft.objects.get(appeal=appeal).text

    with page.expect_navigation():
        page.get_by_role("button", name="Preview").click()
    preview = page.locator("#answer-preview")
    assert f"Dear {citizen.get_full_name()}, on appeal {appeal.tracking_number}" in preview.inner_text()
    assert f"Appeal {appeal.tracking_number} answered" in preview.inner_text()
    screenshot(page, "admin-answer-preview")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Send the answer").click()
    page.get_by_text("The answer is sent; the citizen has been notified.").wait_for()
    answer = Answer.objects.get(appeal=appeal)
    assert answer.text.startswith(f"Dear {citizen.get_full_name()}, on appeal {appeal.tracking_number}")
    assert answer.text.endswith("Thank you.")

    # Two appeals about one pothole: link them and answer both at once.
    first = file_appeal(subject="Pothole on Abay avenue", text="A deep pothole near house 10 on Abay avenue.")
    second = file_appeal(
        actor=make_citizen(), subject="Abay avenue pothole", text="The pothole on Abay avenue broke my wheel."
    )
    page.goto(f"/admin/appeals/appeal/{first.pk}/change/")
    duplicates = page.locator("#duplicates")
    assert second.tracking_number in duplicates.inner_text()
    assert_accessible(page)
    with page.expect_navigation():
        duplicates.get_by_role("button", name=f"Link {second.tracking_number} to this appeal").click()
    page.get_by_text(f"Linked with {second.tracking_number}.").wait_for()
    page.get_by_text("Answer the citizen").click()
    page.locator("#id_answer-text").fill("Dear {citizen_name}, the pothole is repaired.")
    page.get_by_label(f"{second.tracking_number} — {second.subject}").check()
    screenshot(page, "admin-answer-linked-group")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Send the answer").click()
    page.get_by_text("The answer is sent to 2 appeals; each citizen has been notified.").wait_for()
    for one in (first, second):
        one.refresh_from_db()
        assert one.status == AppealStatus.ANSWERED
        assert one.answers.get().text == f"Dear {one.citizen.get_full_name()}, the pothole is repaired."


def test_a_head_approves_an_officers_answer(page, make_official, file_appeal) -> None:
    officer: Official = make_official("ministry-of-health")
    head: Official = make_official("ministry-of-health", Official.Role.HEAD)
    ApprovalRule.objects.create(agency=officer.agency, required=True)
    appeal = file_appeal(subject="No insulin at pharmacy No. 12")

    sign_in(page, officer)
    page.goto(f"/admin/appeals/appeal/{appeal.pk}/change/")
    page.get_by_text("Answer the citizen").click()
    page.locator("#id_answer-text").fill("Insulin was delivered today.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the answer").click()
    page.get_by_text("The answer is handed in for approval").wait_for()
    assert page.get_by_text("Awaiting approval").first.is_visible()
    assert PendingAnswer.objects.filter(appeal=appeal, status="pending").exists()

    sign_in(page, head)
    page.goto(f"/admin/appeals/appeal/{appeal.pk}/change/")
    approval = page.locator("#awaiting-approval")
    assert "Insulin was delivered today." in approval.inner_text()
    screenshot(page, "admin-answer-awaiting-approval")
    assert_accessible(page)
    with page.expect_navigation():
        approval.get_by_role("button", name="Approve and send").click()
    page.get_by_text("The answer is approved and sent; the citizen has been notified.").wait_for()
    assert_accessible(page)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ANSWERED
    assert Answer.objects.get(appeal=appeal).author == officer.user

    page.goto("/admin/appeals/answertemplate/")
    assert_accessible(page)
    page.goto("/admin/appeals/answertemplate/add/")
    assert_accessible(page)
    page.goto("/admin/appeals/approvalrule/")
    assert_accessible(page)
