"""Live sessions in Chromium: a citizen asks and upvotes on a phone; the head answers in the
admin and a viewer's open page shows the answer without a reload; axe-core finds nothing
serious at 390 px and on a desktop, on the public pages and the admin screens."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from blogs.live.models import LiveQuestion, LiveSession
from blogs.live.services import (
    live_question_approve,
    live_question_ask,
    live_session_schedule,
    live_session_start,
)
from officials.models import Official, Region
from officials.tests.fixtures import verified_client
from portal.tests.browser import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


def _add_session_cookie(page: Any, live_server: Any, client: Client) -> None:
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    _add_session_cookie(page, live_server, client)


def check_at_both_widths(page: Any, name: str) -> None:
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)
        if label == "phone":
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{page.url} is {overflow}px wider than a {width}px screen"
        screenshot(page, f"live-{name}-{label}")


def _session(head: Official) -> LiveSession:
    start = timezone.now() - dt.timedelta(minutes=5)
    return live_session_schedule(
        actor=head.user,
        agency=head.agency,
        topic="Queues in city clinics",
        host_name="Aigerim Sultanova, Minister of Health",
        description="Ask about appointments, specialists and opening hours.",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )


def _published(session: LiveSession, author: Any, officer: Official, text: str) -> LiveQuestion:
    question = live_question_ask(
        actor=author, session=session, text=text, region=Region.objects.get(code="KZ-75"), language="en"
    )
    return live_question_approve(actor=officer.user, question=question)


def test_a_citizen_asks_and_upvotes_on_a_phone(page, live_server, make_citizen, make_official) -> None:
    head = make_official("ministry-of-health", Official.Role.HEAD)
    officer = make_official("ministry-of-health", Official.Role.OFFICER)
    session = _session(head)
    other = _published(session, make_citizen(), officer, "Will clinics open on Saturdays?")
    citizen = make_citizen()

    page.goto("/en/live/")
    check_at_both_widths(page, "index")
    page.get_by_role("link", name="Queues in city clinics").click()
    page.wait_for_url(f"**/en/live/{session.pk}/")
    check_at_both_widths(page, "session-anonymous")

    sign_in(page, live_server, citizen)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/en/live/{session.pk}/")
    page.get_by_role("button", name="Ask a question").click()
    page.wait_for_url("**/ask/")
    page.get_by_role("button", name="Send the question").click()
    assert page.locator(".govuk-error-summary").is_visible()
    check_at_both_widths(page, "ask-errors")
    page.get_by_label("Your question").fill("Can I book a home visit online? Call me: +7 701 123 45 67")
    page.get_by_label("Region the question concerns").select_option(
        value=str(Region.objects.get(code="KZ-75").pk)
    )
    page.get_by_role("button", name="Send the question").click()
    page.wait_for_url(f"**/en/live/{session.pk}/")
    assert page.get_by_text("Your question is sent.").is_visible()
    assert page.get_by_text("waiting for moderation").is_visible()

    page.get_by_role("button", name="Vote for this question").click()
    page.wait_for_url(f"**/en/live/{session.pk}/#question-{other.pk}")
    assert page.get_by_text("Thank you: your vote is counted.").is_visible()
    assert page.get_by_text("You voted").is_visible()
    assert page.locator(f"#question-{other.pk}").get_by_text("Votes: 1").is_visible()
    check_at_both_widths(page, "session-voted")
    other.refresh_from_db()
    assert other.votes == 1


def test_the_head_answers_live_and_a_viewer_sees_it_without_reloading(
    browser, page, live_server, make_citizen, make_official
) -> None:
    head = make_official("ministry-of-health", Official.Role.HEAD)
    officer = make_official("ministry-of-health", Official.Role.OFFICER)
    session = _session(head)
    live_session_start(actor=head.user, session=session)
    question = _published(session, make_citizen(), officer, "Why does a specialist take three weeks?")

    viewer = page  # not signed in: the fragment is the same for everybody
    viewer.goto(f"/en/live/{session.pk}/")
    assert viewer.get_by_text("No answer yet.").is_visible()
    viewer.evaluate("window.__notReloaded = true")

    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    admin = context.new_page()
    try:
        _add_session_cookie(admin, live_server, verified_client(head.user))
        admin.goto("/admin/live/livequestion/")
        check_at_both_widths(admin, "admin-questions")
        admin.set_viewport_size({"width": 1280, "height": 900})
        admin.locator(f"input[name='_selected_action'][value='{question.pk}']").check()
        admin.locator("select[name='action']").select_option("answer_selected")
        admin.get_by_role("button", name="Run").click()
        admin.get_by_label("Answer").fill("We are hiring 120 specialists this year.")
        admin.get_by_role("button", name="Apply").click()
        admin.wait_for_url("**/admin/live/livequestion/")
        assert admin.get_by_text("Answers published: 1.").is_visible()
        admin.goto("/admin/live/livesession/")
        check_at_both_widths(admin, "admin-sessions")
        admin.goto("/admin/live/livesession/add/")
        check_at_both_widths(admin, "admin-schedule")
    finally:
        context.close()

    answer = viewer.get_by_text("We are hiring 120 specialists this year.")
    answer.wait_for(state="visible", timeout=30_000)  # the page's script polls the fragment
    assert viewer.evaluate("window.__notReloaded") is True
    assert viewer.locator("#live-announcer").inner_text() == "A new answer is published."
    assert viewer.locator("#live-announcer").get_attribute("aria-live") == "polite"
    assert viewer.locator(f"#question-{question.pk}").count() == 0  # no longer among those waiting
    check_at_both_widths(viewer, "session-answered")
