"""In Chromium: a new official enrols through the one-time link (password, the key shown on the
page into an authenticator, a code), signs in with a TOTP code, looks at the dashboard, finds the
most urgent appeal at the top of the inbox and answers it."""

from __future__ import annotations

import base64
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from django_otp.oath import totp

from appeals.models import Appeal, AppealStatus, Notification
from conftest import almaty_time
from officials.enrolment import enrolment_link
from officials.models import Official
from portal.tests.browser import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_official_signs_in_with_totp_and_answers_the_most_urgent_appeal(
    page, make_official, file_appeal, citizen
) -> None:
    officer: Official = make_official("ministry-of-health")
    file_appeal(subject="New bus route to the clinic", now=almaty_time(2026, 11, 2, 10))
    urgent = file_appeal(subject="No insulin at pharmacy No. 12", now=almaty_time(2026, 10, 1, 10))
    Appeal.objects.filter(pk=urgent.pk).update(overdue_since=timezone.now(), escalation_level=1)
    file_appeal(subject="Clinic queue", now=almaty_time(2026, 10, 20, 10))

    # Enrolment: the link create_official prints, a password, the key typed into an "app".
    page.goto(urlsplit(enrolment_link(officer.user)).path)
    page.locator("#id_new_password1").fill("a long new password 42")
    page.locator("#id_new_password2").fill("a long new password 42")
    page.get_by_role("button", name="Set password").click()
    page.wait_for_url("**/admin/enrol/")
    secret = page.locator("code.dialog-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code shown by the app").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Confirm and continue").click()
    page.get_by_text("Your authenticator app is set up.").wait_for()

    # Signing in again later: password and the app's code.
    page.context.clear_cookies()
    page.goto("/admin/")
    page.locator("#id_username").fill(officer.user.email)
    page.locator("#id_password").fill("a long new password 42")
    page.get_by_label("Code from your authenticator app, or a recovery code").fill(f"{totp(key, t0=-30):06d}")
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url("**/admin/")
    assert page.get_by_role("heading", name="Workload per official").is_visible()
    assert page.locator("svg.dialog-chart").count() == 3
    assert page.locator("#figures-by-month tbody tr").count() == 6
    screenshot(page, "admin-dashboard")
    assert_accessible(page)

    page.goto("/admin/appeals/appeal/")
    first_row = page.locator("#result_list tbody tr").first
    assert urgent.tracking_number in first_row.inner_text()
    assert "overdue by" in first_row.inner_text() and "escalation level 1" in first_row.inner_text()
    screenshot(page, "admin-inbox")
    assert_accessible(page)

    first_row.get_by_role("link", name=urgent.tracking_number).click()
    page.get_by_text("Answer the citizen").click()
    page.get_by_label("Answer").fill("Insulin was delivered to pharmacy No. 12 today.")
    screenshot(page, "admin-appeal-page")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the answer").click()
    page.get_by_text("The answer is sent; the citizen has been notified.").wait_for()
    assert page.get_by_text("Insulin was delivered to pharmacy No. 12 today.").first.is_visible()
    assert_accessible(page)

    urgent.refresh_from_db()
    assert urgent.status == AppealStatus.ANSWERED
    assert Notification.objects.filter(appeal=urgent, kind="answered", recipient=citizen).exists()
