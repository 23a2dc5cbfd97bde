"""Following an appeal: the list, the page and its timeline, downloads, and the citizen's acts
after filing (clarify, withdraw, rate, complain). Another citizen always gets 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from appeals.models import Appeal, AppealStatus, Attachment, EventKind
from appeals.services import (
    appeal_answer,
    appeal_assign,
    appeal_extend,
    appeal_redirect,
    appeal_request_clarification,
)
from appeals.sweep import run_sweep
from conftest import almaty_time
from officials.models import Agency
from portal.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client: Client, citizen: User) -> Client:
    client.force_login(citizen)
    return client


@pytest.fixture
def appeal(file_appeal, make_upload) -> Appeal:
    return file_appeal(uploads=[make_upload("scan.png")])


def test_my_appeals_lists_only_mine_with_status_addressee_and_clock(
    signed_in: Client, appeal: Appeal, make_citizen, health_ministry: Agency, almaty
) -> None:
    from appeals.services import appeal_file

    other = make_citizen()
    appeal_file(
        actor=other,
        appeal_type="application",
        agency=health_ministry,
        region=almaty,
        subject="Not yours",
        text="t",
    )
    body = signed_in.get("/en/appeals/").content.decode()
    assert appeal.tracking_number in body
    assert "Not yours" not in body
    assert "registered" in body
    assert "Ministry of Health" in body
    assert "working days left" in body


def test_my_appeals_filters_by_status_and_ignores_a_bogus_one(signed_in: Client, appeal: Appeal) -> None:
    assert appeal.tracking_number not in signed_in.get("/en/appeals/?status=answered").content.decode()
    assert appeal.tracking_number in signed_in.get("/en/appeals/?status=registered").content.decode()
    response = signed_in.get("/en/appeals/?status=<script>")
    assert response.status_code == 200 and appeal.tracking_number in response.content.decode()


def test_my_appeals_query_count_does_not_grow_with_the_list(
    signed_in: Client, file_appeal, django_assert_max_num_queries
) -> None:
    for _ in range(12):
        file_appeal()
    with django_assert_max_num_queries(12):
        response = signed_in.get("/en/appeals/")
    assert response.content.decode().count("/en/appeals/DLG-") >= 12


def test_another_citizen_gets_404_for_my_page_my_file_and_my_actions(
    client: Client, appeal: Appeal, make_citizen
) -> None:
    intruder = make_citizen()
    client.force_login(intruder)
    attachment = Attachment.objects.get(appeal=appeal)
    number = appeal.tracking_number
    for path in (
        f"/en/appeals/{number}/",
        f"/en/appeals/{number}/filed/",
        f"/en/appeals/{number}/files/{attachment.pk}/",
        f"/en/appeals/{number}/withdraw/",
        f"/en/appeals/{number}/complain/",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/en/appeals/{number}/withdraw/").status_code == 404
    assert client.post(f"/en/appeals/{number}/rate/", {"rating": 5, "resolved": "yes"}).status_code == 404
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REGISTERED


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, appeal: Appeal) -> None:
    response = client.get(f"/en/appeals/{appeal.tracking_number}/")
    assert response.status_code == 302 and "/en/accounts/sign-in/" in response["Location"]


@pytest.mark.parametrize("number", ["DLG-2026-99999999", "dlg-0000-000000", "../../etc"])
def test_a_tampered_tracking_number_is_a_plain_404(signed_in: Client, number: str) -> None:
    assert signed_in.get(f"/en/appeals/{number}/").status_code == 404


def test_a_tracking_number_with_a_nul_byte_is_a_400_saying_nothing_about_the_appeal(
    signed_in: Client, appeal: Appeal
) -> None:
    # Refused at the door (portal.middleware) as malformed, before any lookup.
    response = signed_in.get(f"/en/appeals/{appeal.tracking_number}%00/")
    assert response.status_code == 400
    assert appeal.subject not in response.content.decode()


def test_the_owner_downloads_a_file_as_an_attachment(signed_in: Client, appeal: Appeal) -> None:
    attachment = Attachment.objects.get(appeal=appeal)
    response = signed_in.get(f"/en/appeals/{appeal.tracking_number}/files/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="scan.png"' in response["Content-Disposition"]
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_a_file_of_another_appeal_is_404_even_for_its_owner(
    signed_in: Client, appeal: Appeal, file_appeal
) -> None:
    mine_too = file_appeal()
    attachment = Attachment.objects.get(appeal=appeal)
    assert signed_in.get(f"/en/appeals/{mine_too.tracking_number}/files/{attachment.pk}/").status_code == 404


def test_the_timeline_tells_the_whole_story_in_plain_words(
    signed_in: Client, citizen: User, make_official, health_ministry: Agency, almaty
) -> None:
    from appeals.services import appeal_file

    officer = make_official(health_ministry, "officer")
    head = make_official(health_ministry, "head")
    filed = appeal_file(
        actor=citizen,
        appeal_type="application",
        agency=health_ministry,
        region=almaty,
        subject="Queue",
        text="Long queue.",
        now=almaty_time(2026, 3, 2, 10),
    )
    appeal_assign(actor=head.user, appeal=filed, assignee=officer, now=almaty_time(2026, 3, 3, 10))
    appeal_extend(
        actor=head.user,
        appeal=filed,
        until=dt.date(2026, 4, 20),
        reason="We need the regional data.",
        now=almaty_time(2026, 3, 4, 10),
    )
    from appeals.services import appeal_note

    appeal_note(
        actor=officer.user, appeal=filed, text="SECRET internal remark", now=almaty_time(2026, 3, 4, 11)
    )
    appeal_request_clarification(
        actor=officer.user, appeal=filed, question="Which polyclinic?", now=almaty_time(2026, 3, 5, 10)
    )
    body = signed_in.get(f"/en/appeals/{filed.tracking_number}/").content.decode()
    assert "Registered" in body and "Assigned to an official" in body
    assert "The term was extended" in body and "We need the regional data." in body
    assert "Answer due by 20 April 2026" in body
    assert "The agency asked you for a clarification" in body and "Which polyclinic?" in body
    assert "SECRET internal remark" not in body
    assert "Paused until you answer" in body
    assert officer.user.email not in body


def test_a_redirect_says_to_whom_why_and_links_the_new_number(
    signed_in: Client, appeal: Appeal, make_official, health_ministry: Agency
) -> None:
    officer = make_official(health_ministry, "officer")
    target = (
        Agency.objects.get(slug="ministry-of-education")
        if Agency.objects.filter(slug="ministry-of-education").exists()
        else Agency.objects.exclude(pk=health_ministry.pk).filter(kind="ministry").first()
    )
    successor = appeal_redirect(
        actor=officer.user, appeal=appeal, to_agency=target, reason="Schools are theirs."
    )
    body = signed_in.get(f"/en/appeals/{appeal.tracking_number}/").content.decode()
    assert "Sent to the competent agency" in body
    assert target.name_en in body and "Schools are theirs." in body
    assert f"/en/appeals/{successor.tracking_number}/" in body
    new_page = signed_in.get(f"/en/appeals/{successor.tracking_number}/").content.decode()
    assert "Received from another agency" in new_page
    # the citizen's file travelled with the appeal and is downloadable from the new number
    moved = Attachment.objects.get(appeal=successor)
    assert signed_in.get(f"/en/appeals/{successor.tracking_number}/files/{moved.pk}/").status_code == 200


def test_answering_a_clarification_restarts_the_clock(
    signed_in: Client, appeal: Appeal, make_official, health_ministry: Agency
) -> None:
    officer = make_official(health_ministry, "officer")
    appeal_request_clarification(actor=officer.user, appeal=appeal, question="Which polyclinic?")
    page = signed_in.get(f"/en/appeals/{appeal.tracking_number}/").content.decode()
    assert "Your answer to the agency" in page
    empty = signed_in.post(f"/en/appeals/{appeal.tracking_number}/clarify/", {"clarification": ""})
    assert "Enter your answer to the agency" in empty.content.decode()
    response = signed_in.post(f"/en/appeals/{appeal.tracking_number}/clarify/", {"clarification": "No. 5"})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REGISTERED
    assert appeal.events.filter(kind=EventKind.CLARIFICATION_RECEIVED, note="No. 5").exists()


def test_withdrawing_needs_a_confirmation(signed_in: Client, appeal: Appeal) -> None:
    confirm = signed_in.get(f"/en/appeals/{appeal.tracking_number}/withdraw/")
    assert "Withdraw the appeal?" in confirm.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REGISTERED
    signed_in.post(f"/en/appeals/{appeal.tracking_number}/withdraw/")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.WITHDRAWN
    again = signed_in.post(f"/en/appeals/{appeal.tracking_number}/withdraw/", follow=True)
    assert "This appeal can no longer be withdrawn." in again.content.decode()


def test_rating_the_answer_closes_the_appeal(
    signed_in: Client, appeal: Appeal, make_official, health_ministry: Agency, make_upload
) -> None:
    officer = make_official(health_ministry, "officer")
    appeal_answer(
        actor=officer.user,
        appeal=appeal,
        text="A new doctor starts on Monday.",
        uploads=[make_upload("order.png")],
    )
    page = signed_in.get(f"/en/appeals/{appeal.tracking_number}/").content.decode()
    assert "A new doctor starts on Monday." in page and "order.png" in page
    assert "Rate the answer" in page and "Withdraw the appeal" not in page
    answer_file = Attachment.objects.get(answer__isnull=False)
    assert signed_in.get(f"/en/appeals/{appeal.tracking_number}/files/{answer_file.pk}/").status_code == 200
    missing = signed_in.post(f"/en/appeals/{appeal.tracking_number}/rate/", {"rating": "9"})
    body = missing.content.decode()
    assert "Choose a rating from 1 to 5." in body and 'href="#id_rating_0"' in body
    assert "Say whether the answer resolved your question." in body
    signed_in.post(f"/en/appeals/{appeal.tracking_number}/rate/", {"rating": "4", "resolved": "no"})
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.CLOSED and appeal.rating == 4 and appeal.rating_resolved is False
    assert "You rated the answer" in signed_in.get(f"/en/appeals/{appeal.tracking_number}/").content.decode()


def test_a_complaint_about_the_answer_goes_to_the_oversight_body(
    signed_in: Client, appeal: Appeal, make_official, health_ministry: Agency
) -> None:
    officer = make_official(health_ministry, "officer")
    assert signed_in.get(f"/en/appeals/{appeal.tracking_number}/complain/").status_code == 302  # not yet
    appeal_answer(actor=officer.user, appeal=appeal, text="No.")
    page = signed_in.get(f"/en/appeals/{appeal.tracking_number}/complain/").content.decode()
    assert "Prosecutor General" in page and health_ministry.parent.slug == "prosecutor-general"
    response = signed_in.post(
        f"/en/appeals/{appeal.tracking_number}/complain/",
        {"about": "answer", "text": "The answer says nothing."},
    )
    complaint = Appeal.objects.get(complaint_about=appeal)
    assert response["Location"] == f"/en/appeals/{complaint.tracking_number}/filed/"
    assert complaint.appeal_type == "complaint" and complaint.agency == health_ministry.parent
    page = signed_in.get(f"/en/appeals/{appeal.tracking_number}/").content.decode()
    assert "You filed a complaint" in page and complaint.tracking_number in page
    again = signed_in.get(f"/en/appeals/{appeal.tracking_number}/complain/")
    assert again.status_code == 302  # one complaint about the answer is enough


def test_a_complaint_about_lateness_is_possible_once_overdue(
    signed_in: Client, citizen: User, health_ministry, almaty
) -> None:
    from appeals.services import appeal_file

    late = appeal_file(
        actor=citizen,
        appeal_type="application",
        agency=health_ministry,
        region=almaty,
        subject="Late",
        text="t",
        now=almaty_time(2026, 1, 12, 10),
    )
    form = signed_in.get(f"/en/appeals/{late.tracking_number}/complain/")
    assert form.status_code == 200  # due date is long past today
    assert "Lateness" in form.content.decode() and "The answer: it is wrong" not in form.content.decode()
    signed_in.post(
        f"/en/appeals/{late.tracking_number}/complain/", {"about": "lateness", "text": "No answer."}
    )
    assert Appeal.objects.filter(complaint_about=late, appeal_type="complaint").count() == 1


def test_overdue_and_escalation_show_in_words(
    signed_in: Client, citizen: User, health_ministry, almaty
) -> None:
    from appeals.services import appeal_file

    late = appeal_file(
        actor=citizen,
        appeal_type="application",
        agency=health_ministry,
        region=almaty,
        subject="Late",
        text="t",
        now=almaty_time(2026, 1, 12, 10),
    )
    for day in range(1, 60):
        run_sweep(now=almaty_time(2026, 1, 12, 10) + dt.timedelta(days=day))
    body = signed_in.get(f"/en/appeals/{late.tracking_number}/").content.decode()
    assert "Overdue" in body
    assert "Passed to the head of the agency" in body
    assert "Passed to the superior body for control" in body
