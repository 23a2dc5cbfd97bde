"""Races in the answering workbench, on separate PostgreSQL connections: two approvers at once,
and two group answers over the same appeals started from opposite ends."""

from __future__ import annotations

import pytest
from django.db import connection

from appeals.models import Answer, ApprovalRule, Notification, PendingAnswer
from appeals.services import appeal_answer, appeal_answer_approve, appeal_answer_group, appeal_link
from appeals.transitions import lock_appeal
from officials.models import Official
from portal.domain_errors import IllegalTransition
from portal.tests.concurrency import HeldLock, release_when_waiting, run_queued, run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
]


def test_two_approvers_at_once_send_exactly_one_answer(
    transactional_reference, make_citizen, make_official, file_appeal
) -> None:
    officer = make_official("ministry-of-health", Official.Role.OFFICER)
    head = make_official("ministry-of-health", Official.Role.HEAD)
    deputy = make_official("ministry-of-health", Official.Role.OFFICER)
    rule = ApprovalRule.objects.create(agency=officer.agency, required=True)
    rule.deputy_heads.add(deputy)
    appeal = file_appeal()
    pending = appeal_answer(actor=officer.user, appeal=appeal, text="Done.")
    assert isinstance(pending, PendingAnswer)

    def approve(who: Official):  # type: ignore[no-untyped-def]
        return lambda: appeal_answer_approve(actor=who.user, pending=pending)

    with HeldLock(lambda: lock_appeal(appeal.pk)) as lock:
        results = run_together([approve(head), approve(deputy)], before_release=release_when_waiting(lock, 2))
    assert sorted(type(r).__name__ for r in results) == ["Answer", "IllegalTransition"]
    assert Answer.objects.filter(appeal=appeal).count() == 1
    assert Notification.objects.filter(appeal=appeal, kind="answered").count() == 1


def test_group_answers_from_opposite_ends_queue_instead_of_deadlocking(
    transactional_reference, make_citizen, make_official, file_appeal
) -> None:
    officer = make_official("ministry-of-health", Official.Role.OFFICER)
    first = file_appeal(subject="Pothole on Abay avenue")
    second = file_appeal(actor=make_citizen(), subject="Pothole on Abay avenue")
    appeal_link(actor=officer.user, appeal=first, other=second)

    def group(appeal, other):  # type: ignore[no-untyped-def]
        return lambda: appeal_answer_group(actor=officer.user, appeal=appeal, others=[other], text="Fixed.")

    # The first call waits for the lower id; the second, started from the other appeal, must
    # wait for the same row first (not take its own and then wait: that would be a deadlock).
    with HeldLock(lambda: lock_appeal(min(first.pk, second.pk))) as lock:
        results = run_queued([group(first, second), group(second, first)], behind=lock)
    sent = [r for r in results if isinstance(r, list)]
    refused = [r for r in results if isinstance(r, IllegalTransition)]
    assert len(sent) == 1 and len(refused) == 1, results
    assert Answer.objects.filter(appeal=first).count() == 1
    assert Answer.objects.filter(appeal=second).count() == 1
