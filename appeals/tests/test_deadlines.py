"""Legal terms on the clock: registration, due dates, extensions, clarification pauses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from appeals.models import Appeal, AppealStatus, DeadlinePolicy
from appeals.services import appeal_clarify, appeal_extend, appeal_request_clarification
from conftest import almaty_time
from portal.domain_errors import InvalidInput, NotAllowed

pytestmark = pytest.mark.django_db
D = dt.date


def test_fifteen_working_days_by_default_and_twenty_for_complaints(file_appeal) -> None:
    application = file_appeal(now=almaty_time(2026, 3, 16, 11))
    complaint = file_appeal(appeal_type="complaint", now=almaty_time(2026, 3, 16, 11))
    assert application.due_on == D(2026, 4, 9)
    assert complaint.due_on == D(2026, 4, 16)
    assert (application.term_days, complaint.term_days) == (15, 20)


def test_an_appeal_arriving_on_a_day_off_is_registered_on_the_next_working_day(file_appeal) -> None:
    appeal = file_appeal(now=almaty_time(2026, 3, 21, 15))  # Saturday of Nauryz
    assert appeal.registered_on == D(2026, 3, 26)
    assert appeal.registered_at == almaty_time(2026, 3, 26, 0)
    assert appeal.submitted_at == almaty_time(2026, 3, 21, 15)
    assert appeal.due_on == D(2026, 4, 16)


def test_day_boundary_is_in_almaty_time(file_appeal) -> None:
    # 23:30 in Almaty on Friday is still Friday, although it is 18:30 UTC.
    appeal = file_appeal(now=almaty_time(2026, 4, 17, 23, 30))
    assert appeal.registered_on == D(2026, 4, 17)


def test_the_policy_in_force_is_copied_so_later_changes_never_move_deadlines(file_appeal) -> None:
    before = file_appeal(now=almaty_time(2026, 4, 14, 10))
    DeadlinePolicy.objects.filter(appeal_type="application").update(answer_days=5)
    after = file_appeal(now=almaty_time(2026, 4, 14, 10))
    before.refresh_from_db()
    assert before.term_days == 15 and before.due_on == D(2026, 5, 6)
    assert after.term_days == 5 and after.due_on == D(2026, 4, 21)


def test_a_policy_with_zero_or_negative_days_is_refused() -> None:
    policy = DeadlinePolicy.objects.get(appeal_type="inquiry")
    policy.answer_days = 0
    with pytest.raises(ValidationError, match="greater than or equal to 1"):
        policy.full_clean()
    with pytest.raises(IntegrityError):
        DeadlinePolicy.objects.filter(appeal_type="inquiry").update(answer_days=0)


def test_head_extends_within_the_two_month_cap(file_appeal, head) -> None:
    appeal = file_appeal(now=almaty_time(2026, 4, 14, 10))
    assert appeal.extension_limit_on == D(2026, 6, 14)
    with pytest.raises(InvalidInput, match="at the latest"):
        appeal_extend(
            actor=head.user,
            appeal=appeal,
            until=D(2026, 6, 15),
            reason="Inspection.",
            now=almaty_time(2026, 4, 20, 9),
        )
    appeal_extend(
        actor=head.user,
        appeal=appeal,
        until=D(2026, 6, 12),
        reason="Inspection.",
        now=almaty_time(2026, 4, 20, 9),
    )
    appeal.refresh_from_db()
    assert appeal.due_on == D(2026, 6, 12) and appeal.original_due_on == D(2026, 5, 6) and appeal.extended
    event = appeal.events.get(kind="extended")
    assert event.data == {"from": "2026-05-06", "until": "2026-06-12"} and event.note == "Inspection."
    assert appeal.notifications.filter(kind="extended", recipient=appeal.citizen).exists()


@pytest.mark.parametrize(
    ("until", "message"),
    [(D(2026, 5, 1), "later than the current one"), (D(2026, 6, 13), "working day")],
)
def test_bad_extensions_change_nothing(file_appeal, head, until, message) -> None:
    appeal = file_appeal(now=almaty_time(2026, 4, 14, 10))
    with pytest.raises(InvalidInput, match=message):
        appeal_extend(
            actor=head.user, appeal=appeal, until=until, reason="x", now=almaty_time(2026, 4, 20, 9)
        )
    appeal.refresh_from_db()
    assert appeal.due_on == D(2026, 5, 6) and not appeal.events.filter(kind="extended").exists()


def test_an_officer_cannot_extend(file_appeal, officer) -> None:
    appeal = file_appeal(now=almaty_time(2026, 4, 14, 10))
    with pytest.raises(NotAllowed, match="Only the head"):
        appeal_extend(
            actor=officer.user,
            appeal=appeal,
            until=D(2026, 5, 20),
            reason="x",
            now=almaty_time(2026, 4, 20, 9),
        )
    assert Appeal.objects.get(pk=appeal.pk).due_on == D(2026, 5, 6)


def test_a_clarification_pauses_the_clock(file_appeal, officer, citizen) -> None:
    appeal = file_appeal(now=almaty_time(2026, 4, 14, 10))  # due 6 May
    appeal_request_clarification(
        actor=officer.user, appeal=appeal, question="Which clinic?", now=almaty_time(2026, 4, 16, 10)
    )
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.AWAITING_CLARIFICATION and appeal.next_action_at is None
    # Paused Thursday 16th, answered Wednesday 22nd: Fri, Mon, Tue, Wed lost = 4 working days.
    appeal_clarify(actor=citizen, appeal=appeal, text="Clinic No. 5.", now=almaty_time(2026, 4, 22, 12))
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REGISTERED and appeal.paused_on is None
    assert appeal.due_on == D(2026, 5, 14)  # 6 May + 4 working days (7, 9 and 11 May are days off)
    event = appeal.events.get(kind="clarification_received")
    assert event.data["paused_working_days"] == 4 and event.data["due_on"] == "2026-05-14"
    assert appeal.next_action_at is not None
