"""The inbox's real search — the queryset the admin's change list builds — uses the GIN
full-text index on PostgreSQL, and a tracking number uses the unique index."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import connection
from django.db.models import QuerySet
from django.test import RequestFactory

from appeals.models import Appeal

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"),
]

INBOX = "/admin/appeals/appeal/"


def changelist_queryset(user, term: str) -> QuerySet[Appeal]:
    """What the inbox lists for `term`, built by the ModelAdmin's own ChangeList."""
    request = RequestFactory().get(INBOX, {"q": term})
    request.user = user
    model_admin = admin.site._registry[Appeal]
    return model_admin.get_changelist_instance(request).queryset


def a_busy_inbox(template: Appeal, rows: int = 3000) -> None:
    """Many appeals in the same agency, so that the agency's own index is no shortcut and the
    planner has statistics (ANALYZE) to choose by, as it has in production."""
    template = Appeal.objects.get(pk=template.pk)
    copies = []
    for number in range(rows):
        copy = Appeal(**{f.attname: getattr(template, f.attname) for f in Appeal._meta.concrete_fields})
        copy.pk = None
        copy.tracking_number = f"TST-2026-{number:06d}"
        copy.subject, copy.text = f"Clinic queue {number}", "Three weeks to see a doctor."
        copies.append(copy)
    Appeal.objects.bulk_create(copies, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE appeals_appeal")


def plan_of(queryset: QuerySet[Appeal]) -> str:
    return queryset.explain()


def test_inbox_search_by_words_uses_the_gin_index(officer, file_appeal) -> None:
    roof = file_appeal(subject="Leaking roof", text="Water through the ceiling.")
    a_busy_inbox(file_appeal(subject="Clinic queue", text="Three weeks to see a doctor."))
    queryset = changelist_queryset(officer.user, "roof")
    assert list(queryset) == [roof]
    plan = plan_of(queryset)
    assert "appeal_fulltext_simple_idx" in plan


def test_inbox_search_by_tracking_number_uses_its_index(officer, file_appeal) -> None:
    roof = file_appeal(subject="Leaking roof", text="Water through the ceiling.")
    a_busy_inbox(roof)
    queryset = changelist_queryset(officer.user, roof.tracking_number.lower())
    assert list(queryset) == [roof]
    plan = plan_of(queryset)
    assert "tracking_number" in plan and "Seq Scan" not in plan
