"""The answering workbench's rules, in the services every entry point calls: the head's
approval, the language confirmation, placeholders, drafts, linked duplicates and group answers."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from appeals.answer_workbench import similar_open_appeals
from appeals.models import (
    Answer,
    AnswerDraft,
    AppealDayStats,
    AppealLink,
    AppealStatus,
    ApprovalRule,
    Notification,
    PendingAnswer,
)
from appeals.services import (
    appeal_answer,
    appeal_answer_approve,
    appeal_answer_group,
    appeal_answer_return,
    appeal_draft_save,
    appeal_link,
)
from appeals.sweep import run_sweep
from conftest import almaty_time
from officials.models import Agency, Official, Region
from officials.tests.fixtures import token_client
from portal.domain_errors import IllegalTransition, InvalidInput, NotAllowed

pytestmark = pytest.mark.django_db


@pytest.fixture
def approval_required(health_ministry: Agency) -> ApprovalRule:
    return ApprovalRule.objects.create(agency=health_ministry, required=True)


def kinds(appeal) -> list[str]:  # type: ignore[no-untyped-def]
    return list(appeal.events.order_by("created_at", "pk").values_list("kind", flat=True))


# --- approval


def test_an_officers_answer_waits_for_the_heads_approval_and_is_then_sent_once(
    approval_required, appeal, officer, head, citizen
) -> None:
    pending = appeal_answer(actor=officer.user, appeal=appeal, text="Dear {citizen_name}, done.")
    assert isinstance(pending, PendingAnswer) and pending.status == PendingAnswer.Status.PENDING
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REGISTERED and appeal.answered_at is None
    assert not Answer.objects.exists()
    assert pending.text == f"Dear {citizen.get_full_name()}, done."
    assert Notification.objects.filter(kind="approval_requested", recipient=head.user).count() == 1
    assert not Notification.objects.filter(kind="answered").exists()

    with pytest.raises(NotAllowed):
        appeal_answer_approve(actor=officer.user, pending=pending)
    with pytest.raises(IllegalTransition):  # nobody answers past the pending one
        appeal_answer(actor=head.user, appeal=appeal, text="Another answer.")

    answer = appeal_answer_approve(actor=head.user, pending=pending)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ANSWERED and answer.author == officer.user
    assert answer.text == pending.text
    assert kinds(appeal) == ["registered", "approval_requested", "approved", "answered"]
    assert appeal.events.get(kind="answered").data["approved_by"] == head.user.get_full_name()
    assert Notification.objects.filter(kind="answered", recipient=citizen).count() == 1
    with pytest.raises(IllegalTransition):
        appeal_answer_approve(actor=head.user, pending=pending)
    assert Answer.objects.filter(appeal=appeal).count() == 1


def test_a_returned_answer_goes_back_to_its_author_as_the_draft(
    approval_required, appeal, officer, head
) -> None:
    pending = appeal_answer(actor=officer.user, appeal=appeal, text="Too short.")
    with pytest.raises(InvalidInput):
        appeal_answer_return(actor=head.user, pending=pending, comment="  ")
    appeal_answer_return(actor=head.user, pending=pending, comment="Cite the order, please.")
    pending.refresh_from_db()
    assert pending.status == PendingAnswer.Status.RETURNED and pending.comment == "Cite the order, please."
    draft = AnswerDraft.objects.get(appeal=appeal)
    assert (draft.author, draft.text) == (officer.user, "Too short.")
    assert kinds(appeal) == ["registered", "approval_requested", "approval_returned"]
    assert appeal.events.get(kind="approval_returned").is_internal
    assert Notification.objects.filter(kind="approval_returned", recipient=officer.user).exists()
    # The officer hands in again; this time it is approved.
    again = appeal_answer(actor=officer.user, appeal=appeal, text="Under order No. 5, done.")
    assert isinstance(again, PendingAnswer)
    appeal_answer_approve(actor=head.user, pending=again)
    assert Answer.objects.get(appeal=appeal).text == "Under order No. 5, done."


def test_heads_and_named_deputy_heads_answer_directly_and_may_approve(
    approval_required, file_appeal, officer, head, make_official
) -> None:
    deputy = make_official("ministry-of-health", Official.Role.OFFICER)
    approval_required.deputy_heads.add(deputy)
    assert isinstance(appeal_answer(actor=head.user, appeal=file_appeal(), text="Done."), Answer)
    assert isinstance(appeal_answer(actor=deputy.user, appeal=file_appeal(), text="Done."), Answer)
    pending = appeal_answer(actor=officer.user, appeal=file_appeal(), text="Done.")
    assert isinstance(appeal_answer_approve(actor=deputy.user, pending=pending), Answer)


def test_without_the_rule_an_officer_answers_directly(appeal, officer, health_ministry) -> None:
    ApprovalRule.objects.create(agency=health_ministry, required=False)
    assert isinstance(appeal_answer(actor=officer.user, appeal=appeal, text="Done."), Answer)


def test_an_officers_answer_through_the_agency_api_becomes_a_pending_approval(
    approval_required, appeal, officer
) -> None:
    response = token_client(officer.user).post(
        f"/api/v1/agency/appeals/{appeal.tracking_number}/answer/", {"text": "Done."}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == AppealStatus.REGISTERED
    assert response.json()["answered_at"] is None
    assert PendingAnswer.objects.get(appeal=appeal).text == "Done."
    assert not Answer.objects.exists()


def test_files_cannot_wait_for_approval(approval_required, appeal, officer) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    with pytest.raises(InvalidInput) as refused:
        appeal_answer(actor=officer.user, appeal=appeal, text="Done.", uploads=[upload])
    assert refused.value.code == "files_need_approval"
    assert not PendingAnswer.objects.exists()


def test_the_clock_does_not_stop_while_an_answer_awaits_approval(
    approval_required, file_appeal, officer, head
) -> None:
    appeal = file_appeal(now=almaty_time(2026, 4, 14, 10))  # due Wednesday 6 May 2026
    appeal_answer(actor=officer.user, appeal=appeal, text="Done.", now=almaty_time(2026, 5, 5, 10))
    report = run_sweep(now=almaty_time(2026, 5, 7, 0, 1))
    assert sum(report.steps.values()) >= 1
    appeal.refresh_from_db()
    assert appeal.escalation_level == 1 and appeal.overdue_since is not None
    assert "escalated" in kinds(appeal)
    # Approved late, it is sent, and counted as late.
    pending = PendingAnswer.objects.get(appeal=appeal)
    appeal_answer_approve(actor=head.user, pending=pending, now=almaty_time(2026, 5, 8, 10))
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ANSWERED
    assert appeal.events.get(kind="answered").data["on_time"] is False


# --- language, placeholders, drafts


def test_an_answer_in_another_language_needs_a_confirmation(file_appeal, officer, make_citizen) -> None:
    appeal = file_appeal(actor=make_citizen(language="kk"))
    with pytest.raises(InvalidInput) as refused:
        appeal_answer(actor=officer.user, appeal=appeal, text="Ответ.", language="ru")
    assert refused.value.code == "language_mismatch" and "Kazakh" in str(refused.value)
    assert not Answer.objects.exists()
    appeal_answer(actor=officer.user, appeal=appeal, text="Ответ.", language="ru", language_confirmed=True)
    assert Answer.objects.filter(appeal=appeal).count() == 1


def test_placeholders_are_filled_and_the_draft_is_done_with(appeal, officer, citizen) -> None:
    appeal_draft_save(actor=officer.user, appeal=appeal, text="Working on it")
    draft = AnswerDraft.objects.get(appeal=appeal)
    assert draft.author == officer.user and draft.text == "Working on it"
    answer = appeal_answer(
        actor=officer.user,
        appeal=appeal,
        text="{citizen_name}: {tracking_number} of {registration_date}, due {due_date}. {unknown}",
        now=appeal.submitted_at + dt.timedelta(hours=1),  # after filing, whatever today is
    )
    assert answer.text == (
        f"{citizen.get_full_name()}: {appeal.tracking_number} of "
        f"{appeal.registered_on:%d.%m.%Y}, due {appeal.due_on:%d.%m.%Y}. {{unknown}}"
    )
    assert not AnswerDraft.objects.filter(appeal=appeal).exists()
    with pytest.raises(InvalidInput):  # closed appeals take no drafts
        appeal.status = AppealStatus.CLOSED
        appeal.save(update_fields=["status"])
        appeal_draft_save(actor=officer.user, appeal=appeal, text="Late")


def test_an_official_of_another_agency_may_not_save_a_draft(appeal, make_official) -> None:
    stranger = make_official("ministry-of-education")
    with pytest.raises(NotAllowed):
        appeal_draft_save(actor=stranger.user, appeal=appeal, text="x")


# --- duplicates


@pytest.fixture
def potholes(file_appeal, make_citizen):  # type: ignore[no-untyped-def]
    first = file_appeal(subject="Pothole on Abay avenue", text="A deep pothole near house 10 on Abay avenue.")
    second = file_appeal(
        actor=make_citizen(),
        subject="Pothole Abay avenue again",
        text="The pothole on Abay avenue broke my wheel.",
    )
    unrelated = file_appeal(subject="Clinic queue", text="The queue at the clinic is long.")
    elsewhere = file_appeal(
        subject="Pothole on Abay avenue", text="Pothole.", region=Region.objects.get(code="KZ-71")
    )
    return first, second, unrelated, elsewhere


def test_similar_open_appeals_of_the_same_agency_and_region(potholes) -> None:
    first, second, unrelated, elsewhere = potholes
    found = similar_open_appeals(first)
    assert second in found
    assert unrelated not in found and elsewhere not in found and first not in found


def test_one_answer_to_a_linked_group_gives_each_citizen_their_own(potholes, officer) -> None:
    first, second, unrelated, _elsewhere = potholes
    appeal_link(actor=officer.user, appeal=second, other=first)
    assert AppealLink.objects.get().appeal_id == min(first.pk, second.pk)
    assert "linked" in kinds(first) and "linked" in kinds(second)
    with pytest.raises(InvalidInput):
        appeal_answer_group(actor=officer.user, appeal=first, others=[unrelated], text="Fixed.")

    answers = appeal_answer_group(
        actor=officer.user, appeal=first, others=[second], text="Dear {citizen_name}, it is fixed."
    )
    assert len(answers) == 2 and all(isinstance(a, Answer) for a in answers)
    for appeal in (first, second):
        appeal.refresh_from_db()
        assert appeal.status == AppealStatus.ANSWERED
        assert appeal.answers.get().text == f"Dear {appeal.citizen.get_full_name()}, it is fixed."
        assert kinds(appeal).count("answered") == 1
    told = Counter(Notification.objects.filter(kind="answered").values_list("recipient_id", flat=True))
    assert told == Counter({first.citizen_id: 1, second.citizen_id: 1})
    answered = sum(AppealDayStats.objects.values_list("answered", flat=True))
    assert answered == 2


def test_a_group_answer_is_all_or_nothing(potholes, officer) -> None:
    first, second, _unrelated, _elsewhere = potholes
    appeal_link(actor=officer.user, appeal=first, other=second)
    appeal_answer(actor=officer.user, appeal=second, text="Already answered.")
    with pytest.raises(IllegalTransition) as refused:
        appeal_answer_group(actor=officer.user, appeal=first, others=[second], text="Fixed.")
    assert second.tracking_number in str(refused.value)
    first.refresh_from_db()
    assert first.answered_at is None


def test_linking_is_scoped_to_one_agency(potholes, officer, make_official, file_appeal) -> None:
    first = potholes[0]
    other_agency = file_appeal(agency=Agency.objects.get(slug="ministry-of-education"))
    with pytest.raises(NotAllowed):
        appeal_link(actor=officer.user, appeal=first, other=other_agency)
    with pytest.raises(InvalidInput):
        appeal_link(actor=officer.user, appeal=first, other=first)
    assert not AppealLink.objects.exists()


def test_a_group_in_an_approval_agency_waits_for_approval_appeal_by_appeal(
    approval_required, potholes, officer, head
) -> None:
    first, second, _u, _e = potholes
    appeal_link(actor=officer.user, appeal=first, other=second)
    results = appeal_answer_group(actor=officer.user, appeal=first, others=[second], text="Fixed.")
    assert all(isinstance(r, PendingAnswer) for r in results)
    for pending in results:
        appeal_answer_approve(actor=head.user, pending=pending)  # type: ignore[arg-type]
    assert Answer.objects.filter(appeal__in=[first, second]).count() == 2
