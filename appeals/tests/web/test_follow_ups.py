"""What the citizen can do after filing beyond clarify and withdraw: add information and files to
an open appeal (web and API, one service), rate with a comment, complain with files, and the one
reminder to rate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from appeals.models import Appeal, AppealEvent, AppealStatus, Attachment, EventKind, Notification
from appeals.rating_reminders import send_rating_reminders
from appeals.services import appeal_add_information, appeal_answer, appeal_rate
from conftest import almaty_time
from officials.models import Agency
from portal.accounts.models import User
from portal.domain_errors import InvalidInput, NotAllowed

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client: Client, citizen: User) -> Client:
    client.force_login(citizen)
    return client


@pytest.fixture
def appeal(file_appeal) -> Appeal:
    return file_appeal(now=almaty_time(2026, 3, 2, 10))


def test_added_information_is_an_event_officials_see_and_the_clock_is_unchanged(
    signed_in: Client, appeal: Appeal, head, make_upload
) -> None:
    before = Appeal.objects.get(pk=appeal.pk)
    page = signed_in.get(f"/en/appeals/{appeal.tracking_number}/").content.decode()
    assert "Add information or files" in page
    response = signed_in.post(
        f"/en/appeals/{appeal.tracking_number}/add/",
        {"information": "The queue is now four weeks.", "attachments": [make_upload("queue.png")]},
    )
    assert response.status_code == 302
    after = Appeal.objects.get(pk=appeal.pk)
    assert (after.due_on, after.status, after.next_action, after.next_action_at, after.paused_on) == (
        before.due_on,
        before.status,
        before.next_action,
        before.next_action_at,
        before.paused_on,
    )
    event = AppealEvent.objects.get(appeal=appeal, kind=EventKind.INFORMATION_ADDED)
    assert event.note == "The queue is now four weeks." and not event.is_internal
    added = Attachment.objects.get(appeal=appeal, original_name="queue.png")
    assert event.data == {"files": [added.pk]} and added.answer_id is None
    told = Notification.objects.get(appeal=appeal, kind="information_added")
    assert told.recipient == head.user
    page = signed_in.get(f"/en/appeals/{appeal.tracking_number}/").content.decode()
    assert "You added information" in page and "The queue is now four weeks." in page
    assert "1 file attached. The term is unchanged." in page and "queue.png" in page


def test_information_needs_text_and_a_bad_file_is_refused_on_the_page(
    signed_in: Client, appeal: Appeal, make_upload
) -> None:
    fake = make_upload("x.pdf", b"MZ\x90\x00 program", "application/pdf")
    response = signed_in.post(
        f"/en/appeals/{appeal.tracking_number}/add/", {"information": "", "attachments": [fake]}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Enter the information you want to add." in body and "x.pdf is not an accepted file" in body
    assert not AppealEvent.objects.filter(kind=EventKind.INFORMATION_ADDED).exists()


def test_information_only_while_open_and_only_from_the_author(
    appeal: Appeal, citizen: User, officer, make_citizen
) -> None:
    with pytest.raises(NotAllowed):
        appeal_add_information(actor=make_citizen(), appeal=appeal, text="Not mine.")
    appeal_answer(actor=officer.user, appeal=appeal, text="Done.", now=almaty_time(2026, 3, 3, 10))
    with pytest.raises(InvalidInput, match="only while the appeal is open"):
        appeal_add_information(actor=citizen, appeal=appeal, text="Too late.")
    assert not AppealEvent.objects.filter(kind=EventKind.INFORMATION_ADDED).exists()


def test_the_citizen_api_adds_information_through_the_same_rule(
    appeal: Appeal, citizen: User, officer
) -> None:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=citizen).key}")
    url = f"/api/v1/appeals/{appeal.tracking_number}/information/"
    response = api.post(url, {"text": "One more detail."}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["tracking_number"] == appeal.tracking_number
    assert AppealEvent.objects.filter(appeal=appeal, kind=EventKind.INFORMATION_ADDED).count() == 1
    appeal_answer(actor=officer.user, appeal=appeal, text="Done.")
    refused = api.post(url, {"text": "After the answer."}, format="json")
    assert refused.status_code == 400 and "open" in refused.json()["detail"]


def test_a_rating_takes_an_optional_comment_the_officials_see(
    signed_in: Client, appeal: Appeal, officer
) -> None:
    appeal_answer(actor=officer.user, appeal=appeal, text="A new doctor starts on Monday.")
    url = f"/en/appeals/{appeal.tracking_number}/rate/"
    too_long = signed_in.post(url, {"rating": "2", "resolved": "no", "comment": "x" * 2001})
    assert "This is 2001 characters long; the limit is 2000." in too_long.content.decode()
    evil = "<script>alert(1)</script> Nobody called me back."
    signed_in.post(url, {"rating": "2", "resolved": "no", "comment": evil})
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.CLOSED and appeal.rating_comment == evil
    assert AppealEvent.objects.get(appeal=appeal, kind=EventKind.RATED).note == evil
    page = signed_in.get(f"/en/appeals/{appeal.tracking_number}/").content.decode()
    assert "Your comment" in page and "&lt;script&gt;alert(1)&lt;/script&gt; Nobody called me back." in page
    assert "<script>alert(1)" not in page


def test_a_rating_without_a_comment_still_closes_the_appeal(appeal: Appeal, citizen: User, officer) -> None:
    appeal_answer(actor=officer.user, appeal=appeal, text="Done.")
    appeal_rate(actor=citizen, appeal=appeal, rating=5, resolved=True, comment="   ")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.CLOSED and appeal.rating_comment == ""


def test_a_complaint_with_one_possible_subject_has_no_radio_group_and_takes_files(
    signed_in: Client, appeal: Appeal, officer, health_ministry: Agency, make_upload
) -> None:
    appeal_answer(actor=officer.user, appeal=appeal, text="No.", now=almaty_time(2026, 3, 3, 10))
    page = signed_in.get(f"/en/appeals/{appeal.tracking_number}/complain/").content.decode()
    assert 'type="radio"' not in page
    assert "The answer: it is wrong, incomplete or does not address my appeal" in page
    assert "Complain to the superior body" in page
    response = signed_in.post(
        f"/en/appeals/{appeal.tracking_number}/complain/",
        {"about": "answer", "text": "The answer says nothing.", "attachments": [make_upload("letter.png")]},
    )
    complaint = Appeal.objects.get(complaint_about=appeal)
    assert response["Location"] == f"/en/appeals/{complaint.tracking_number}/filed/"
    assert complaint.attachments.get().original_name == "letter.png"


def _answered(appeal: Appeal, officer, when: dt.datetime) -> Appeal:
    appeal_answer(actor=officer.user, appeal=appeal, text="Done.", now=when)
    return Appeal.objects.get(pk=appeal.pk)


def test_one_reminder_to_rate_a_few_days_after_the_answer_saying_a_complaint_is_possible(
    appeal: Appeal, citizen: User, officer, file_appeal, settings
) -> None:
    settings.DIALOG_RATE_REMINDER_DAYS = 3
    answered_at = almaty_time(2026, 3, 3, 10)
    _answered(appeal, officer, answered_at)
    rated = _answered(file_appeal(now=almaty_time(2026, 3, 2, 10)), officer, answered_at)
    appeal_rate(actor=citizen, appeal=rated, rating=5, resolved=True)
    assert send_rating_reminders(now=answered_at + dt.timedelta(days=2)) == 0  # too early
    assert send_rating_reminders(now=answered_at + dt.timedelta(days=3, minutes=1)) == 1
    assert send_rating_reminders(now=answered_at + dt.timedelta(days=4)) == 0  # once only
    reminder = Notification.objects.get(kind="rate_reminder")
    assert reminder.appeal == appeal and reminder.recipient == citizen
    assert "rate the answer" in reminder.body and "complain about it to the superior body" in reminder.body
    assert f"Dear {citizen.full_name}," in reminder.body
    assert not Notification.objects.filter(kind="rate_reminder", appeal=rated).exists()


def test_the_deadline_task_sends_the_rating_reminder(appeal: Appeal, officer, settings) -> None:
    from appeals.tasks import process_deadlines

    settings.DIALOG_RATE_REMINDER_DAYS = 0
    _answered(appeal, officer, almaty_time(2026, 3, 3, 10))
    summary = process_deadlines()
    assert "rating reminders: 1" in summary
    process_deadlines()
    assert Notification.objects.filter(kind="rate_reminder").count() == 1


def test_officials_see_the_added_information_its_file_and_the_rating_comment(
    client_for,
    officer,
    citizen: User,
    appeal: Appeal,
    make_upload,
) -> None:
    appeal_add_information(
        actor=citizen, appeal=appeal, text="Сегодня очередь ещё длиннее.", uploads=[make_upload("more.png")]
    )
    page = client_for(officer).get(f"/admin/appeals/appeal/{appeal.pk}/change/").content.decode()
    assert "Сегодня очередь ещё длиннее." in page and "more.png" in page
    appeal_answer(actor=officer.user, appeal=appeal, text="Done.")
    appeal_rate(actor=citizen, appeal=appeal, rating=2, resolved=False, comment="Никто не перезвонил.")
    page = client_for(officer).get(f"/admin/appeals/appeal/{appeal.pk}/change/").content.decode()
    assert "Никто не перезвонил." in page
