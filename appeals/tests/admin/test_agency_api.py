"""The agency API: an official's token, the same scope as the admin, every action through the
services with its events and notifications, and clear 4xx answers to bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from appeals.calendar import WorkingCalendar
from appeals.models import Appeal, AppealEvent, AppealStatus, Notification, PersonalDataView
from appeals.services import appeal_answer
from officials.models import Official
from officials.tests.fixtures import token_client

pytestmark = pytest.mark.django_db

BASE = "/api/v1/agency/appeals/"


def url(appeal: Appeal, action: str = "") -> str:
    return f"{BASE}{appeal.tracking_number}/" + (f"{action}/" if action else "")


def test_list_is_scoped_and_filtered(officer, officer_b, file_appeal, education) -> None:
    mine, overdue = file_appeal(), file_appeal()
    Appeal.objects.filter(pk=overdue.pk).update(overdue_since=timezone.now())
    theirs = file_appeal(agency=education)
    client = token_client(officer.user)
    body = client.get(BASE).json()
    numbers = {row["tracking_number"] for row in body["results"]}
    assert numbers == {mine.tracking_number, overdue.tracking_number}
    assert theirs.tracking_number not in numbers and body["count"] == 2
    assert "citizen" not in body["results"][0] and "text" not in body["results"][0]

    only_overdue = client.get(BASE, {"overdue": "true"}).json()["results"]
    assert [row["tracking_number"] for row in only_overdue] == [overdue.tracking_number]
    assert only_overdue[0]["overdue"] is True
    assert client.get(BASE, {"status": "answered"}).json()["count"] == 0
    assert client.get(BASE, {"status": "registered"}).json()["count"] == 2
    future = (timezone.now() + dt.timedelta(hours=1)).isoformat()
    assert client.get(BASE, {"updated_since": future}).json()["count"] == 0
    past = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    assert client.get(BASE, {"updated_since": past}).json()["count"] == 2


@pytest.mark.parametrize(
    "query",
    [
        {"status": "lost"},
        {"overdue": "maybe"},
        {"updated_since": "yesterday"},
        {"updated_since": "0342-07-11T04:58:04+21:27"},  # an offset no time zone has (schemathesis)
        {"updated_since": "9999-12-31T23:59:59-13:00"},  # past year 9999 in UTC
    ],
)
def test_bad_filters_are_400(officer, appeal, query: dict[str, str]) -> None:
    response = token_client(officer.user).get(BASE, query)
    assert response.status_code == 400
    assert next(iter(query)) in response.json()


def test_detail_has_the_citizen_and_the_trail_and_is_audited(officer, appeal, citizen) -> None:
    client = token_client(officer.user)
    body = client.get(url(appeal).lower()).json()
    assert body["tracking_number"] == appeal.tracking_number
    assert body["citizen"]["iin"] == citizen.citizen_profile.iin
    assert [event["kind"] for event in body["events"]] == ["registered"]
    view = PersonalDataView.objects.get()
    assert (view.viewer, view.citizen, view.channel) == (officer.user, citizen, "api")


def test_other_agencies_get_404(officer_b, oversight, appeal) -> None:
    for who in (officer_b, oversight):
        client = token_client(who.user)
        assert client.get(url(appeal)).status_code == 404
        assert client.post(url(appeal, "answer"), {"text": "x"}, format="json").status_code == 404
    assert not PersonalDataView.objects.exists()
    assert appeal.events.count() == 1


def test_no_token_a_session_a_citizen_and_a_deactivated_official(officer, citizen, appeal) -> None:
    assert APIClient().get(BASE).status_code == 401
    session = APIClient()
    session.force_login(officer.user)
    assert session.get(BASE).status_code == 401  # sessions are not accepted: tokens only
    assert token_client(citizen).get(BASE).status_code == 403

    client = token_client(officer.user)
    Official.objects.filter(pk=officer.pk).update(is_active=False)
    assert client.get(BASE).status_code == 403
    assert client.post(url(appeal, "answer"), {"text": "x"}, format="json").status_code == 403
    Official.objects.filter(pk=officer.pk).update(is_active=True)
    officer.user.is_active = False
    officer.user.save()
    assert client.get(BASE).status_code == 401
    assert appeal.events.count() == 1


def test_answer(officer, appeal, citizen) -> None:
    client = token_client(officer.user)
    response = client.post(url(appeal, "answer"), {"text": "Booked online now."}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "answered"
    assert AppealEvent.objects.get(appeal=appeal, kind="answered").actor == officer.user
    assert Notification.objects.filter(kind="answered", recipient=citizen).exists()

    again = client.post(url(appeal, "answer"), {"text": "Booked online now."}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_answered"
    assert appeal.answers.count() == 1
    further = client.post(url(appeal, "answer"), {"text": "Also by phone.", "further": True}, format="json")
    assert further.status_code == 200 and appeal.answers.count() == 2


def test_answer_needs_text(officer, appeal) -> None:
    response = token_client(officer.user).post(url(appeal, "answer"), {"text": ""}, format="json")
    assert response.status_code == 400 and "text" in response.json()


def test_redirect(officer, appeal, citizen, education) -> None:
    client = token_client(officer.user)
    response = client.post(
        url(appeal, "redirect"), {"to_agency": education.slug, "reason": "Schools."}, format="json"
    )
    assert response.status_code == 200
    successor = Appeal.objects.get(tracking_number=response.json()["redirected_to"])
    assert successor.agency == education and successor.redirected_from == appeal
    assert Notification.objects.filter(kind="redirected", recipient=citizen).exists()


@pytest.mark.parametrize(("slug", "status"), [("ministry-of-health", 400), ("no-such-agency", 400)])
def test_redirect_to_the_same_or_an_unknown_agency(officer, appeal, slug: str, status: int) -> None:
    response = token_client(officer.user).post(
        url(appeal, "redirect"), {"to_agency": slug, "reason": "x"}, format="json"
    )
    assert response.status_code == status
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REGISTERED and appeal.events.count() == 1


def test_extend_is_for_heads_and_within_the_cap(officer, head, appeal, citizen) -> None:
    calendar = WorkingCalendar.load()
    until = calendar.subtract_working_days(appeal.extension_limit_on, 1)
    refused = token_client(officer.user).post(
        url(appeal, "extend"), {"until": until, "reason": "x"}, format="json"
    )
    assert refused.status_code == 403
    client = token_client(head.user)
    beyond = appeal.extension_limit_on + dt.timedelta(days=7)
    too_far = client.post(url(appeal, "extend"), {"until": beyond, "reason": "x"}, format="json")
    assert too_far.status_code == 400 and too_far.json()["code"] == "beyond_cap"
    done = client.post(url(appeal, "extend"), {"until": until, "reason": "Expert opinion."}, format="json")
    assert done.status_code == 200 and done.json()["due_on"] == until.isoformat() and done.json()["extended"]
    assert Notification.objects.filter(kind="extended", recipient=citizen).exists()


def test_assign(officer, head, officer_b, appeal) -> None:
    client = token_client(head.user)
    foreign = client.post(url(appeal, "assign"), {"assignee": officer_b.user.email}, format="json")
    assert foreign.status_code == 400 and "assignee" in foreign.json()
    done = client.post(url(appeal, "assign"), {"assignee": officer.user.email.upper()}, format="json")
    assert done.status_code == 200 and done.json()["assignee"] == officer.user.email
    assert Notification.objects.filter(kind="assigned", recipient=officer.user).exists()


def test_clarify(officer, appeal, citizen) -> None:
    client = token_client(officer.user)
    response = client.post(url(appeal, "clarify"), {"question": "Which clinic?"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "awaiting_clarification"
    assert Notification.objects.filter(kind="clarification_requested", recipient=citizen).exists()
    # Clarification asked already: asking again is a conflict, not a crash.
    again = client.post(url(appeal, "clarify"), {"question": "And when?"}, format="json")
    assert again.status_code == 409


def test_answering_a_closed_appeal_is_a_conflict(officer, appeal, citizen) -> None:
    from appeals.services import appeal_rate

    appeal_answer(actor=officer.user, appeal=appeal, text="Done.")
    appeal_rate(actor=citizen, appeal=appeal, rating=4, resolved=True)
    response = token_client(officer.user).post(
        url(appeal, "answer"), {"text": "More.", "further": True}, format="json"
    )
    assert response.status_code == 409 and appeal.answers.count() == 1


def test_list_query_count(officer, file_appeal, django_assert_max_num_queries) -> None:
    for _ in range(20):
        file_appeal()
    client = token_client(officer.user)
    with django_assert_max_num_queries(8):
        assert client.get(BASE).json()["count"] == 20


def test_the_schema_documents_the_agency_api(tmp_path: Path) -> None:
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    for action in ("answer", "redirect", "extend", "assign", "clarify"):
        assert f"/api/v1/agency/appeals/{{tracking_number}}/{action}/:" in text
    assert "/api/v1/agency/appeals/:" in text


def test_answer_with_files_over_multipart(officer, appeal) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    client = token_client(officer.user)
    disguised = SimpleUploadedFile("scan.pdf", b"MZ not really a pdf")
    refused = client.post(
        url(appeal, "answer"), {"text": "See attached.", "files": [disguised]}, format="multipart"
    )
    assert refused.status_code == 400 and "accepted file" in refused.json()["detail"]
    assert appeal.answers.count() == 0
    response = client.post(
        url(appeal, "answer"),
        {"text": "See attached.", "files": [SimpleUploadedFile("decision.png", png)]},
        format="multipart",
    )
    assert response.status_code == 200
    answer = appeal.answers.get()
    assert list(answer.attachments.values_list("original_name", "content_type")) == [
        ("decision.png", "image/png")
    ]


def test_updated_since_compares_in_utc_whatever_the_offset(officer, appeal) -> None:
    moment = appeal.updated_at
    client = token_client(officer.user)
    for offset in (dt.timedelta(hours=-12), dt.timedelta(hours=14)):
        local = (moment - dt.timedelta(seconds=1)).astimezone(dt.timezone(offset)).isoformat()
        assert client.get(BASE, {"updated_since": local}).json()["count"] == 1
