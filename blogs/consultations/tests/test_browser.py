"""A verified citizen reads a draft, votes and comments in Chromium, on a 390 px phone and on a
desktop, every page checked with axe-core; the pages answer in kk, ru and en; a closed
consultation shows its results as bars with intervals, and the agency's response."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from blogs.consultations.models import Ballot, Comment
from blogs.consultations.services import (
    consultation_comment_approve,
    consultation_respond,
    consultation_vote,
    consultations_close_due,
)
from blogs.consultations.tests.conftest import option_ids, question_id
from conftest import _new_page
from officials.models import Region
from portal.tests.browser import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone_390(browser: object, live_server: object, transactional_reference: None) -> Iterator[object]:
    yield from _new_page(browser, live_server, width=390, height=844)


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def _vote_and_comment(
    page: Any, live_server: Any, consultation: Any, voter: Any, width: int, label: str
) -> None:
    for language, heading in (("kk", None), ("ru", None), ("en", "Public consultations")):
        page.goto(f"/{language}/consultations/")
        assert page.get_by_role("link", name=consultation.title).is_visible()
        if heading:
            assert page.locator("h1").inner_text() == heading
        assert_accessible(page)
    screenshot(page, f"consultations-index-{label}")

    page.get_by_role("link", name=consultation.title).click()
    page.wait_for_url(f"**/en/consultations/{consultation.pk}/")
    assert page.get_by_text("Sign in to vote and comment").is_visible()
    assert_accessible(page)

    sign_in(page, live_server, voter)
    page.reload()
    assert page.locator(".dialog-consultation-draft strong").inner_text() == "on Saturdays"
    page.get_by_role("button", name="Send my vote").click()  # nothing chosen: errors, nothing saved
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error:")
    assert_accessible(page)
    assert not Ballot.objects.filter(voter=voter).exists()

    page.get_by_role("group", name="Do you support Saturday opening?").get_by_label("Yes").check()
    page.get_by_role("group", name="Which services matter most?").get_by_label("GP").check()
    page.get_by_role("group", name="Which services matter most?").get_by_label("Lab tests").check()
    page.get_by_role("group", name="How convenient are the current hours?").get_by_label("4").check()
    page.get_by_label("Where do you live?").select_option(value=str(Region.objects.get(code="KZ-75").pk))
    page.get_by_role("button", name="Send my vote").click()
    page.wait_for_url(f"**/en/consultations/{consultation.pk}/")
    assert page.get_by_text("your vote is recorded").is_visible()
    assert page.get_by_role("button", name="Change my vote").is_visible()
    assert Ballot.objects.filter(voter=voter).count() == 3

    page.get_by_label("Your comment on the draft").fill("Open the lab at 8, please. Call +7 701 123 45 67.")
    page.get_by_role("button", name="Send the comment").click()
    page.wait_for_url(f"**/en/consultations/{consultation.pk}/")
    assert page.get_by_text("Your comment is waiting for moderation.").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
    screenshot(page, f"consultations-voted-{label}")


def test_a_verified_citizen_votes_and_comments_on_a_phone(
    phone_390, live_server, make_consultation, make_voter
) -> None:
    _vote_and_comment(phone_390, live_server, make_consultation(), make_voter(), 390, "phone")


def test_a_verified_citizen_votes_and_comments_on_a_desktop_then_reads_results_and_response(
    page, live_server, make_consultation, make_voter, head, almaty
) -> None:
    consultation = make_consultation()
    voter = make_voter()
    _vote_and_comment(page, live_server, consultation, voter, 1280, "desktop")
    consultation_comment_approve(actor=head.user, comment=Comment.objects.get())
    q1 = question_id(consultation, 1)
    for n in range(7):
        consultation_vote(
            actor=make_voter(),
            consultation=consultation,
            region=almaty,
            answers={q1: [option_ids(consultation, 1)[n % 2]]},
        )
    # Closing moves into the past so the page shows the results now.
    from django.utils import timezone

    from blogs.consultations.models import Consultation

    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=now - dt.timedelta(days=5), closes_at=now - dt.timedelta(minutes=1)
    )
    consultations_close_due(now=now)
    consultation.refresh_from_db()
    consultation_respond(actor=head.user, consultation=consultation, text="We heard you: the lab opens at 8.")

    page.context.clear_cookies()
    page.goto(f"/en/consultations/{consultation.pk}/")
    assert page.get_by_text("We heard you: the lab opens at 8.").is_visible()
    assert page.locator(".stats-bars .bar").count() >= 2
    assert "[phone number hidden]" in page.content() and "701 123" not in page.content()
    assert_accessible(page)
    screenshot(page, "consultations-results-desktop")
    for language in ("kk", "ru"):
        page.goto(f"/{language}/consultations/{consultation.pk}/")
        assert_accessible(page)
        screenshot(page, f"consultations-results-{language}")
