"""`appeal_complain`: a linked complaint appeal to the oversight body, only when it makes sense."""

from __future__ import annotations

import pytest

from appeals.models import Appeal, AppealType, EventKind
from appeals.services import appeal_answer, appeal_complain
from conftest import almaty_time
from officials.models import Agency
from portal.domain_errors import InvalidInput, NotAllowed

pytestmark = pytest.mark.django_db


def test_a_complaint_about_the_answer_goes_to_the_parent_agency(file_appeal, citizen, officer) -> None:
    appeal = file_appeal(now=almaty_time(2026, 3, 2, 10))
    appeal_answer(actor=officer.user, appeal=appeal, text="No.", now=almaty_time(2026, 3, 3, 10))
    complaint = appeal_complain(
        actor=citizen, appeal=appeal, about="answer", text="Unhelpful.", now=almaty_time(2026, 3, 4, 10)
    )
    assert complaint.appeal_type == AppealType.COMPLAINT
    assert complaint.complaint_about == appeal
    assert complaint.agency == appeal.agency.parent
    assert complaint.region == appeal.region
    assert complaint.term_days == 20
    assert appeal.tracking_number in complaint.subject
    event = appeal.events.get(kind=EventKind.COMPLAINT_FILED)
    assert event.data == {
        "about": "answer",
        "tracking_number": complaint.tracking_number,
        "to_agency": appeal.agency.parent.slug,
    }


def test_a_top_level_agency_is_overseen_by_the_national_body(
    file_appeal, citizen, make_official, settings
) -> None:
    top = Agency.objects.filter(parent__isnull=True).first()
    national = Agency.objects.exclude(pk=top.pk).filter(kind="ministry").first()
    settings.DIALOG_NATIONAL_OVERSIGHT_SLUG = national.slug
    appeal = file_appeal(agency=top, now=almaty_time(2026, 3, 2, 10))
    appeal_answer(actor=make_official(top, "officer").user, appeal=appeal, text="No.")
    complaint = appeal_complain(actor=citizen, appeal=appeal, about="answer", text="Bad.")
    assert complaint.agency == national


def test_no_complaint_about_an_answer_before_there_is_one(file_appeal, citizen) -> None:
    appeal = file_appeal()
    with pytest.raises(InvalidInput, match="once the agency has answered"):
        appeal_complain(actor=citizen, appeal=appeal, about="answer", text="Too early.")
    assert not Appeal.objects.filter(complaint_about=appeal).exists()


def test_lateness_only_when_the_answer_is_late(file_appeal, citizen, officer) -> None:
    appeal = file_appeal(now=almaty_time(2026, 3, 2, 10))
    with pytest.raises(InvalidInput, match="overdue or came late"):
        appeal_complain(
            actor=citizen, appeal=appeal, about="lateness", text="x", now=almaty_time(2026, 3, 3, 10)
        )
    late = appeal_complain(
        actor=citizen,
        appeal=appeal,
        about="lateness",
        text="Still nothing.",
        now=almaty_time(2026, 4, 30, 10),
    )
    assert late.complaint_about == appeal
    answered_late = file_appeal(now=almaty_time(2026, 3, 2, 10))
    appeal_answer(actor=officer.user, appeal=answered_late, text="Sorry.", now=almaty_time(2026, 4, 30, 10))
    assert appeal_complain(actor=citizen, appeal=answered_late, about="lateness", text="Late.")


def test_one_complaint_per_subject(file_appeal, citizen, officer) -> None:
    appeal = file_appeal()
    appeal_answer(actor=officer.user, appeal=appeal, text="No.")
    appeal_complain(actor=citizen, appeal=appeal, about="answer", text="Bad.")
    with pytest.raises(InvalidInput, match="already complained"):
        appeal_complain(actor=citizen, appeal=appeal, about="answer", text="Bad again.")
    assert Appeal.objects.filter(complaint_about=appeal).count() == 1


def test_only_the_owner_may_complain(file_appeal, officer, make_citizen) -> None:
    appeal = file_appeal()
    appeal_answer(actor=officer.user, appeal=appeal, text="No.")
    with pytest.raises(NotAllowed):
        appeal_complain(actor=make_citizen(), appeal=appeal, about="answer", text="Not mine.")


@pytest.mark.parametrize("about", ["", "everything", "<script>"])
def test_an_unknown_subject_of_complaint_is_refused(file_appeal, citizen, officer, about: str) -> None:
    appeal = file_appeal()
    appeal_answer(actor=officer.user, appeal=appeal, text="No.")
    with pytest.raises(InvalidInput):
        appeal_complain(actor=citizen, appeal=appeal, about=about, text="x")


def test_an_empty_complaint_is_refused(file_appeal, citizen, officer) -> None:
    appeal = file_appeal()
    appeal_answer(actor=officer.user, appeal=appeal, text="No.")
    with pytest.raises(InvalidInput, match="must not be empty"):
        appeal_complain(actor=citizen, appeal=appeal, about="answer", text="   ")
