"""Matching a problem against the competence catalogue (`officials.models.Competence`), and
turning a topic's bodies into agencies of the citizen's region.

A topic scores the sum of the keywords its text contains, a phrase counting one per word (a
phrase says more than a word). `@local` is the district akimat the text names, if any, then
the akimat of the region or city of republican significance — the local executive body; `@region`
is the latter alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from appeals.routing.text import phrase_in, words
from officials.models import Agency, Competence, Region

LOCAL_KINDS = (Agency.Kind.AKIMAT_REGION, Agency.Kind.AKIMAT_CITY, Agency.Kind.AKIMAT_DISTRICT)
TOP_LOCAL_KINDS = (Agency.Kind.AKIMAT_REGION, Agency.Kind.AKIMAT_CITY)
# Where a district's own name sits in its akimat's name, in each language.
_DISTRICT_NAME = (
    re.compile(r"^Акимат\s+(\S+)\s+района", re.IGNORECASE),
    re.compile(r"(\S+)\s+ауданының", re.IGNORECASE),
    re.compile(r"^Akimat of\s+(\S+)\s+District", re.IGNORECASE),
)


@dataclass(frozen=True)
class TopicMatch:
    competence: Competence
    score: float


def topic_matches(text: str, competences: list[Competence]) -> list[TopicMatch]:
    """Topics whose keywords the text contains, best first."""
    text_words = words(text)
    matches = []
    for competence in competences:
        phrases = {tuple(words(keyword)) for keyword in competence.keywords()}
        score = float(sum(len(phrase) for phrase in phrases if phrase_in(phrase, text_words)))
        if score:
            matches.append(TopicMatch(competence, score))
    matches.sort(key=lambda match: (-match.score, match.competence.position))
    return matches


def district_stems(agency: Agency) -> set[str]:
    """Stems of a district's own name (Бостандыкского, Бостандық, Bostandyk → бост…)."""
    stems = set()
    for pattern, name in zip(_DISTRICT_NAME, (agency.name_ru, agency.name_kk, agency.name_en), strict=True):
        found = pattern.search(name)
        if found:
            first = words(found.group(1).split("-")[0])
            if first:
                stems.add(first[0][:5])
    return stems


@dataclass(frozen=True)
class LocalBodies:
    """The local executive bodies of one region, and which districts the text names."""

    top: Agency | None
    named_districts: list[Agency]

    @classmethod
    def of(cls, region: Region, text: str) -> LocalBodies:
        akimats = list(Agency.objects.active().filter(region=region, kind__in=LOCAL_KINDS).order_by("slug"))
        top = next((a for a in akimats if a.kind in TOP_LOCAL_KINDS), None)
        text_words = words(text)
        named = [
            akimat
            for akimat in akimats
            if akimat.kind == Agency.Kind.AKIMAT_DISTRICT
            and any(phrase_in((stem,), text_words) for stem in district_stems(akimat))
        ]
        return cls(top=top, named_districts=named)

    def resolve(self, body: str, central: dict[str, Agency]) -> list[Agency]:
        if body == Competence.LOCAL:
            return [*self.named_districts, *([self.top] if self.top else [])]
        if body == Competence.REGION:
            return [self.top] if self.top else []
        agency = central.get(body)
        return [agency] if agency else []
