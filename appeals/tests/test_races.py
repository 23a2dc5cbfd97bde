"""Races between real requests on separate PostgreSQL connections: the rules that decide
whether a write may happen run under the row lock, so two requests at once never both pass."""

from __future__ import annotations

import pytest
from django.db import connection

from appeals.models import Appeal, Notification
from appeals.transitions import lock_appeal
from officials.models import Official
from officials.tests.fixtures import token_client
from portal.tests.concurrency import HeldLock, release_when_waiting, run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
]


@pytest.fixture
def filed(transactional_reference, make_citizen, make_official, file_appeal) -> tuple[Appeal, Official]:
    officer = make_official("ministry-of-health", Official.Role.OFFICER)
    return file_appeal(), officer  # type: ignore[return-value]


def test_two_simultaneous_answers_give_one_answer_and_one_409(filed) -> None:
    appeal, officer = filed
    url = f"/api/v1/agency/appeals/{appeal.tracking_number}/answer/"

    def answer(text: str):  # type: ignore[no-untyped-def]
        return lambda: token_client(officer.user).post(url, {"text": text}, format="json")

    # Both requests are held at the row lock, then released together: each has read the appeal
    # as unanswered before the lock, so only a check under the lock can refuse the second.
    with HeldLock(lambda: lock_appeal(appeal.pk)) as lock:
        responses = run_together(
            [answer("First."), answer("Second.")], before_release=release_when_waiting(lock, 2)
        )
    assert sorted(r.status_code for r in responses) == [200, 409]
    refused = next(r for r in responses if r.status_code == 409)
    assert "already answered" in refused.json()["detail"]
    assert appeal.answers.count() == 1
    assert Notification.objects.filter(appeal=appeal, kind="answered").count() == 1


def hold_statistics_rollups() -> HeldLock:
    """A filing's last statement adds it to the statistics rollup: holding the rollup table
    against writers keeps a filing in the middle of its transaction while the second request
    arrives."""
    from appeals.models import AppealDayStats

    def take() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {AppealDayStats._meta.db_table} IN EXCLUSIVE MODE")

    return HeldLock(take)


def test_the_filing_form_submitted_twice_at_once_files_one_appeal(
    transactional_reference, make_citizen
) -> None:
    import re

    from django.test import Client

    citizen = make_citizen()
    clients = []
    for _ in range(2):  # a double click: the same form (one token), two requests
        client = Client()
        client.force_login(citizen)
        clients.append(client)
    data = {
        "addressee": "agency:ministry-of-health",
        "region": "KZ-75",
        "appeal_type": "inquiry",
        "subject": "Vaccination",
        "text": "When is the next vaccination day?",
        "consent": "on",
    }
    assert clients[0].post("/en/appeals/new/", data).status_code == 302  # kept as the draft
    check = clients[0].get("/en/appeals/new/check/").content.decode()
    token = re.search(r'name="submission_token" value="(\w+)"', check).group(1)  # type: ignore[union-attr]
    before = Appeal.objects.count()
    with hold_statistics_rollups() as counter:
        responses = run_together(
            [lambda c=c: c.post("/en/appeals/new/check/", {"submission_token": token}) for c in clients],  # type: ignore[misc]
            before_release=release_when_waiting(counter, 2),
        )
    assert [r.status_code for r in responses] == [302, 302], responses
    assert responses[0]["Location"] == responses[1]["Location"]
    assert Appeal.objects.count() == before + 1
    filed = Appeal.objects.latest("pk")
    assert responses[0]["Location"].endswith(f"/appeals/{filed.tracking_number}/filed/")
    # Later, the same page sent once more (a retry) still shows the first appeal.
    again = clients[1].post("/en/appeals/new/check/", {"submission_token": token})
    assert again["Location"] == responses[0]["Location"] and Appeal.objects.count() == before + 1


def test_information_racing_the_answer_is_refused_once_the_answer_is_in(filed) -> None:
    from appeals.models import AppealEvent, EventKind
    from appeals.services import appeal_add_information, appeal_answer
    from portal.domain_errors import InvalidInput

    appeal, officer = filed
    # Both wait at the appeal's lock; whichever comes second sees the other's work. Either the
    # information came first (and the answer follows it), or the answer did and it is refused.
    with HeldLock(lambda: lock_appeal(appeal.pk)) as lock:
        results = run_together(
            [
                lambda: appeal_answer(actor=officer.user, appeal=appeal, text="Done."),
                lambda: appeal_add_information(actor=appeal.citizen, appeal=appeal, text="One more thing."),
            ],
            before_release=release_when_waiting(lock, 2),
        )
    added = AppealEvent.objects.filter(appeal=appeal, kind=EventKind.INFORMATION_ADDED)
    answered_at = AppealEvent.objects.get(appeal=appeal, kind=EventKind.ANSWERED).created_at
    if isinstance(results[1], InvalidInput):
        assert not added.exists()
    else:
        assert added.get().created_at <= answered_at


