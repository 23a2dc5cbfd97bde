"""In Chromium, an official's morning: sign in with a TOTP code, open the inbox (it opens on the
official's own and unassigned open appeals), take an unassigned appeal, take over a colleague's
appeal after the warning, read the history in words; a head checks the workload and moves an
overdue appeal. Every admin page visited is checked with axe-core at 390 px and 1280 px."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from appeals.models import Appeal, AppealEvent, EventKind
from appeals.services import appeal_assign
from conftest import almaty_time
from officials.models import Official
from portal.tests.browser import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


def check_at_both_widths(page: Any, name: str) -> None:
    """axe-core finds nothing serious or critical at phone and desktop width; screenshots of both,
    and at phone width nothing is wider than the screen."""
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)
        if label == "phone":
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{page.url} is {overflow}px wider than a {width}px screen"
        screenshot(page, f"workbench-{name}-{label}")
    page.set_viewport_size({"width": 1280, "height": 900})


def sign_in(page: Any, official: Official) -> None:
    device = TOTPDevice.objects.create(user=official.user, name="authenticator", confirmed=True)
    page.context.clear_cookies()
    page.goto("/admin/")
    page.locator("#id_username").fill(official.user.email)
    page.locator("#id_password").fill(PASSWORD)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.get_by_label("Code from your authenticator app, or a recovery code").fill(f"{code:06d}")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")


def test_an_officials_morning_in_the_inbox(page, make_official, file_appeal) -> None:
    officer: Official = make_official("ministry-of-health")
    colleague: Official = make_official("ministry-of-health")
    head: Official = make_official("ministry-of-health", Official.Role.HEAD)
    for official, name in ((officer, "Arman Officer"), (colleague, "Dana Colleague")):
        official.user.full_name = name
        official.user.save(update_fields=["full_name"])
    urgent = file_appeal(subject="No insulin at pharmacy No. 12", now=almaty_time(2026, 10, 1, 10))
    Appeal.objects.filter(pk=urgent.pk).update(overdue_since=timezone.now(), escalation_level=1)
    calm = file_appeal(subject="New bus route to the clinic", now=almaty_time(2026, 11, 2, 10))
    theirs = file_appeal(subject="Clinic queue", now=almaty_time(2026, 10, 20, 10))
    appeal_assign(actor=head.user, appeal=theirs, assignee=colleague)

    sign_in(page, officer)
    check_at_both_widths(page, "dashboard")

    # The inbox opens on the officer's work: open appeals that are theirs or nobody's.
    page.goto("/admin/appeals/appeal/")
    assert page.get_by_text("Showing open appeals assigned to you or to no one").is_visible()
    rows = page.locator("#result_list tbody tr")
    assert urgent.tracking_number in rows.first.inner_text()
    assert calm.tracking_number in page.locator("#result_list").inner_text()
    assert theirs.tracking_number not in page.locator("#result_list").inner_text()
    check_at_both_widths(page, "inbox")

    page.get_by_role("link", name="Show all appeals").click()
    assert theirs.tracking_number in page.locator("#result_list").inner_text()

    # Take the most urgent, unassigned appeal.
    page.goto("/admin/appeals/appeal/")
    page.locator("#result_list tbody tr").first.get_by_role("link", name=urgent.tracking_number).click()
    page.locator("#appeal-language").wait_for()
    with page.expect_navigation():
        page.get_by_role("button", name="Take this appeal").click()
    page.get_by_text(f"Assigned to {officer.user.full_name}.").wait_for()
    urgent.refresh_from_db()
    assert urgent.assignee_id == officer.pk

    # The history reads in words: labels, the official's name, statuses by name.
    timeline = page.locator(".dialog-timeline").inner_text()
    assert "due_on" not in timeline and "assignee" not in timeline
    assert "Assigned to" in timeline and officer.user.full_name in timeline
    check_at_both_widths(page, "appeal-page")

    # A colleague's appeal: the warning first, then a confirmed take-over.
    page.goto(f"/admin/appeals/appeal/{theirs.pk}/change/")
    assert page.get_by_text(f"Assigned to your colleague {colleague.user.full_name}").is_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Take this appeal").click()
    assert page.get_by_role("alert").filter(has_text="This appeal is assigned to").first.is_visible()
    theirs.refresh_from_db()
    assert theirs.assignee_id == colleague.pk
    check_at_both_widths(page, "colleague-warning")
    page.locator(".dialog-take").get_by_label("I am acting on a colleague's appeal").check()
    with page.expect_navigation():
        page.locator(".dialog-take").get_by_role("button", name="Take this appeal").click()
    page.get_by_text(f"Assigned to {officer.user.full_name}.").wait_for()
    theirs.refresh_from_db()
    assert theirs.assignee_id == officer.pk

    # The redirect target is searchable.
    page.get_by_text("Redirect to the competent agency").click()
    page.get_by_label("Search agencies by name").fill("education")
    assert page.get_by_role("status").filter(has_text="Agencies that match").first.is_visible()
    check_at_both_widths(page, "redirect-search")

    # The trail lists an official opens from the menu.
    for path, name in [
        ("/admin/appeals/appealevent/", "events"),
        ("/admin/appeals/answer/", "answers"),
        ("/admin/appeals/escalation/", "escalations"),
        ("/admin/appeals/attachment/", "attachments"),
        (f"/admin/appeals/appeal/{theirs.pk}/history/", "admin-history"),
        ("/admin/appeals/appeal/?show=all&overdue=yes", "inbox-overdue"),
    ]:
        page.goto(path)
        check_at_both_widths(page, name)

    # The head's workload: the officer now holds the overdue appeal; move it to the colleague.
    sign_in(page, head)
    page.goto("/admin/appeals/appeal/")
    page.get_by_role("link", name="Workload per official").click()
    assert page.locator("#workload").get_by_text(officer.user.full_name).is_visible()
    check_at_both_widths(page, "workload")
    page.get_by_label("Move open appeals of").select_option(str(officer.pk))
    page.get_by_label("To:", exact=True).select_option(str(colleague.pk))
    page.get_by_label("Which appeals").select_option("overdue")
    with page.expect_navigation():
        page.get_by_role("button", name="Reassign").click()
    page.get_by_text("1 appeal reassigned.").wait_for()
    urgent.refresh_from_db()
    assert urgent.assignee_id == colleague.pk
    assert AppealEvent.objects.filter(appeal=urgent, kind=EventKind.ASSIGNED, actor=head.user).exists()
