"""The deadline sweep moving through time, and under parallel runs and crashes."""

from __future__ import annotations

import threading
from collections import Counter
from unittest import mock

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from appeals import sweep
from appeals.models import Appeal, AppealEvent, Escalation, Notification
from appeals.models.appeal import NextAction
from appeals.services import appeal_answer, appeal_assign
from appeals.sweep import run_sweep
from conftest import almaty_time
from officials.models import Official

FILED = almaty_time(2026, 4, 14, 10)  # Tuesday; due Wednesday 6 May 2026
AFTER_LEVEL_1 = almaty_time(2026, 5, 8, 12)  # level 2 only at the end of Friday 15 May


def sweep_at(*args: int) -> sweep.SweepReport:
    return run_sweep(now=almaty_time(*args))


@pytest.mark.django_db
def test_reminder_then_level_1_then_level_2_each_exactly_once(
    file_appeal, officer, head, make_official
) -> None:
    overseer = make_official("prosecutor-general", Official.Role.OVERSIGHT)
    appeal = file_appeal(now=FILED)
    appeal_assign(actor=officer.user, appeal=appeal, assignee=officer, now=FILED)

    assert sum(sweep_at(2026, 4, 29, 12).steps.values()) == 0
    report = sweep_at(2026, 4, 30, 9)  # three working days before 6 May (1 May is a holiday)
    assert dict(report.steps) == {NextAction.REMINDER: 1}
    assert sum(sweep_at(2026, 4, 30, 10).steps.values()) == 0
    assert sum(sweep_at(2026, 5, 6, 23, 59).steps.values()) == 0

    assert dict(sweep_at(2026, 5, 7, 0, 1).steps) == {NextAction.ESCALATE_1: 1}
    appeal.refresh_from_db()
    assert appeal.escalation_level == 1 and appeal.overdue_since == almaty_time(2026, 5, 7)
    assert sum(sweep_at(2026, 5, 15, 12).steps.values()) == 0

    assert dict(sweep_at(2026, 5, 16, 1).steps) == {NextAction.ESCALATE_2: 1}
    appeal.refresh_from_db()
    assert appeal.escalation_level == 2 and appeal.escalated_to.slug == "prosecutor-general"
    assert appeal.next_action_at is None
    assert sum(sweep_at(2027, 1, 1).steps.values()) == 0

    kinds = list(appeal.events.values_list("kind", flat=True))
    assert kinds == ["registered", "assigned", "reminder", "overdue", "escalated", "escalated"]
    assert list(appeal.escalations.values_list("level", "to_agency__slug")) == [
        (1, "ministry-of-health"),
        (2, "prosecutor-general"),
    ]
    told = Counter(appeal.notifications.values_list("kind", "recipient_id"))
    assert told == Counter(
        {
            ("registered", appeal.citizen_id): 1,
            ("assigned", officer.user_id): 1,
            ("reminder", officer.user_id): 1,
            ("escalated_head", head.user_id): 1,
            ("escalated_citizen", appeal.citizen_id): 2,
            ("escalated_oversight", overseer.user_id): 1,
        }
    )


@pytest.mark.django_db
def test_an_answered_appeal_is_never_escalated(file_appeal, officer) -> None:
    appeal = file_appeal(now=FILED)
    appeal_answer(actor=officer.user, appeal=appeal, text="Done.", now=almaty_time(2026, 4, 20, 10))
    assert sum(sweep_at(2026, 12, 1).steps.values()) == 0
    assert not Escalation.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
@pytest.mark.django_db
def test_a_batch_is_claimed_by_index_without_sorting_the_due_rows(file_appeal) -> None:
    """Thousands of appeals fall due at one instant (the end of a working day). The claim must
    read one batch off the index in (time, id) order: a plan that sorts the due rows makes each
    batch cost all of them, and a national sweep quadratic. The planner is told to avoid sorts
    and sequential scans, so the plan shows a Sort only if no index gives the order."""
    file_appeal(now=FILED)
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_sort", "enable_incremental_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        sql, params = sweep.claim(now=AFTER_LEVEL_1, size=500).query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "appeal_next_action_id_idx" in plan, plan
    assert "Sort" not in plan, plan


@pytest.mark.django_db
def test_a_batch_costs_the_same_queries_whatever_its_size(file_appeal, head) -> None:
    def queries_for(count: int) -> int:
        Appeal.objects.filter(next_action_at__isnull=False).update(next_action="", next_action_at=None)
        for _ in range(count):
            file_appeal(now=FILED)
        with CaptureQueriesContext(connection) as captured:
            report = run_sweep(now=AFTER_LEVEL_1, batch_size=1000)
        assert report.batches == 1 and report.steps[NextAction.ESCALATE_1] == count
        return len(captured.captured_queries)

    assert queries_for(3) == queries_for(60)


