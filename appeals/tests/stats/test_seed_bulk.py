"""The bulk demo seed writes valid histories: the services and the sweep carry on from them and
the incremental rollups still equal a rebuild."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command

from appeals.demo import seed_bulk
from appeals.models import Answer, Appeal, AppealEvent, AppealStatus, Escalation
from appeals.services import appeal_answer
from appeals.stats.rollups.rebuild import compute_rollups, rollups_as_stored
from appeals.sweep import run_sweep


@pytest.mark.django_db
def test_bulk_histories_are_consistent_and_the_services_carry_on_from_them() -> None:
    _accounts, counts = seed_bulk(appeals=600, seed=3)
    assert counts["appeals"] == 600 + counts["redirected"]
    assert Appeal.objects.count() == counts["appeals"]
    statuses = Counter(Appeal.objects.values_list("status", flat=True))
    for status in ("closed", "answered", "redirected", "withdrawn", "rejected", "assigned"):
        assert statuses[status] > 0, statuses
    assert counts["clarified"] and counts["extended"] and counts["escalated"]
    # Each appeal's last status event says where it stands; answers and escalations match.
    last_status: dict[int, str] = {}
    for appeal_id, to_status in (
        AppealEvent.objects.exclude(to_status="")
        .order_by("created_at", "id")
        .values_list("appeal_id", "to_status")
    ):
        last_status[appeal_id] = to_status
    for appeal in Appeal.objects.all():
        assert last_status[appeal.pk] == appeal.status, appeal.tracking_number
    assert (
        Answer.objects.values("appeal").distinct().count()
        == Appeal.objects.filter(answered_at__isnull=False).count()
    )
    assert (
        Escalation.objects.filter(level=1).count() == Appeal.objects.filter(escalation_level__gte=1).count()
    )
    assert len(set(Appeal.objects.values_list("tracking_number", flat=True))) == counts["appeals"]
    assert rollups_as_stored() == compute_rollups()[:2]

    # The real code carries on from the bulk rows, and the rollups stay exact.
    officer_appeal = (
        Appeal.objects.filter(status=AppealStatus.ASSIGNED).select_related("assignee__user").first()
    )
    appeal_answer(actor=officer_appeal.assignee.user, appeal=officer_appeal, text="Late, but here.")
    run_sweep()
    assert rollups_as_stored() == compute_rollups()[:2]
    call_command("rebuild_stats", "--check")


@pytest.mark.django_db
def test_seed_demo_bulk_command_prints_what_it_built(capsys) -> None:
    call_command("seed_demo", "--appeals", "50", "--bulk", "--seed", "5")
    out = capsys.readouterr().out
    assert "appeals:" in out and "citizen@demo.dialog.kz" in out
