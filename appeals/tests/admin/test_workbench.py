"""The officials' workbench around the inbox: what the inbox opens on, its columns (citizen,
language, the "new" marker) and the personal-data audit of the names it shows, saved filters,
the head's workload view and its reassignment (scoped to the head's own agency), the readable
history and the confirmation before acting on a colleague's appeal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from appeals.backoffice.workbench import inbox_visit_record
from appeals.models import Appeal, AppealEvent, AppealStatus, EventKind, PersonalDataView, SavedInboxFilter
from appeals.services import appeal_answer, appeal_assign
from officials.models import Official

pytestmark = pytest.mark.django_db

INBOX = "/admin/appeals/appeal/"
WORKLOAD = "/admin/appeals/appeal/workload/"


def page_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- inbox defaults and columns


def test_the_inbox_opens_on_open_appeals_that_are_mine_or_unassigned(
    client_for, officer, make_official, file_appeal
) -> None:
    colleague = make_official("ministry-of-health")
    mine = file_appeal(subject="mine")
    appeal_assign(actor=officer.user, appeal=mine, assignee=officer)
    nobodys = file_appeal(subject="nobody's")
    theirs = file_appeal(subject="theirs")
    appeal_assign(actor=officer.user, appeal=theirs, assignee=colleague)
    answered = file_appeal(subject="answered")
    appeal_answer(actor=officer.user, appeal=answered, text="Done.")

    client = client_for(officer)
    html = page_of(client, INBOX)
    assert mine.tracking_number in html and nobodys.tracking_number in html
    assert theirs.tracking_number not in html and answered.tracking_number not in html
    assert "Showing open appeals assigned to you or to no one" in html
    assert 'href="?show=all"' in html

    everything = page_of(client, INBOX + "?show=all")
    for appeal in (mine, nobodys, theirs, answered):
        assert appeal.tracking_number in everything


def test_another_filter_or_a_search_replaces_the_default(
    client_for, officer, make_official, file_appeal
) -> None:
    colleague = make_official("ministry-of-health")
    theirs = file_appeal(subject="theirs")
    appeal_assign(actor=officer.user, appeal=theirs, assignee=colleague)
    client = client_for(officer)
    assert theirs.tracking_number in page_of(client, f"{INBOX}?assignee={colleague.pk}")
    assert theirs.tracking_number in page_of(client, f"{INBOX}?q={theirs.tracking_number}")


def test_the_default_never_widens_the_scope(client_for, officer_b, file_appeal) -> None:
    other_agency = file_appeal(subject="not education's")
    client = client_for(officer_b)
    assert other_agency.tracking_number not in page_of(client, INBOX)
    assert other_agency.tracking_number not in page_of(client, INBOX + "?show=all")


def test_columns_show_registration_day_citizen_and_language(
    client_for, officer, make_citizen, file_appeal
) -> None:
    kazakh_reader = make_citizen(language="kk")
    appeal = file_appeal(actor=kazakh_reader, subject="Clinic queue")
    html = page_of(client_for(officer), INBOX)
    assert kazakh_reader.full_name in html
    assert "Kazakh" in html
    assert "column-registered" in html and "column-language" in html
    assert appeal.tracking_number in html


def test_names_shown_in_the_inbox_are_recorded_in_the_personal_data_audit(
    client_for, officer, citizen, file_appeal
) -> None:
    appeal = file_appeal()
    page_of(client_for(officer), INBOX)
    view = PersonalDataView.objects.get(viewer=officer.user, appeal=appeal)
    assert view.citizen_id == citizen.pk and view.what == "name" and view.channel == "admin"


def test_appeals_registered_since_the_last_session_are_marked_new(client_for, officer, file_appeal) -> None:
    old = file_appeal(subject="old")
    earlier = timezone.now() - dt.timedelta(hours=3)
    inbox_visit_record(actor=officer.user, now=earlier - dt.timedelta(hours=1))
    before = earlier - dt.timedelta(hours=2)
    Appeal.objects.filter(pk=old.pk).update(submitted_at=before, registered_at=before)
    inbox_visit_record(actor=officer.user, now=earlier)
    fresh = file_appeal(subject="fresh")
    client = client_for(officer)
    html = page_of(client, INBOX)
    row_fresh = html[html.index(fresh.tracking_number) :][:1500]
    row_old = html[html.index(old.tracking_number) :][:1500]
    assert 'class="dialog-new"' in row_fresh.split("</tr>")[0]
    assert 'class="dialog-new"' not in row_old.split("</tr>")[0]
    # A reload within the same working session keeps the marker.
    assert 'class="dialog-new"' in page_of(client, INBOX)


# --- saved filters


def test_an_official_saves_opens_and_deletes_a_named_filter(client_for, officer, file_appeal) -> None:
    client = client_for(officer)
    response = client.post(INBOX + "saved-filters/", {"name": "Overdue ones", "query": "overdue=yes&p=3"})
    assert response.status_code == 302 and response["Location"].endswith("?overdue=yes")
    saved = SavedInboxFilter.objects.get(owner=officer.user)
    assert saved.query == "overdue=yes"
    html = page_of(client, INBOX)
    assert 'href="?overdue=yes"' in html and "Overdue ones" in html
    assert client.post(f"{INBOX}saved-filters/{saved.pk}/delete/").status_code == 302
    assert not SavedInboxFilter.objects.exists()


def test_saved_filters_are_per_official(client_for, officer, make_official) -> None:
    colleague = make_official("ministry-of-health")
    client_for(officer).post(INBOX + "saved-filters/", {"name": "Mine", "query": "assignee=me"})
    saved = SavedInboxFilter.objects.get()
    html = page_of(client_for(colleague), INBOX)
    assert "Mine" not in html.split('id="saved-heading"')[1].split("</section>")[0]
    assert client_for(colleague).post(f"{INBOX}saved-filters/{saved.pk}/delete/").status_code == 404
    assert SavedInboxFilter.objects.filter(pk=saved.pk).exists()


def test_a_filter_without_a_name_is_refused(client_for, officer) -> None:
    response = client_for(officer).post(INBOX + "saved-filters/", {"name": "  ", "query": "overdue=yes"})
    assert response.status_code == 302
    assert not SavedInboxFilter.objects.exists()


# --- the head's workload view


@pytest.fixture
def loaded_agency(head, officer, make_official, file_appeal):
    colleague = make_official("ministry-of-health")
    overdue = file_appeal(subject="overdue")
    appeal_assign(actor=head.user, appeal=overdue, assignee=officer)
    Appeal.objects.filter(pk=overdue.pk).update(overdue_since=timezone.now())
    fresh = file_appeal(subject="fresh")
    appeal_assign(actor=head.user, appeal=fresh, assignee=officer)
    file_appeal(subject="nobody's")
    return {"colleague": colleague, "overdue": overdue, "fresh": fresh}


def test_a_head_sees_open_and_overdue_appeals_per_official(client_for, head, officer, loaded_agency) -> None:
    html = page_of(client_for(head), WORKLOAD)
    table = html.split('id="workload"')[1].split("</table>")[0]
    row = table.split(officer.user.full_name)[1].split("</tr>")[0]
    cells = [cell.split("</td>")[0] for cell in row.split("<td>")[1:]]
    assert cells[0] == "2" and ">1<" in cells[2]
    assert "Not assigned to anyone" in table
    # Each name opens the inbox on that official's open appeals.
    link = f"{INBOX}?assignee={officer.pk}&status__in=registered,assigned,awaiting_clarification"
    assert link.replace("&", "&amp;") in table
    inbox = page_of(client_for(head), link)
    assert loaded_agency["overdue"].tracking_number in inbox and "nobody" not in inbox


def test_only_heads_see_the_workload_view(client_for, officer, oversight) -> None:
    assert client_for(officer).get(WORKLOAD).status_code == 403
    assert client_for(oversight).get(WORKLOAD).status_code == 403


def test_a_head_reassigns_overdue_appeals_through_the_assignment_service(
    client_for, head, officer, loaded_agency
) -> None:
    colleague = loaded_agency["colleague"]
    response = client_for(head).post(
        WORKLOAD, {"from_official": officer.pk, "to_official": colleague.pk, "which": "overdue"}
    )
    assert response.status_code == 302
    overdue, fresh = loaded_agency["overdue"], loaded_agency["fresh"]
    overdue.refresh_from_db()
    fresh.refresh_from_db()
    assert overdue.assignee_id == colleague.pk and fresh.assignee_id == officer.pk
    event = AppealEvent.objects.filter(appeal=overdue, kind=EventKind.ASSIGNED).latest("created_at")
    assert event.actor_id == head.user_id and event.data["assignee"] == colleague.user.email


def test_a_head_cannot_reassign_to_or_from_another_agencys_official(
    client_for, head, officer, officer_b, make_official, education, loaded_agency
) -> None:
    client = client_for(head)
    into_other = client.post(
        WORKLOAD, {"from_official": officer.pk, "to_official": officer_b.pk, "which": "all"}
    )
    assert into_other.status_code == 400
    assert not Appeal.objects.filter(assignee=officer_b).exists()

    other_head = make_official(education, Official.Role.HEAD)
    from_other = client_for(other_head).post(
        WORKLOAD, {"from_official": officer.pk, "to_official": other_head.pk, "which": "all"}
    )
    assert from_other.status_code == 400
    assert Appeal.objects.filter(assignee=officer, status=AppealStatus.ASSIGNED).count() == 2
    assert officer.user.full_name not in client_for(other_head).get(WORKLOAD).content.decode()


# --- the appeal page: readable history and the colleague warning


def test_the_history_shows_labels_not_internal_names(client_for, officer, file_appeal) -> None:
    appeal = file_appeal()
    appeal_assign(actor=officer.user, appeal=appeal, assignee=officer)
    html = page_of(client_for(officer), f"{INBOX}{appeal.pk}/change/")
    timeline = html.split('id="timeline"')[1].split("</ol>")[0]
    assert "due_on" not in timeline and "assignee</dt>" not in timeline
    assert "Due date" in timeline and "Assigned to" in timeline
    assert officer.user.full_name in timeline and officer.user.email not in timeline
    assert "Registered → Assigned" in timeline or "registered → assigned" in timeline.lower()
    assert "Ministry of Health" in timeline


def test_acting_on_a_colleagues_appeal_asks_for_confirmation_first(
    client_for, officer, make_official, file_appeal
) -> None:
    colleague = make_official("ministry-of-health")
    appeal = file_appeal()
    appeal_assign(actor=colleague.user, appeal=appeal, assignee=colleague)
    client = client_for(officer)
    url = f"{INBOX}{appeal.pk}/assign/"
    refused = client.post(url, {"assign-assignee": officer.pk})
    assert refused.status_code == 409
    assert "This appeal is assigned to" in refused.content.decode()
    appeal.refresh_from_db()
    assert appeal.assignee_id == colleague.pk

    confirmed = client.post(url, {"assign-assignee": officer.pk, "colleague_confirmed": "1"})
    assert confirmed.status_code == 302
    appeal.refresh_from_db()
    assert appeal.assignee_id == officer.pk


def test_a_note_on_a_colleagues_appeal_needs_no_confirmation(
    client_for, officer, make_official, file_appeal
) -> None:
    colleague = make_official("ministry-of-health")
    appeal = file_appeal()
    appeal_assign(actor=colleague.user, appeal=appeal, assignee=colleague)
    response = client_for(officer).post(f"{INBOX}{appeal.pk}/note/", {"note-text": "Called the clinic."})
    assert response.status_code == 302


def test_an_unassigned_appeal_offers_to_take_it(client_for, officer, file_appeal) -> None:
    appeal = file_appeal()
    client = client_for(officer)
    html = page_of(client, f"{INBOX}{appeal.pk}/change/")
    assert "Take this appeal" in html and "colleague_confirmed" not in html
    assert client.post(f"{INBOX}{appeal.pk}/assign/", {"assign-assignee": officer.pk}).status_code == 302
    appeal.refresh_from_db()
    assert appeal.assignee_id == officer.pk and appeal.status == AppealStatus.ASSIGNED


def test_the_reassignment_service_refuses_officials_outside_the_heads_agency(
    head, officer, officer_b, loaded_agency
) -> None:
    from appeals.services import workload_reassign
    from portal.domain_errors import InvalidInput, NotAllowed

    today = timezone.localdate()
    with pytest.raises(InvalidInput):
        workload_reassign(
            actor=head.user, from_official=officer, to_official=officer_b, which="all", today=today
        )
    with pytest.raises(NotAllowed):
        workload_reassign(
            actor=officer.user,
            from_official=officer,
            to_official=loaded_agency["colleague"],
            which="all",
            today=today,
        )
    assert not Appeal.objects.filter(assignee=officer_b).exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("kk", ["Менің жұмысым", "Нұсқаны таңдаңыз", "Сақталған сүзгілер"]),
        ("ru", ["Моя работа", "Выберите вариант"]),
    ],
)
def test_the_inbox_speaks_kazakh_and_russian(client_for, officer, file_appeal, language, expected) -> None:
    file_appeal()
    html = client_for(officer).get(INBOX, headers={"accept-language": language}).content.decode()
    for text in expected:
        assert text in html
    assert "Select an option" not in html and "Saved filters" not in html


def test_the_history_reads_in_the_officials_language(client_for, officer, file_appeal) -> None:
    appeal = file_appeal()
    appeal_assign(actor=officer.user, appeal=appeal, assignee=officer)
    html = client_for(officer).get(f"{INBOX}{appeal.pk}/change/", headers={"accept-language": "kk"})
    timeline = html.content.decode().split('id="timeline"')[1].split("</ol>")[0]
    assert "Кімге тағайындалды" in timeline and "Assigned to" not in timeline


def test_the_event_list_and_page_read_in_words(client_for, officer, file_appeal) -> None:
    appeal = file_appeal()
    appeal_assign(actor=officer.user, appeal=appeal, assignee=officer)
    client = client_for(officer)
    listing = page_of(client, "/admin/appeals/appealevent/")
    assert "registered → assigned to an official" in listing
    event = AppealEvent.objects.get(appeal=appeal, kind=EventKind.REGISTERED)
    html = page_of(client, f"/admin/appeals/appealevent/{event.pk}/change/")
    assert "Due date" in html and "due_on" not in html and "Ministry of Health" in html


def test_heads_find_the_workload_view_from_the_dashboard_and_the_inbox(client_for, head, officer) -> None:
    for url in ("/admin/", INBOX):
        assert WORKLOAD in page_of(client_for(head), url)
        assert WORKLOAD not in page_of(client_for(officer), url)
