"""Races on a publication, on separate PostgreSQL connections: the rules run under the appeal's
row lock, so an approval and a withdrawal (or two decisions) at once never both pass."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection

from appeals.models import Appeal, AppealEvent, EventKind, Publication, PublicationState
from appeals.register.selectors import register_entry
from appeals.services.publication import publication_approve, publication_refuse, publication_withdraw
from appeals.transitions import lock_appeal
from officials.models import Official
from portal.domain_errors import DomainError
from portal.tests.concurrency import HeldLock, release_when_waiting, run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
]


@pytest.fixture
def pending(transactional_reference: None, file_appeal: Callable[..., Appeal], make_official) -> tuple:  # type: ignore[no-untyped-def]
    officer = make_official("ministry-of-health", Official.Role.OFFICER)
    appeal = file_appeal(publish=True)
    return appeal, officer


def test_approve_and_refuse_at_once_decide_once(pending: tuple) -> None:  # type: ignore[type-arg]
    appeal, officer = pending
    publication = appeal.publication
    with HeldLock(lambda: lock_appeal(appeal.pk)) as lock:
        results = run_together(
            [
                lambda: publication_approve(actor=officer.user, publication=publication),
                lambda: publication_refuse(actor=officer.user, publication=publication, ground="abusive"),
            ],
            before_release=release_when_waiting(lock, 2),
        )
    assert sum(isinstance(result, DomainError) for result in results) == 1
    decided = AppealEvent.objects.filter(
        appeal=appeal, kind__in=[EventKind.PUBLICATION_APPROVED, EventKind.PUBLICATION_REFUSED]
    )
    assert decided.count() == 1


def test_withdrawal_racing_the_approval_leaves_it_unpublished(pending: tuple) -> None:  # type: ignore[type-arg]
    appeal, officer = pending
    publication = appeal.publication
    with HeldLock(lambda: lock_appeal(appeal.pk)) as lock:
        results = run_together(
            [
                lambda: publication_approve(actor=officer.user, publication=publication),
                lambda: publication_withdraw(actor=appeal.citizen, publication=publication),
            ],
            before_release=release_when_waiting(lock, 2),
        )
    # Whichever came first, the citizen's withdrawal stands: withdrawn, or refused to approve.
    assert Publication.objects.get(pk=publication.pk).state == PublicationState.WITHDRAWN
    assert register_entry(appeal.tracking_number) is None
    assert not any(isinstance(r, DomainError) for r in results[1:])
