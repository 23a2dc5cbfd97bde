"""The inbox's full-text search can use the GIN index (PostgreSQL)."""

from __future__ import annotations

import pytest
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection

from appeals.models import Appeal

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"),
]


def test_inbox_search_expression_uses_the_gin_index(file_appeal) -> None:
    file_appeal(subject="Leaking roof", text="Water through the ceiling.")
    queryset = Appeal.objects.annotate(search=SearchVector("subject", "text", config="simple")).filter(
        search=SearchQuery("roof", config="simple", search_type="websearch")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "appeal_fulltext_simple_idx" in plan
