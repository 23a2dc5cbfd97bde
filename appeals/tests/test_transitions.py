"""The transition table: every legal move succeeds and writes its event; every other is refused
and leaves the appeal and its trail untouched."""

from __future__ import annotations

import itertools

import pytest
from django.db import transaction

from appeals.models import Appeal, AppealEvent, AppealStatus
from appeals.transitions import ALLOWED_TRANSITIONS, lock_appeal, transition
from portal.domain_errors import IllegalTransition

STATUSES = list(AppealStatus.values)
PAIRS = list(itertools.product(STATUSES, STATUSES))


def test_table_names_every_status() -> None:
    assert set(ALLOWED_TRANSITIONS) == set(STATUSES)
    for targets in ALLOWED_TRANSITIONS.values():
        assert targets <= set(STATUSES)


def test_terminal_statuses_lead_nowhere() -> None:
    for status in ("closed", "redirected", "rejected", "withdrawn"):
        assert ALLOWED_TRANSITIONS[status] == frozenset()


@pytest.mark.django_db
@pytest.mark.parametrize(("from_status", "to_status"), PAIRS)
def test_every_pair_follows_the_table(file_appeal, citizen, from_status: str, to_status: str) -> None:
    appeal = file_appeal()
    Appeal.objects.filter(pk=appeal.pk).update(status=from_status)
    events_before = AppealEvent.objects.filter(appeal=appeal).count()
    legal = to_status in ALLOWED_TRANSITIONS[from_status]

    if legal:
        with transaction.atomic():
            event = transition(lock_appeal(appeal.pk), to=to_status, actor=citizen, kind="assigned")
        assert (event.from_status, event.to_status) == (from_status, to_status)
        assert Appeal.objects.get(pk=appeal.pk).status == to_status
        assert AppealEvent.objects.filter(appeal=appeal).count() == events_before + 1
    else:
        with pytest.raises(IllegalTransition, match="cannot become"), transaction.atomic():
            transition(lock_appeal(appeal.pk), to=to_status, actor=citizen, kind="assigned")
        assert Appeal.objects.get(pk=appeal.pk).status == from_status
        assert AppealEvent.objects.filter(appeal=appeal).count() == events_before


def test_events_are_append_only(file_appeal) -> None:
    event = file_appeal().events.get()
    event.note = "rewritten"
    with pytest.raises(RuntimeError, match="append-only"):
        event.save()
    with pytest.raises(RuntimeError, match="never deleted"):
        event.delete()