def test_two_reminder_runs_at_once_remind_once(filed) -> None:
    import datetime as dt

    from django.utils import timezone

    from appeals.rating_reminders import send_rating_reminders
    from appeals.services import appeal_answer

    appeal, officer = filed
    appeal_answer(actor=officer.user, appeal=appeal, text="Done.")
    later = timezone.now() + dt.timedelta(days=10)
    # Each run claims rows with SKIP LOCKED and marks them in the same transaction: the other
    # either skips the claimed row or finds it already marked.
    results = run_together([lambda: send_rating_reminders(now=later) for _ in range(3)])
    assert sorted(results) == [0, 0, 1]
    assert Notification.objects.filter(appeal=appeal, kind="rate_reminder").count() == 1


def test_two_concurrent_api_filings_with_one_idempotency_key_file_once(
    transactional_reference, make_citizen
) -> None:
    from appeals.tests.api.test_citizen_api import payload

    citizen = make_citizen()

    def file():  # type: ignore[no-untyped-def]
        client = token_client(citizen)
        return client.post("/api/v1/appeals/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="retry-1")

    with hold_statistics_rollups() as counter:
        responses = run_together([file, file], before_release=release_when_waiting(counter, 2))
    assert [r.status_code for r in responses] == [201, 201]
    assert responses[0].json() == responses[1].json()
    assert sorted(r.get("Idempotent-Replayed", "") for r in responses) == ["", "true"]
    assert Appeal.objects.filter(citizen=citizen).count() == 1


def test_two_concurrent_answers_with_one_idempotency_key_answer_once(filed) -> None:
    appeal, officer = filed
    url = f"/api/v1/agency/appeals/{appeal.tracking_number}/answer/"

    def answer():  # type: ignore[no-untyped-def]
        client = token_client(officer.user)
        return client.post(url, {"text": "Done."}, format="json", HTTP_IDEMPOTENCY_KEY="answer-7")

    with HeldLock(lambda: lock_appeal(appeal.pk)) as lock:
        # The first request waits for the appeal, the second for the first's key.
        responses = run_together([answer, answer], before_release=release_when_waiting(lock, 2))
    assert [r.status_code for r in responses] == [200, 200]
    assert responses[0].json() == responses[1].json()
    assert appeal.answers.count() == 1
    assert Notification.objects.filter(appeal=appeal, kind="answered").count() == 1


def test_a_filing_held_open_does_not_stop_a_filing_to_another_agency(
    transactional_reference, make_citizen
) -> None:
    """No nationwide lock: while one filing's transaction is open (its tracking number taken, its
    rollup row written), a filing to another agency, same region, type, channel and day, goes
    through. The second filing gives up on any lock wait, so waiting would fail it."""
    from django.db import transaction

    from appeals.services import appeal_file
    from officials.models import Agency, Region
    from portal.tests.concurrency import run_together

    first, second = make_citizen(), make_citizen()
    almaty = Region.objects.get(code="KZ-75")

    def file(citizen, slug: str) -> Appeal:  # type: ignore[no-untyped-def]
        return appeal_file(
            actor=citizen,
            appeal_type="inquiry",
            agency=Agency.objects.get(slug=slug),
            region=almaty,
            subject="Heating",
            text="The heating is off.",
        )

    def file_without_waiting() -> Appeal:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '5s'")
            return file(second, "ministry-of-education")

    held: list[Appeal] = []
    with HeldLock(lambda: held.append(file(first, "ministry-of-health"))):
        [result] = run_together([file_without_waiting])
        assert isinstance(result, Appeal), result
        # Committed while the first is still open.
        assert Appeal.objects.filter(pk=result.pk).exists()
        assert not Appeal.objects.filter(pk=held[0].pk).exists()
    assert Appeal.objects.filter(pk=held[0].pk).exists()
    assert held[0].tracking_number != result.tracking_number