@pytest.mark.django_db
def test_sweep_works_in_batches(file_appeal) -> None:
    for _ in range(25):
        file_appeal(now=FILED)
    report = run_sweep(now=AFTER_LEVEL_1, batch_size=10)
    assert report.batches == 3 and report.steps[NextAction.ESCALATE_1] == 25


@pytest.mark.django_db
def test_a_sweep_killed_mid_batch_loses_only_that_batch_and_the_rerun_finishes(file_appeal) -> None:
    for _ in range(25):
        file_appeal(now=FILED)
    real_step = sweep._STEPS[NextAction.ESCALATE_1]
    calls = 0

    def dies_on_the_fifteenth(appeal: Appeal, context: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 15:
            raise SystemExit("worker killed")
        real_step(appeal, context)  # type: ignore[arg-type]

    with (
        mock.patch.dict(sweep._STEPS, {NextAction.ESCALATE_1: dies_on_the_fifteenth}),
        pytest.raises(SystemExit),
    ):
        run_sweep(now=AFTER_LEVEL_1, batch_size=10)
    assert Escalation.objects.count() == 10  # the first batch committed, the second rolled back

    run_sweep(now=AFTER_LEVEL_1, batch_size=10)
    assert Escalation.objects.count() == 25
    per_appeal = Counter(AppealEvent.objects.filter(kind="overdue").values_list("appeal_id", flat=True))
    assert len(per_appeal) == 25 and set(per_appeal.values()) == {1}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (SKIP LOCKED) are PostgreSQL's; SQLite has one writer",
)
def test_parallel_sweeps_never_escalate_or_notify_twice(
    transactional_reference, make_citizen, make_official
) -> None:
    from appeals.services import appeal_file
    from officials.models import Agency, Region

    make_official("ministry-of-health", Official.Role.HEAD)
    citizen = make_citizen()
    agency, region = Agency.objects.get(slug="ministry-of-health"), Region.objects.get(code="KZ-75")
    for number in range(60):
        appeal_file(
            actor=citizen,
            appeal_type="inquiry",
            agency=agency,
            region=region,
            subject=f"#{number}",
            text="t",
            now=FILED,
        )

    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run() -> None:
        try:
            start.wait()
            run_sweep(now=AFTER_LEVEL_1, batch_size=5)
        except BaseException as error:  # surfaced to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert Escalation.objects.count() == 60
    assert AppealEvent.objects.filter(kind="overdue").count() == 60
    assert AppealEvent.objects.filter(kind="reminder").count() == 60
    assert Notification.objects.filter(kind="escalated_head").count() == 60
    assert Notification.objects.filter(kind="escalated_citizen").count() == 60


@pytest.mark.django_db
def test_level_2_goes_to_the_national_body_when_the_parent_is_closed(file_appeal) -> None:
    """The ladder asks `officials.selectors.oversight_body`, as complaints do: a closed parent
    (no one reads its queue) is skipped."""
    from officials.models import Agency

    committee = Agency.objects.get(slug="committee-for-medical-and-pharmaceutical-control")
    appeal = file_appeal(now=FILED, agency=committee)
    Agency.objects.filter(slug="ministry-of-health").update(is_active=False)
    sweep_at(2026, 5, 7, 0, 1)
    sweep_at(2026, 5, 16, 1)
    appeal.refresh_from_db()
    assert appeal.escalation_level == 2 and appeal.escalated_to.slug == "prosecutor-general"


@pytest.mark.django_db
def test_a_sweep_owing_every_step_costs_the_same_queries_whatever_the_batch(
    file_appeal, officer, head, make_official
) -> None:
    """Reminders, level 1 and level 2 in one pass (a sweep that was down for weeks): the events,
    escalations and outbox rows are written per batch, never per appeal or per step."""
    make_official("prosecutor-general", Official.Role.OVERSIGHT)

    def queries_for(count: int) -> int:
        Appeal.objects.filter(next_action_at__isnull=False).update(next_action="", next_action_at=None)
        for _ in range(count):
            appeal_assign(actor=officer.user, appeal=file_appeal(now=FILED), assignee=officer, now=FILED)
        with CaptureQueriesContext(connection) as captured:
            report = sweep_at(2026, 5, 16, 1)
        assert report.batches == 1
        assert dict(report.steps) == {
            NextAction.REMINDER: count,
            NextAction.ESCALATE_1: count,
            NextAction.ESCALATE_2: count,
        }
        return len(captured.captured_queries)

    assert queries_for(2) == queries_for(40)
    assert Notification.objects.filter(kind="escalated_oversight").count() == 42
