"""The dashboard (the admin index): this month's figures with their trend as charts and the same
figures as a table, the overdue list, escalations and workload — within the official's scope."""

from __future__ import annotations

import pytest
from django.utils import timezone

from appeals.backoffice.dashboard import dashboard_for, month_starts
from appeals.models import Appeal
from appeals.services import appeal_answer, appeal_assign

pytestmark = pytest.mark.django_db


def test_month_starts_cross_the_year() -> None:
    import datetime as dt

    assert month_starts(dt.date(2026, 2, 17), 3) == [
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    ]


def test_figures_lists_and_workload_for_a_head(head, officer, file_appeal, education) -> None:
    answered, late, waiting = file_appeal(), file_appeal(), file_appeal()
    file_appeal(agency=education)  # another agency: not counted
    appeal_answer(actor=officer.user, appeal=answered, text="Done.")
    appeal_assign(actor=head.user, appeal=late, assignee=officer)
    Appeal.objects.filter(pk=late.pk).update(overdue_since=timezone.now(), escalation_level=1)
    board = dashboard_for(head.user)
    month = board.this_month
    assert (month.received, month.answered, month.answered_on_time) == (3, 1, 1)
    assert [a.pk for a in board.overdue] == [late.pk]
    assert [a.pk for a in board.escalated] == [late.pk]
    row = next(r for r in board.workload if r["official"].pk == officer.pk)
    assert (row["open"], row["overdue"]) == (1, 1)
    assert waiting.pk not in [a.pk for a in board.overdue]
    assert len(board.months) == 6 and "<svg" in board.charts["received"]


def test_the_page_shows_charts_and_the_same_figures_as_a_table(client_for, head, file_appeal) -> None:
    file_appeal()
    response = client_for(head).get("/admin/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<svg class="dialog-chart ') == 3
    assert 'id="figures-by-month"' in html and "The same figures as a table" in html
    assert "Workload per official" in html and "Overdue appeals" in html


def test_another_agency_sees_none_of_it(client_for, officer_b, file_appeal) -> None:
    appeal = file_appeal()
    Appeal.objects.filter(pk=appeal.pk).update(overdue_since=timezone.now())
    board = dashboard_for(officer_b.user)
    assert board.this_month.received == 0 and not board.overdue
    assert appeal.tracking_number not in client_for(officer_b).get("/admin/").content.decode()


def test_oversight_sees_figures_below_it_but_lists_only_what_is_escalated_to_it(
    oversight, file_appeal
) -> None:
    plain, escalated = file_appeal(), file_appeal()
    Appeal.objects.filter(pk__in=[plain.pk, escalated.pk]).update(overdue_since=timezone.now())
    Appeal.objects.filter(pk=escalated.pk).update(escalation_level=2, escalated_to=oversight.agency)
    board = dashboard_for(oversight.user)
    assert board.this_month.received >= 2
    assert [a.pk for a in board.overdue] == [escalated.pk]


def test_dashboard_query_count(client_for, head, officer, file_appeal, django_assert_max_num_queries) -> None:
    for _ in range(10):
        appeal_assign(actor=head.user, appeal=file_appeal(), assignee=officer)
    client = client_for(head)
    client.get("/admin/")
    with django_assert_max_num_queries(30):
        assert client.get("/admin/").status_code == 200
