"""The incremental rollups equal a rebuild from the appeals, whatever happened to them."""

from __future__ import annotations

import datetime as dt
import random
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from appeals.calendar import WorkingCalendar
from appeals.models import Appeal, AppealDayStats, AppealMonthStats, AppealStatus
from appeals.services import (
    appeal_answer,
    appeal_assign,
    appeal_clarify,
    appeal_extend,
    appeal_file,
    appeal_rate,
    appeal_redirect,
    appeal_reject,
    appeal_request_clarification,
    appeal_withdraw,
)
from appeals.stats.rollups.rebuild import (
    compute_rollups,
    month_rollups,
    month_rollups_as_stored,
    rebuild_rollups,
    rollups_as_stored,
)
from appeals.sweep import run_sweep
from conftest import almaty_time
from officials.models import Agency, Official, Region
from portal.domain_errors import DomainError

AGENCIES = ("ministry-of-health", "akimat-kz-75", "ministry-of-education", "akimat-kz-71")


def assert_rollups_agree() -> None:
    cells, responses, _count = compute_rollups()
    assert rollups_as_stored() == (cells, responses)
    assert month_rollups_as_stored() == month_rollups(cells, responses)


def random_history(rng: random.Random, steps: int, make_citizen, make_official) -> dict[str, int]:
    agencies = list(Agency.objects.filter(slug__in=AGENCIES))
    regions = list(Region.objects.filter(code__in=("KZ-75", "KZ-71", "KZ-10")))
    officers = {a.pk: make_official(a, Official.Role.OFFICER) for a in agencies}
    heads = {a.pk: make_official(a, Official.Role.HEAD) for a in agencies}
    citizens = [make_citizen() for _ in range(4)]
    moment = almaty_time(2025, 12, 20, 9)
    done: dict[str, int] = {}
    calendar = WorkingCalendar.load()

    def live() -> list[Appeal]:
        return list(Appeal.objects.exclude(status__in=("closed", "redirected", "rejected", "withdrawn")))

    for _ in range(steps):
        # Time moves on by minutes to days, at any hour (day boundaries and nights included).
        moment += dt.timedelta(minutes=rng.choice([7, 55, 180, 600, 1440, 2900]))
        action = rng.choices(
            [
                "file",
                "assign",
                "answer",
                "reject",
                "redirect",
                "ask",
                "clarify",
                "extend",
                "withdraw",
                "rate",
                "sweep",
            ],
            [18, 8, 12, 3, 4, 4, 4, 4, 3, 6, 6],
        )[0]
        candidates = live()
        appeal = rng.choice(candidates) if candidates else None
        officer = officers[appeal.agency_id].user if appeal else None
        try:
            if action == "file" or appeal is None:
                action = "file"
                appeal_file(
                    actor=rng.choice(citizens),
                    appeal_type=rng.choice(["application", "complaint", "inquiry", "report"]),
                    agency=rng.choice(agencies),
                    region=rng.choice(regions),
                    channel=rng.choice(["web", "api", "blog"]),
                    subject="Property test",
                    text="A random history.",
                    now=moment,
                )
            elif action == "assign":
                appeal_assign(actor=officer, appeal=appeal, assignee=officers[appeal.agency_id], now=moment)
            elif action == "answer":
                appeal_answer(actor=officer, appeal=appeal, text="Answered.", now=moment)
            elif action == "reject":
                appeal_reject(actor=officer, appeal=appeal, reason="duplicate", now=moment)
            elif action == "redirect":
                target = rng.choice([a for a in agencies if a.pk != appeal.agency_id])
                appeal_redirect(actor=officer, appeal=appeal, to_agency=target, reason="Theirs.", now=moment)
            elif action == "ask":
                appeal_request_clarification(actor=officer, appeal=appeal, question="Which?", now=moment)
            elif action == "clarify":
                waiting = [a for a in candidates if a.status == AppealStatus.AWAITING_CLARIFICATION]
                appeal = rng.choice(waiting) if waiting else appeal
                appeal_clarify(actor=appeal.citizen, appeal=appeal, text="This one.", now=moment)
            elif action == "extend":
                running = [
                    a for a in candidates if a.status in ("registered", "assigned") and not a.escalation_level
                ]
                appeal = rng.choice(running) if running else appeal
                until = calendar.working_day_on_or_after(
                    appeal.due_on + dt.timedelta(days=rng.randint(1, 20))
                )
                appeal_extend(
                    actor=heads[appeal.agency_id].user,
                    appeal=appeal,
                    until=until,
                    reason="Inspection.",
                    now=moment,
                )
            elif action == "withdraw":
                appeal_withdraw(actor=appeal.citizen, appeal=appeal, now=moment)
            elif action == "rate":
                answered = list(Appeal.objects.filter(status=AppealStatus.ANSWERED))
                if answered:
                    target_appeal = rng.choice(answered)
                    appeal_rate(
                        actor=target_appeal.citizen,
                        appeal=target_appeal,
                        rating=rng.randint(1, 5),
                        resolved=rng.random() < 0.5,
                        now=moment,
                    )
            else:
                run_sweep(now=moment, batch_size=rng.choice([1, 7, 500]))
        except DomainError:
            action = f"refused {action}"
        done[action] = done.get(action, 0) + 1
    return done


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2])
def test_incremental_rollups_equal_a_rebuild_after_a_random_history(
    seed, make_citizen, make_official
) -> None:
    done = random_history(random.Random(seed), 1500, make_citizen, make_official)
    # The history really went everywhere: every kind of step happened many times.
    for action in ("file", "assign", "answer", "reject", "redirect", "ask", "clarify", "extend"):
        assert done.get(action, 0) >= 10, done
    for action in ("withdraw", "rate", "sweep"):
        assert done.get(action, 0) >= 10, done
    statuses = set(Appeal.objects.values_list("status", flat=True))
    assert {"closed", "redirected", "rejected", "withdrawn", "answered"} <= statuses
    assert Appeal.objects.filter(escalation_level=2).exists()
    assert Appeal.objects.filter(extended=True, answered_on__isnull=False).exists()
    assert_rollups_agree()

    # And rebuilding changes nothing.
    before = rollups_as_stored(), month_rollups_as_stored()
    rebuild_rollups()
    assert (rollups_as_stored(), month_rollups_as_stored()) == before


