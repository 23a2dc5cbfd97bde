"""The consultations' admin: scoped to the official's agency, every change through the services,
comments moderated, the response published through the respond screen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.utils import timezone

from blogs.consultations.models import Comment, CommentState, Consultation, Question
from blogs.consultations.selectors import published_response
from blogs.consultations.services import consultation_comment, consultations_close_due
from officials.models import Official
from officials.tests.fixtures import verified_client

pytestmark = pytest.mark.django_db


def test_an_official_sees_only_the_consultations_of_their_agency(
    make_consultation, officer, make_official
) -> None:
    consultation = make_consultation()
    own = verified_client(officer.user).get("/admin/consultations/consultation/")
    assert own.status_code == 200 and consultation.title in own.content.decode()
    stranger = make_official("ministry-of-education", Official.Role.OFFICER)
    other = verified_client(stranger.user)
    assert consultation.title not in other.get("/admin/consultations/consultation/").content.decode()
    assert other.get(f"/admin/consultations/consultation/{consultation.pk}/change/").status_code in (302, 404)
    assert other.get(f"/admin/consultations/consultation/{consultation.pk}/respond/").status_code == 404


def test_an_official_creates_a_consultation_and_its_questions_then_publishes_it(
    officer, health_ministry, almaty
) -> None:
    client = verified_client(officer.user)
    response = client.post(
        "/admin/consultations/consultation/add/",
        {
            "agency": health_ministry.pk,
            "region": almaty.pk,
            "title": "Parking near hospitals",
            "summary": "Free parking for patients?",
            "draft_text": "Draft.",
            "language": "en",
            "opens_at_0": "2030-01-10",
            "opens_at_1": "09:00",
            "closes_at_0": "2030-01-20",
            "closes_at_1": "18:00",
            "response_days": "15",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    consultation = Consultation.objects.get(title="Parking near hospitals")
    refused = client.post(
        "/admin/consultations/question/add/",
        {
            "consultation": consultation.pk,
            "position": 1,
            "text": "Agree?",
            "kind": "single",
            "options_text": "Only one",
        },
    )
    assert refused.status_code == 200 and "2 to 20 options" in refused.content.decode()
    added = client.post(
        "/admin/consultations/question/add/",
        {
            "consultation": consultation.pk,
            "position": 1,
            "text": "Agree?",
            "kind": "single",
            "options_text": "Yes\nNo",
        },
    )
    assert added.status_code == 302
    assert [o.label for o in Question.objects.get().options.all()] == ["Yes", "No"]
    client.post(
        "/admin/consultations/consultation/",
        {"action": "publish_selected", ACTION_CHECKBOX_NAME: [consultation.pk]},
    )
    consultation.refresh_from_db()
    assert consultation.published_at is not None
    # Published: the edit screen is read-only now.
    assert client.get(f"/admin/consultations/consultation/{consultation.pk}/change/").status_code == 200
    assert client.post(f"/admin/consultations/consultation/{consultation.pk}/change/", {}).status_code == 403


def test_comments_are_moderated_in_the_admin(consultation, voter, officer) -> None:
    comment = consultation_comment(actor=voter, consultation=consultation, text="Call me: +7 701 123 45 67.")
    client = verified_client(officer.user)
    client.post(
        "/admin/consultations/comment/", {"action": "approve_selected", ACTION_CHECKBOX_NAME: [comment.pk]}
    )
    comment.refresh_from_db()
    assert comment.state == CommentState.PUBLISHED and "701 123 45 67" not in comment.public_text
    other = consultation_comment(actor=voter, consultation=consultation, text="Rude words.")
    client.post(
        "/admin/consultations/comment/",
        {"action": "reject_selected", ACTION_CHECKBOX_NAME: [other.pk], "apply": "1", "reason": "Abusive."},
    )
    assert Comment.objects.get(pk=other.pk).state == CommentState.REJECTED


def test_the_head_publishes_the_response_once_closed(make_consultation, head) -> None:
    consultation = make_consultation()
    client = verified_client(head.user)
    url = f"/admin/consultations/consultation/{consultation.pk}/respond/"
    assert "published after the consultation has closed" in client.get(url).content.decode()
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=now - dt.timedelta(days=3), closes_at=now - dt.timedelta(minutes=1)
    )
    consultations_close_due(now=now)
    assert client.post(url, {"text": ""}).status_code == 400
    assert client.post(url, {"text": "We heard you and open on Saturdays."}).status_code == 302
    consultation.refresh_from_db()
    response = published_response(consultation)
    assert response is not None and response.text == "We heard you and open on Saturdays."
