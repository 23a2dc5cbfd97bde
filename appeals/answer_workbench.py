"""Reads for the answering side of the officials' appeal page: the appeal's language, the draft
and who wrote it, the answer awaiting approval, answer templates the official may use, linked
appeals and similar open appeals of the same agency (possible duplicates)."""

from __future__ import annotations

import math
import re
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Case, Q, QuerySet, Value, When

from appeals.answer_text import PLACEHOLDERS
from appeals.language import appeal_language, language_name
from appeals.models import AnswerDraft, AnswerTemplate, Appeal, PendingAnswer
from appeals.services.approval_policy import may_approve
from appeals.services.duplicates import linked_ids
from portal.accounts.models import User

SIMILAR_LIMIT = 5
# Words shorter than this say little about the matter ("the", "и", "мен").
_MIN_WORD = 4
_WORD = re.compile(r"\w+", re.UNICODE)


def templates_for(appeal: Appeal) -> QuerySet[AnswerTemplate]:
    """The agency's own templates and the national ones."""
    return AnswerTemplate.objects.filter(Q(agency__isnull=True) | Q(agency_id=appeal.agency_id)).order_by(
        "agency", "title", "language"
    )


def _words(appeal: Appeal, limit: int = 24) -> list[str]:
    seen: dict[str, None] = {}
    for word in _WORD.findall(f"{appeal.subject} {appeal.text[:1000]}".lower()):
        if len(word) >= _MIN_WORD and not word.isdigit() and "_" not in word:
            seen.setdefault(word, None)
    return list(seen)[:limit]


def similar_open_appeals(appeal: Appeal, *, exclude: set[int] | frozenset[int] = frozenset()) -> list[Appeal]:
    """Open appeals of the same agency and region whose words overlap this one's, most similar
    first: PostgreSQL's full-text rank over subject and text; elsewhere a subject word match."""
    words = _words(appeal)
    if not words:
        return []
    candidates = (
        Appeal.objects.unanswered()
        .filter(agency_id=appeal.agency_id, region_id=appeal.region_id)
        .exclude(pk__in={appeal.pk, *exclude})
        .select_related("citizen")
    )
    if connection.vendor == "postgresql":
        # How many of this appeal's words each candidate shares; at least a third of them (and
        # two) makes it look alike. Candidates are few: one agency's open appeals in one region.
        words = words[:12]
        vector = SearchVector("subject", "text", config="simple")
        shared: Any = Value(0)
        for word in words:
            shared += Case(
                When(Q(document=SearchQuery(word, config="simple", search_type="plain")), then=Value(1)),
                default=Value(0),
            )
        ranked = candidates.annotate(document=vector).annotate(shared=shared)
        enough = max(2, math.ceil(len(words) / 3))
        return list(ranked.filter(shared__gte=enough).order_by("-shared", "due_on", "pk")[:SIMILAR_LIMIT])
    subject_words = Q()
    for word in words[:8]:
        subject_words |= Q(subject__icontains=word)
    return list(candidates.filter(subject_words).order_by("due_on", "pk")[:SIMILAR_LIMIT])


def linked_appeals(appeal: Appeal) -> list[Appeal]:
    return list(Appeal.objects.filter(pk__in=linked_ids(appeal.pk)).select_related("citizen").order_by("pk"))


def awaiting_approval(appeal: Appeal) -> PendingAnswer | None:
    """The answer handed in for approval and not yet decided, if any."""
    return (
        PendingAnswer.objects.filter(appeal=appeal, status=PendingAnswer.Status.PENDING)
        .select_related("author")
        .first()
    )


def answer_workbench(user: User, appeal: Appeal) -> dict[str, Any]:
    """What the appeal page shows around the answer form."""
    language = appeal_language(appeal)
    linked = linked_appeals(appeal)
    pending = awaiting_approval(appeal)
    return {
        "appeal_language": language,
        "appeal_language_name": language_name(language),
        "draft": AnswerDraft.objects.filter(appeal=appeal).select_related("author").first(),
        "pending_answer": pending,
        "may_approve": pending is not None and may_approve(user, appeal),
        "linked_appeals": linked,
        "similar_appeals": similar_open_appeals(appeal, exclude={a.pk for a in linked})
        if appeal.is_open
        else [],
        "placeholders": [(f"{{{name}}}", meaning) for name, meaning in PLACEHOLDERS.items()],
    }