@pytest.mark.django_db
def test_rebuild_stats_command_repairs_drift_and_check_reports_it(file_appeal, capsys) -> None:
    file_appeal(now=almaty_time(2026, 4, 14, 10))
    AppealDayStats.objects.update(received=7)
    with pytest.raises(SystemExit) as exited:
        call_command("rebuild_stats", "--check")
    assert exited.value.code == 1
    call_command("rebuild_stats")
    assert AppealDayStats.objects.get().received == 1
    call_command("rebuild_stats", "--check")
    assert "agree with 1 appeals" in capsys.readouterr().out


@pytest.mark.django_db
def test_rebuild_stats_check_covers_the_month_grain(file_appeal) -> None:
    file_appeal(now=almaty_time(2026, 4, 14, 10))
    month = AppealMonthStats.objects.get()
    assert (month.day, month.received) == (dt.date(2026, 4, 1), 1)
    AppealMonthStats.objects.update(received=3)
    with pytest.raises(SystemExit):
        call_command("rebuild_stats", "--check")
    call_command("rebuild_stats")
    assert AppealMonthStats.objects.get().received == 1
    call_command("rebuild_stats", "--check")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locking under concurrency is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_concurrent_filings_into_one_cell_are_all_counted(transactional_reference, make_citizen) -> None:
    citizens = [make_citizen() for _ in range(4)]
    agency = Agency.objects.get(slug="ministry-of-health")
    region = Region.objects.get(code="KZ-75")
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(citizens))

    def file_many(citizen) -> None:
        try:
            barrier.wait()
            for _ in range(10):
                appeal_file(
                    actor=citizen,
                    appeal_type="application",
                    agency=agency,
                    region=region,
                    subject="Same cell",
                    text="Concurrent.",
                    now=almaty_time(2026, 4, 14, 10),
                )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=file_many, args=(c,)) for c in citizens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert AppealDayStats.objects.get().received == 40
    assert AppealMonthStats.objects.get().received == 40
    assert_rollups_agree()
