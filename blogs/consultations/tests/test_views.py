"""The citizen pages: list and detail in kk, ru and en; voting and commenting through the forms;
refusals as 4xx in the page, never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from blogs.consultations.models import Ballot, Comment, Consultation
from blogs.consultations.services import consultation_file_add, consultation_vote
from blogs.consultations.tests.conftest import option_ids, question_id

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_pages_answer_in_every_language(consultation, language) -> None:
    client = Client()
    index = client.get(f"/{language}/consultations/")
    assert index.status_code == 200
    assert consultation.title in index.content.decode()
    detail = client.get(f"/{language}/consultations/{consultation.pk}/")
    assert detail.status_code == 200
    assert "<strong>on Saturdays</strong>" in detail.content.decode()


def test_a_verified_citizen_votes_and_comments_through_the_page(consultation, voter, almaty) -> None:
    client = signed_in(voter)
    page = client.get(f"/en/consultations/{consultation.pk}/").content.decode()
    assert "Send my vote" in page
    q1, q2 = question_id(consultation, 1), question_id(consultation, 2)
    response = client.post(
        f"/en/consultations/{consultation.pk}/vote/",
        {
            f"q{q1}": option_ids(consultation, 1)[0],
            f"q{q2}": option_ids(consultation, 2)[:2],
            "region": almaty.pk,
        },
    )
    assert response.status_code == 302
    assert Ballot.objects.count() == 2
    page = client.get(f"/en/consultations/{consultation.pk}/").content.decode()
    assert "Change my vote" in page and 'name="replace" value="1"' in page
    changed = client.post(
        f"/en/consultations/{consultation.pk}/vote/",
        {f"q{q1}": option_ids(consultation, 1)[1], "region": almaty.pk, "replace": "1"},
    )
    assert changed.status_code == 302
    assert Ballot.objects.get(question_id=q1).choices.get().option_id == option_ids(consultation, 1)[1]
    commented = client.post(f"/en/consultations/{consultation.pk}/comment/", {"text": "Please open at 8."})
    assert commented.status_code == 302
    assert Comment.objects.get().state == "pending"
    assert (
        "Your comment is waiting for moderation."
        in client.get(f"/en/consultations/{consultation.pk}/").content.decode()
    )


def test_bad_ballots_are_4xx_and_change_nothing(consultation, voter, citizen, almaty) -> None:
    url = f"/en/consultations/{consultation.pk}/vote/"
    q1 = question_id(consultation, 1)
    client = signed_in(voter)
    assert client.post(url, {"region": almaty.pk}).status_code == 400  # nothing answered
    assert client.post(url, {f"q{q1}": "999999999", "region": almaty.pk}).status_code == 400
    assert (
        client.post(url, {f"q{q1}": option_ids(consultation, 2)[0], "region": almaty.pk}).status_code == 400
    )
    assert client.post(url, {f"q{q1}": "x\x00", "region": almaty.pk}).status_code == 400
    unverified = signed_in(citizen).post(url, {f"q{q1}": option_ids(consultation, 1)[0], "region": almaty.pk})
    assert unverified.status_code == 403
    assert not Ballot.objects.exists()
    consultation_vote(
        actor=voter, consultation=consultation, region=almaty, answers={q1: [option_ids(consultation, 1)[0]]}
    )
    twice = client.post(url, {f"q{q1}": option_ids(consultation, 1)[1], "region": almaty.pk})
    assert twice.status_code == 409
    assert "already voted" in twice.content.decode()
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=now - dt.timedelta(days=2), closes_at=now - dt.timedelta(seconds=1)
    )
    late = client.post(url, {f"q{q1}": option_ids(consultation, 1)[1], "region": almaty.pk, "replace": "1"})
    assert late.status_code == 409
    assert Ballot.objects.get().choices.get().option_id == option_ids(consultation, 1)[0]


def test_anonymous_posts_go_to_sign_in_and_unknown_ids_are_404(consultation) -> None:
    client = Client()
    assert client.post(f"/en/consultations/{consultation.pk}/vote/", {}).status_code == 302
    assert client.get("/en/consultations/99999999999999999999999/").status_code == 404
    assert (
        client.get(f"/en/consultations/{consultation.pk}/files/99999999999999999999999/").status_code == 404
    )
    assert client.get(f"/en/consultations/{consultation.pk}/vote/").status_code == 405


def test_a_draft_is_not_public(make_consultation) -> None:
    draft = make_consultation(publish=False)
    assert Client().get(f"/en/consultations/{draft.pk}/").status_code == 404


def test_attachments_are_served_with_the_published_consultation(make_consultation, head) -> None:
    draft = make_consultation(publish=False)
    attachment = consultation_file_add(
        actor=head.user,
        consultation=draft,
        upload=SimpleUploadedFile("order.pdf", PDF),
        title="The full order",
    )
    assert Client().get(f"/en/consultations/{draft.pk}/files/{attachment.pk}/").status_code == 404
    from blogs.consultations.services import consultation_publish

    consultation_publish(actor=head.user, consultation=draft)
    response = Client().get(f"/en/consultations/{draft.pk}/files/{attachment.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
