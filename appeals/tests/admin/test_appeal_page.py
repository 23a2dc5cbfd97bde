"""The appeal page in the admin: timeline, the citizen's data (audited), files, and every action
as a form that calls the service — with its event and notification, and clear 4xx errors."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from appeals.models import Appeal, AppealEvent, AppealStatus, Attachment, Notification, PersonalDataView
from appeals.services import appeal_answer, appeal_file
from officials.models import Agency

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def page_url(appeal: Appeal, action: str = "change") -> str:
    return f"/admin/appeals/appeal/{appeal.pk}/{action}/"


def kinds(appeal: Appeal) -> list[str]:
    return list(appeal.events.order_by("created_at", "pk").values_list("kind", flat=True))


def test_the_page_shows_timeline_citizen_and_files_and_audits_the_view(
    client_for, officer, citizen, almaty
) -> None:
    appeal = appeal_file(
        actor=citizen,
        appeal_type="application",
        agency=Agency.objects.get(slug="ministry-of-health"),
        region=almaty,
        subject="Clinic queue",
        text="Three weeks.",
        uploads=[SimpleUploadedFile("scan.png", PNG, content_type="image/png")],
    )
    response = client_for(officer).get(page_url(appeal))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Timeline" in html and "Registered" in html
    assert citizen.citizen_profile.iin in html and citizen.citizen_profile.postal_address in html
    assert "scan.png" in html
    view = PersonalDataView.objects.get()
    assert (view.viewer, view.citizen, view.appeal, view.channel) == (officer.user, citizen, appeal, "admin")

    attachment = Attachment.objects.get(appeal=appeal)
    download = client_for(officer).get(page_url(appeal, f"attachment/{attachment.pk}"))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert PersonalDataView.objects.filter(what=f"attachment {attachment.pk}").count() == 1


def test_other_agencies_get_404_and_nothing_is_audited(client_for, officer_b, oversight, appeal) -> None:
    for who in (officer_b, oversight):
        assert client_for(who).get(page_url(appeal)).status_code == 404
        assert client_for(who).post(page_url(appeal, "note"), {"note-text": "x"}).status_code == 404
    assert not PersonalDataView.objects.exists()


def test_assign_through_the_form(client_for, head, officer, appeal) -> None:
    response = client_for(head).post(page_url(appeal, "assign"), {"assign-assignee": officer.pk})
    assert response.status_code == 302 and response["Location"] == page_url(appeal)
    appeal.refresh_from_db()
    assert appeal.assignee == officer and appeal.status == AppealStatus.ASSIGNED
    assert AppealEvent.objects.get(appeal=appeal, kind="assigned").actor == head.user
    assert Notification.objects.filter(kind="assigned", recipient=officer.user).exists()


def test_assign_to_an_official_of_another_agency_is_a_form_error(
    client_for, officer, officer_b, appeal
) -> None:
    response = client_for(officer).post(page_url(appeal, "assign"), {"assign-assignee": officer_b.pk})
    assert response.status_code == 400
    assert "Choose an active official of the agency that holds this appeal." in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.assignee is None and kinds(appeal) == ["registered"]


def test_answer_with_a_file_notifies_the_citizen(client_for, officer, appeal, citizen) -> None:
    upload = SimpleUploadedFile("answer.png", PNG, content_type="image/png")
    response = client_for(officer).post(
        page_url(appeal, "answer"),
        {"answer-text": "Your clinic now books online.", "answer-attachments": [upload]},
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert (
        appeal.status == AppealStatus.ANSWERED
        and appeal.answers.get().text == "Your clinic now books online."
    )
    assert Attachment.objects.get(appeal=appeal, answer__isnull=False).original_name == "answer.png"
    assert Notification.objects.filter(kind="answered", recipient=citizen).exists()
    assert AppealEvent.objects.get(appeal=appeal, kind="answered").actor == officer.user


def test_answering_twice_by_mistake_is_refused_but_a_further_answer_is_possible(
    client_for, officer, appeal
) -> None:
    appeal_answer(actor=officer.user, appeal=appeal, text="First answer.")
    client = client_for(officer)
    repeated = client.post(page_url(appeal, "answer"), {"answer-text": "First answer."})
    assert repeated.status_code == 409
    assert "already answered" in repeated.content.decode()
    assert appeal.answers.count() == 1
    # The page now offers a further answer, which is sent when asked for explicitly.
    assert "Send a further answer" in client.get(page_url(appeal)).content.decode()
    further = client.post(
        page_url(appeal, "answer"), {"answer-text": "An addition.", "answer-further": "True"}
    )
    assert further.status_code == 302 and appeal.answers.count() == 2


def test_empty_answer_and_a_bad_file_are_form_errors(client_for, officer, appeal) -> None:
    client = client_for(officer)
    empty = client.post(page_url(appeal, "answer"), {"answer-text": "  "})
    assert empty.status_code == 400 and "This field is required." in empty.content.decode()
    fake = SimpleUploadedFile("virus.pdf", b"MZ not a pdf", content_type="application/pdf")
    bad = client.post(page_url(appeal, "answer"), {"answer-text": "Here.", "answer-attachments": [fake]})
    assert bad.status_code == 400
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REGISTERED and not appeal.answers.exists()


def test_redirect_to_the_competent_agency(client_for, officer, appeal, citizen, education) -> None:
    client = client_for(officer)
    page = client.get(page_url(appeal)).content.decode()
    assert "The law asks for a redirect within 3 working days of registration" in page
    response = client.post(
        page_url(appeal, "redirect"), {"redirect-to_agency": education.pk, "redirect-reason": "Schools."}
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REDIRECTED
    successor = appeal.redirected_to
    assert successor.agency == education and successor.status == AppealStatus.REGISTERED
    assert Notification.objects.filter(kind="redirected", recipient=citizen).exists()
    # The appeal has left the agency: its successor is not in the officer's scope.
    assert client.get(page_url(successor)).status_code == 404


@pytest.mark.parametrize("target", ["same", "unknown", "inactive"])
def test_redirect_to_the_same_an_unknown_or_an_inactive_agency_is_refused(
    client_for, officer, appeal, health_ministry, target: str
) -> None:
    agency_id = {
        "same": lambda: health_ministry.pk,
        "unknown": lambda: 999_999,
        "inactive": lambda: (
            Agency.objects.filter(slug="ministry-of-education").update(is_active=False)
            and Agency.objects.get(slug="ministry-of-education").pk
        ),
    }[target]()
    response = client_for(officer).post(
        page_url(appeal, "redirect"), {"redirect-to_agency": agency_id, "redirect-reason": "Wrong body."}
    )
    assert response.status_code == 400
    assert "Choose another agency that accepts appeals" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REGISTERED and kinds(appeal) == ["registered"]


def test_extend_is_for_heads_within_the_cap(client_for, head, officer, appeal, citizen) -> None:
    officer_page = client_for(officer).get(page_url(appeal)).content.decode()
    assert 'id="action-extend"' not in officer_page
    refused = client_for(officer).post(
        page_url(appeal, "extend"),
        {"extend-until": appeal.extension_limit_on.isoformat(), "extend-reason": "x"},
    )
    assert (
        refused.status_code == 403
        and "Only the head of the agency may extend the term." in refused.content.decode()
    )

    client = client_for(head)
    page = client.get(page_url(appeal)).content.decode()
    assert "at the latest (2 months from registration)" in page
    past_cap = appeal.extension_limit_on.replace(day=1).replace(
        month=appeal.extension_limit_on.month % 12 + 1
    )
    beyond = client.post(
        page_url(appeal, "extend"), {"extend-until": past_cap.isoformat(), "extend-reason": "Expertise."}
    )
    assert beyond.status_code == 400 and "at the latest" in beyond.content.decode()
    appeal.refresh_from_db()
    assert not appeal.extended

    from appeals.calendar import WorkingCalendar

    until = WorkingCalendar.load().subtract_working_days(appeal.extension_limit_on, 1)
    done = client.post(
        page_url(appeal, "extend"), {"extend-until": until.isoformat(), "extend-reason": "Expertise."}
    )
    assert done.status_code == 302
    appeal.refresh_from_db()
    assert appeal.extended and appeal.due_on == until
    assert Notification.objects.filter(kind="extended", recipient=citizen).exists()
    assert AppealEvent.objects.get(appeal=appeal, kind="extended").actor == head.user


def test_clarification_pauses_the_clock(client_for, officer, appeal, citizen) -> None:
    response = client_for(officer).post(page_url(appeal, "clarify"), {"clarify-question": "Which clinic?"})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.AWAITING_CLARIFICATION and appeal.paused_on
    assert Notification.objects.filter(kind="clarification_requested", recipient=citizen).exists()


def test_reject_with_a_legal_reason(client_for, officer, appeal, citizen) -> None:
    client = client_for(officer)
    missing = client.post(page_url(appeal, "reject"), {"reject-reason": ""})
    assert missing.status_code == 400
    done = client.post(
        page_url(appeal, "reject"), {"reject-reason": "duplicate", "reject-note": "See DLG-1."}
    )
    assert done.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REJECTED
    assert Notification.objects.filter(kind="rejected", recipient=citizen).exists()
    # A rejected appeal cannot be answered any more: a conflict, not a crash.
    late = client.post(page_url(appeal, "answer"), {"answer-text": "Too late."})
    assert late.status_code == 409 and not appeal.answers.exists()


def test_internal_note_is_internal(client_for, officer, appeal) -> None:
    response = client_for(officer).post(page_url(appeal, "note"), {"note-text": "Call the clinic first."})
    assert response.status_code == 302
    event = AppealEvent.objects.get(appeal=appeal, kind="note")
    assert event.is_internal and event.actor == officer.user and event.note == "Call the clinic first."
    assert not Notification.objects.filter(appeal=appeal, kind="note").exists()
    html = client_for(officer).get(page_url(appeal)).content.decode()
    assert "Call the clinic first." in html and "internal: not shown to the citizen" in html


def test_a_get_to_an_action_goes_back_to_the_page_and_a_post_to_the_page_is_refused(
    client_for, officer, appeal
) -> None:
    client = client_for(officer)
    assert client.get(page_url(appeal, "answer"))["Location"] == page_url(appeal)
    assert client.post(page_url(appeal), {"subject": "changed"}).status_code == 405
    appeal.refresh_from_db()
    assert appeal.subject == "Clinic queue"


def test_appeal_page_query_count(client_for, officer, appeal, django_assert_max_num_queries) -> None:
    for number in range(10):
        client_for(officer).post(page_url(appeal, "note"), {"note-text": f"note {number}"})
    client = client_for(officer)
    client.get(page_url(appeal))
    with django_assert_max_num_queries(30):
        assert client.get(page_url(appeal)).status_code == 200
