"""What the portal learns from its own history: where appeals like this one were finally
answered, and which agencies passed such appeals on.

An answered appeal that arrived through a redirect (`redirected_from`) is the strongest
evidence — someone sent it to the wrong place first and the competent body answered — so it
counts twice, and the agency that passed it on is marked. Only agencies of the citizen's region
or central ones count. Nothing is learnt from fewer than `MIN_EVIDENCE` similar appeals, and no
count ever leaves this module: a suggestion says "appeals like this one were answered here",
never how many, so nothing about one person's appeal can be read from it.

PostgreSQL: a prefix full-text query (config `simple`, Kazakh has no stemmer) over the GIN
index of migration 0003, two words of the problem at least in common. SQLite (`make run`): the
same test in Python over the most recent answered appeals.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q

from appeals.models import Appeal, AppealStatus
from appeals.routing.text import search_stems, stem_matches, words
from officials.models import Region

MIN_EVIDENCE = 3
# An agency must have answered at least this share of the similar appeals to be learnt from:
# a pattern, not the noise of appeals spread over every agency.
MIN_SHARE = 0.2
SAMPLE = 200
SQLITE_SCAN = 2000
ANSWERED = (AppealStatus.ANSWERED, AppealStatus.CLOSED)


@dataclass(frozen=True)
class Learned:
    """Shares (0..1) of the similar answered appeals, by agency id."""

    answered: dict[int, float] = field(default_factory=dict)
    after_redirect: set[int] = field(default_factory=set)
    passed_on: dict[int, float] = field(default_factory=dict)


def _similar_rows(stems: list[str], region: Region) -> list[tuple[int, int | None]]:
    scope = Appeal.objects.filter(status__in=ANSWERED, agency__is_active=True).filter(
        Q(agency__region__isnull=True) | Q(agency__region=region)
    )
    if connection.vendor == "postgresql":
        query = " | ".join(f"({a}:* & {b}:*)" for a, b in combinations(stems[:6], 2))
        matched = scope.annotate(document=SearchVector("subject", "text", config="simple")).filter(
            document=SearchQuery(query, search_type="raw", config="simple")
        )
        return list(matched.order_by("-id").values_list("agency_id", "redirected_from__agency_id")[:SAMPLE])
    rows: list[tuple[int, int | None]] = []
    recent = scope.order_by("-id").values_list("subject", "text", "agency_id", "redirected_from__agency_id")
    for subject, text, agency_id, from_agency_id in recent[:SQLITE_SCAN].iterator():
        appeal_words = set(words(f"{subject} {text}"))
        shared = sum(any(stem_matches(stem, word) for word in appeal_words) for stem in stems)
        if shared >= 2:
            rows.append((agency_id, from_agency_id))
            if len(rows) >= SAMPLE:
                break
    return rows


def learned_agencies(text: str, region: Region) -> Learned:
    stems = search_stems(text)
    if len(stems) < 2:
        return Learned()
    rows = _similar_rows(stems, region)
    if len(rows) < MIN_EVIDENCE:
        return Learned()
    weights: Counter[int] = Counter()
    passed: Counter[int] = Counter()
    after_redirect = set()
    for agency_id, from_agency_id in rows:
        weights[agency_id] += 2 if from_agency_id else 1
        if from_agency_id:
            after_redirect.add(agency_id)
            passed[from_agency_id] += 1
    total = sum(weights.values())
    answered = {agency_id: weight / total for agency_id, weight in weights.items()}
    passed_on = {agency_id: count / len(rows) for agency_id, count in passed.items()}
    return Learned(
        answered={agency_id: share for agency_id, share in answered.items() if share >= MIN_SHARE},
        after_redirect=after_redirect,
        passed_on={agency_id: share for agency_id, share in passed_on.items() if share >= MIN_SHARE},
    )
