"""The live admin screens: scoped to the official's agency, writes only through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from blogs.live.models import LiveQuestion, LiveSession, QuestionStatus
from officials.models import Official
from officials.tests.fixtures import verified_client

pytestmark = pytest.mark.django_db


def test_the_head_schedules_in_the_admin(head: Official, health_ministry) -> None:
    client = verified_client(head.user)
    start = timezone.localtime() + dt.timedelta(days=2)
    form = {
        "agency": health_ministry.pk,
        "topic": "Vaccination",
        "host_name": "The minister",
        "description": "",
        "starts_at_0": start.strftime("%Y-%m-%d"),
        "starts_at_1": start.strftime("%H:%M:%S"),
        "ends_at_0": start.strftime("%Y-%m-%d"),
        "ends_at_1": start.strftime("%H:%M:%S"),
    }
    refused = client.post("/admin/live/livesession/add/", form)
    assert refused.status_code == 200 and "must end after it starts" in refused.content.decode()
    end = start + dt.timedelta(hours=1)
    form.update(ends_at_0=end.strftime("%Y-%m-%d"), ends_at_1=end.strftime("%H:%M:%S"))
    assert client.post("/admin/live/livesession/add/", form).status_code == 302
    session = LiveSession.objects.get()
    assert session.created_by == head.user and session.events.filter(kind="scheduled").exists()


def test_an_officer_may_not_schedule(officer: Official) -> None:
    assert verified_client(officer.user).get("/admin/live/livesession/add/").status_code == 403


def test_other_agencies_see_nothing_and_change_nothing(session: LiveSession, ask, make_official) -> None:
    question = ask()
    stranger = verified_client(make_official("ministry-of-education", Official.Role.HEAD).user)
    listing = stranger.get("/admin/live/livequestion/")
    assert listing.status_code == 200 and question.text not in listing.content.decode()
    stranger.post(
        "/admin/live/livequestion/", {"action": "approve_selected", "_selected_action": [question.pk]}
    )
    assert LiveQuestion.objects.get(pk=question.pk).status == QuestionStatus.PENDING


def test_the_team_approves_in_the_admin(session: LiveSession, ask, officer: Official) -> None:
    question = ask(text="My phone is +7 701 123 45 67, why the queue?")
    client = verified_client(officer.user)
    response = client.post(
        "/admin/live/livequestion/", {"action": "approve_selected", "_selected_action": [question.pk]}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.APPROVED and "701" not in question.public_text


def test_the_team_merges_answers_and_ends_in_the_admin(
    session: LiveSession, approved, head: Official, make_citizen
) -> None:
    from blogs.live.services import live_question_vote

    original, duplicate = approved(), approved(text="Three weeks for a specialist, why?")
    live_question_vote(actor=make_citizen(), question=duplicate)
    client = verified_client(head.user)
    changelist = "/admin/live/livequestion/"
    asked = client.post(changelist, {"action": "merge_selected", "_selected_action": [duplicate.pk]})
    assert asked.status_code == 200  # the intermediate form
    merged = client.post(
        changelist,
        {"action": "merge_selected", "_selected_action": [duplicate.pk], "apply": "1", "into": original.pk},
    )
    assert merged.status_code == 302
    original.refresh_from_db()
    assert original.votes == 1

    sessions = "/admin/live/livesession/"
    client.post(sessions, {"action": "start_selected", "_selected_action": [session.pk]})
    client.post(
        changelist,
        {
            "action": "answer_selected",
            "_selected_action": [original.pk],
            "apply": "1",
            "text": "Ten more doctors.",
        },
    )
    original.refresh_from_db()
    assert original.status == QuestionStatus.ANSWERED and original.answer == "Ten more doctors."
    client.post(sessions, {"action": "end_selected", "_selected_action": [session.pk]})
    session.refresh_from_db()
    assert session.state == "ended"
