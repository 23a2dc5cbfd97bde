"""The services: each is one transaction that writes its event and its notifications."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from appeals.models import Appeal, AppealEvent, AppealStatus, Attachment, Notification
from appeals.services import (
    appeal_answer,
    appeal_assign,
    appeal_file,
    appeal_note,
    appeal_rate,
    appeal_redirect,
    appeal_reject,
    appeal_withdraw,
)
from conftest import almaty_time
from officials.models import Agency, Deputy, Official
from portal.domain_errors import IllegalTransition, InvalidInput, NotAllowed

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def kinds(appeal: Appeal) -> list[str]:
    return list(appeal.events.values_list("kind", flat=True))


def test_filing_registers_with_a_tracking_number_event_and_notification(file_appeal, citizen) -> None:
    appeal = file_appeal(now=almaty_time(2026, 4, 14, 10, 30))
    assert re.fullmatch(r"DLG-2026-\d{6}", appeal.tracking_number)
    assert appeal.status == AppealStatus.REGISTERED
    assert kinds(appeal) == ["registered"]
    note = Notification.objects.get(appeal=appeal)
    assert note.recipient == citizen and appeal.tracking_number in note.subject


def test_tracking_numbers_follow_each_other(file_appeal) -> None:
    first, second = file_appeal(), file_appeal()
    assert int(second.tracking_number[-6:]) == int(first.tracking_number[-6:]) + 1


def test_appeal_to_a_deputy_goes_to_the_chambers_office(citizen, almaty) -> None:
    deputy = Deputy.objects.filter(chamber="senate").first()
    appeal = appeal_file(
        actor=citizen,
        appeal_type="proposal",
        deputy=deputy,
        region=almaty,
        subject="Law",
        text="Please amend.",
    )
    assert appeal.deputy == deputy and appeal.agency.slug == "office-of-the-senate"


def test_filing_needs_a_complete_profile(make_citizen, health_ministry, almaty) -> None:
    incomplete = make_citizen(complete=False)
    with pytest.raises(NotAllowed, match="IIN"):
        appeal_file(
            actor=incomplete,
            appeal_type="inquiry",
            agency=health_ministry,
            region=almaty,
            subject="s",
            text="t",
        )
    assert not Appeal.objects.exists()


@pytest.mark.parametrize("channel", ["web", "api", "blog"])
def test_filing_needs_a_confirmed_email_on_every_channel(file_appeal, citizen, channel) -> None:
    citizen.email_verified_at = None
    citizen.save(update_fields=["email_verified_at"])
    with pytest.raises(NotAllowed, match="Confirm your e-mail address") as refused:
        file_appeal(channel=channel)
    assert refused.value.code == "email_unverified"
    assert not Appeal.objects.exists()


def test_the_email_check_reads_the_account_afresh(file_appeal, citizen) -> None:
    """A stale user object (a session loaded before the address was unconfirmed) does not pass."""
    from portal.accounts.models import User

    User.objects.filter(pk=citizen.pk).update(email_verified_at=None)
    with pytest.raises(NotAllowed, match="Confirm your e-mail address"):
        file_appeal()
    assert not Appeal.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"subject": "  "}, "must not be empty"),
        ({"text": "x" * 10_001}, "limit is 10000"),
        ({"appeal_type": "petition"}, "Unknown appeal type"),
        ({"agency": None}, "Choose one addressee"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(file_appeal, overrides, message) -> None:
    with pytest.raises(InvalidInput, match=message):
        file_appeal(**overrides)
    assert not Appeal.objects.exists() and not AppealEvent.objects.exists()


def test_disguised_file_is_refused_by_content(file_appeal) -> None:
    fake_pdf = SimpleUploadedFile(
        "report.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf"
    )
    with pytest.raises(InvalidInput, match=r"not an accepted file \(PDF, JPEG, PNG, DOCX\)"):
        file_appeal(uploads=[fake_pdf])
    assert not Appeal.objects.exists() and not Attachment.objects.exists()


def test_attachments_are_stored_under_generated_names(file_appeal) -> None:
    appeal = file_appeal(uploads=[SimpleUploadedFile("my passport scan.png", PNG)])
    attachment = appeal.attachments.get()
    assert attachment.original_name == "my passport scan.png"
    assert "passport" not in attachment.file.name and attachment.content_type == "image/png"


def test_assign_then_answer(file_appeal, officer) -> None:
    appeal = file_appeal()
    appeal_assign(actor=officer.user, appeal=appeal, assignee=officer)
    answer = appeal_answer(actor=officer.user, appeal=appeal, text="Your clinic will add a doctor.")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ANSWERED and appeal.answered_at == answer.sent_at
    assert appeal.next_action_at is None
    assert kinds(appeal) == ["registered", "assigned", "answered"]
    assert Notification.objects.filter(appeal=appeal, kind="answered", recipient=appeal.citizen).exists()


def test_assigning_to_an_official_of_another_agency_is_refused(file_appeal, officer, make_official) -> None:
    stranger = make_official("ministry-of-finance")
    appeal = file_appeal()
    with pytest.raises(InvalidInput, match="active official"):
        appeal_assign(actor=officer.user, appeal=appeal, assignee=stranger)
    assert Appeal.objects.get(pk=appeal.pk).status == AppealStatus.REGISTERED


def test_officials_of_another_agency_cannot_act(file_appeal, make_official) -> None:
    stranger = make_official("ministry-of-finance")
    with pytest.raises(NotAllowed):
        appeal_answer(actor=stranger.user, appeal=file_appeal(), text="Not ours.")


def test_a_further_answer_follows_never_edits(file_appeal, officer) -> None:
    appeal = file_appeal()
    first = appeal_answer(actor=officer.user, appeal=appeal, text="First.")
    with pytest.raises(IllegalTransition, match="already answered"):
        appeal_answer(actor=officer.user, appeal=appeal, text="Sent twice by mistake.")
    appeal_answer(actor=officer.user, appeal=appeal, text="Correction.", further=True)
    appeal.refresh_from_db()
    assert appeal.answers.count() == 2 and appeal.answered_at == first.sent_at
    first.text = "edited"
    with pytest.raises(RuntimeError, match="cannot be edited"):
        first.save()


def test_redirect_registers_a_fresh_appeal_at_the_competent_agency(file_appeal, officer, citizen) -> None:
    appeal = file_appeal(now=almaty_time(2026, 4, 14, 10), uploads=[SimpleUploadedFile("a.png", PNG)])
    target = Agency.objects.get(slug="akimat-kz-75")
    successor = appeal_redirect(
        actor=officer.user,
        appeal=appeal,
        to_agency=target,
        reason="Local matter.",
        now=almaty_time(2026, 4, 16, 10),
    )
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REDIRECTED and successor.redirected_from == appeal
    assert successor.agency == target and successor.citizen == citizen
    assert successor.registered_on.isoformat() == "2026-04-16"
    assert successor.attachments.count() == 1
    event = appeal.events.get(kind="redirected")
    assert event.data["to_agency"] == "akimat-kz-75" and event.data["late"] is False
    assert successor.events.get().kind == "redirect_received"


def test_redirect_after_three_working_days_is_recorded_as_late(file_appeal, officer) -> None:
    appeal = file_appeal(now=almaty_time(2026, 4, 14, 10))  # Tuesday; on time until Friday 17th
    appeal_redirect(
        actor=officer.user,
        appeal=appeal,
        to_agency=Agency.objects.get(slug="akimat-kz-71"),
        reason="Astana matter.",
        now=almaty_time(2026, 4, 20, 10),
    )
    event = appeal.events.get(kind="redirected")
    assert event.data == event.data | {"late": True, "redirect_deadline": "2026-04-17"}


def test_redirect_to_the_same_agency_is_refused(file_appeal, officer, health_ministry) -> None:
    appeal = file_appeal()
    with pytest.raises(InvalidInput, match="already with this agency"):
        appeal_redirect(actor=officer.user, appeal=appeal, to_agency=health_ministry, reason="?")
    assert Appeal.objects.count() == 1


def test_reject_needs_a_legal_reason(file_appeal, officer) -> None:
    appeal = file_appeal()
    with pytest.raises(InvalidInput):
        appeal_reject(actor=officer.user, appeal=appeal, reason="boring")
    appeal_reject(actor=officer.user, appeal=appeal, reason="duplicate", note="See DLG-2026-000001.")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REJECTED
    assert appeal.events.get(kind="rejected").data == {"reason": "duplicate"}


def test_withdraw_only_by_the_owner_and_only_before_an_answer(file_appeal, make_citizen, officer) -> None:
    appeal = file_appeal()
    with pytest.raises(NotAllowed):
        appeal_withdraw(actor=make_citizen(), appeal=appeal)
    answered = file_appeal()
    appeal_answer(actor=officer.user, appeal=answered, text="Done.")
    with pytest.raises(IllegalTransition):
        appeal_withdraw(actor=answered.citizen, appeal=answered)
    appeal_withdraw(actor=appeal.citizen, appeal=appeal)
    assert Appeal.objects.get(pk=appeal.pk).status == AppealStatus.WITHDRAWN


def test_rating_closes_the_answered_appeal(file_appeal, officer) -> None:
    appeal = file_appeal()
    appeal_answer(actor=officer.user, appeal=appeal, text="Done.")
    with pytest.raises(InvalidInput, match="1 to 5"):
        appeal_rate(actor=appeal.citizen, appeal=appeal, rating=6, resolved=True)
    appeal_rate(actor=appeal.citizen, appeal=appeal, rating=4, resolved=True)
    appeal.refresh_from_db()
    assert (appeal.status, appeal.rating, appeal.rating_resolved) == (AppealStatus.CLOSED, 4, True)
    assert kinds(appeal)[-2:] == ["rated", "closed"]


def test_internal_notes_are_marked_internal(file_appeal, officer) -> None:
    appeal = file_appeal()
    appeal_note(actor=officer.user, appeal=appeal, text="Call the clinic first.")
    assert appeal.events.get(kind="note").is_internal


def test_a_failure_mid_service_leaves_nothing_half_done(file_appeal, officer) -> None:
    appeal = file_appeal()
    with (
        mock.patch(
            "appeals.services.handling.Answer.objects.create", side_effect=IntegrityError("disk full")
        ),
        pytest.raises(IntegrityError),
    ):
        appeal_answer(actor=officer.user, appeal=appeal, text="Lost?")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REGISTERED and appeal.answered_at is None
    assert kinds(appeal) == ["registered"]
    assert not Notification.objects.filter(kind="answered").exists()


def test_deactivated_official_cannot_act(file_appeal, officer) -> None:
    Official.objects.filter(pk=officer.pk).update(is_active=False)
    officer.refresh_from_db()
    with pytest.raises(NotAllowed):
        appeal_assign(actor=officer.user, appeal=file_appeal(), assignee=officer)


def test_confirmation_email_names_number_addressee_registration_and_due_dates(file_appeal) -> None:
    appeal = file_appeal(now=almaty_time(2026, 3, 21, 15))  # a Saturday of Nauryz
    body = Notification.objects.get(appeal=appeal, kind="registered").body
    assert appeal.tracking_number in body and appeal.agency.name_en in body
    # Dates in the language's own style (portal/formats).
    assert "registered on 26 March 2026" in body and "due by 16 April 2026" in body
