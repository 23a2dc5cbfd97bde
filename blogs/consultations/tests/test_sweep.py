"""The response obligation, driven by the real deadline sweep: a consultation that closes is
found by the sweep, its response registered once as an appeal to the agency on the consultation
channel, due the consultation's working days later, escalated like any appeal when late, and
counted in the agency's statistics as answered on time or late."""

from __future__ import annotations

import datetime as dt

import pytest

from appeals.models import Appeal, AppealStatus, Channel, Escalation, Notification
from appeals.services.duty import participation_account
from appeals.stats.rollups.selectors import summary
from appeals.sweep import run_sweep
from blogs.consultations.models import Stage
from blogs.consultations.selectors import published_response
from blogs.consultations.services import consultation_respond
from conftest import almaty_time

pytestmark = pytest.mark.django_db

OPENS = almaty_time(2026, 4, 1, 9)
CLOSES = almaty_time(2026, 4, 14, 18)  # Tuesday; 10 working days later is Tuesday 28 April


@pytest.fixture
def closing(make_consultation):
    return make_consultation(opens_at=OPENS, closes_at=CLOSES, response_days=10, now=OPENS)


def test_the_sweep_registers_the_response_obligation_once(closing, head) -> None:
    run_sweep(now=CLOSES - dt.timedelta(minutes=1))
    assert not Appeal.objects.filter(channel=Channel.CONSULTATION).exists()

    run_sweep(now=CLOSES + dt.timedelta(minutes=1))
    run_sweep(now=CLOSES + dt.timedelta(minutes=2))  # a second sweep finds nothing new

    appeal = Appeal.objects.get(channel=Channel.CONSULTATION)
    closing.refresh_from_db()
    assert closing.response_appeal == appeal
    assert closing.closed_at is not None
    assert closing.stage(CLOSES + dt.timedelta(minutes=3)) == Stage.CLOSED
    assert appeal.agency_id == closing.agency_id and appeal.region_id == closing.region_id
    assert appeal.due_on == dt.date(2026, 4, 28) and appeal.term_days == 10
    assert appeal.citizen == participation_account()
    assert not appeal.citizen.is_active and not appeal.citizen.has_usable_password()
    assert Notification.objects.filter(
        appeal=appeal, kind="consultation_response_due", recipient=head.user
    ).exists()


def test_a_late_response_is_escalated_and_counted_late(closing, head) -> None:
    run_sweep(now=CLOSES + dt.timedelta(minutes=1))
    appeal = Appeal.objects.get(channel=Channel.CONSULTATION)

    run_sweep(now=almaty_time(2026, 4, 29, 9))  # the day after the due date
    appeal.refresh_from_db()
    assert appeal.escalation_level == 1 and appeal.overdue_since is not None
    assert Escalation.objects.filter(appeal=appeal, level=1).count() == 1

    consultation_respond(
        actor=head.user,
        consultation=closing,
        text="We heard 40 comments; Saturday hours start in June.",
        now=almaty_time(2026, 4, 30, 10),
    )
    closing.refresh_from_db()
    response = published_response(closing)
    assert response is not None and response.on_time is False
    figures = summary(agency_ids=[closing.agency_id], channel=Channel.CONSULTATION)
    assert figures["received"] == 1
    assert figures["answered"] == 1 and figures["answered_on_time"] == 0 and figures["overdue"] == 1


def test_a_response_on_time_counts_on_time_and_only_once(closing, head) -> None:
    run_sweep(now=CLOSES + dt.timedelta(hours=1))
    consultation_respond(
        actor=head.user,
        consultation=closing,
        text="What we heard and changed.",
        now=almaty_time(2026, 4, 20, 10),
    )
    closing.refresh_from_db()
    assert closing.response_appeal is not None
    assert closing.response_appeal.status == AppealStatus.ANSWERED
    assert closing.stage(almaty_time(2026, 4, 21, 10)) == Stage.RESPONDED
    response = published_response(closing)
    assert response is not None and response.on_time is True
    figures = summary(agency_ids=[closing.agency_id], channel=Channel.CONSULTATION)
    assert figures["answered_on_time"] == 1 and figures["overdue"] == 0
    from portal.domain_errors import IllegalTransition

    with pytest.raises(IllegalTransition):
        consultation_respond(
            actor=head.user, consultation=closing, text="Again.", now=almaty_time(2026, 4, 21, 10)
        )


def test_a_failing_consultation_hook_does_not_stop_the_sweep(closing, file_appeal, monkeypatch) -> None:
    import blogs.consultations.receivers as receivers

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(receivers, "consultations_close_due", broken)
    appeal = file_appeal(now=almaty_time(2026, 4, 1, 10))
    report = run_sweep(now=almaty_time(2026, 4, 30, 9))
    assert sum(report.steps.values()) >= 1
    appeal.refresh_from_db()
    assert appeal.escalation_level >= 1
