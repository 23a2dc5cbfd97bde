"""Routing help's one entry point: up to five agencies likely to be competent for a problem in
a region, best first, each with a one-line reason in the language asked, plus the "I don't know"
body (the region's local executive body, which must pass the appeal on within the redirect term).

Scores: a catalogue topic gives its first body the topic's score and each next body 0.6 of the
one before; the history adds up to `HISTORY_WEIGHT` for where similar appeals were answered and
takes some away from agencies that passed them on. When the best topic is a local matter, the
local bodies come before any central one whatever the scores (DESIGN: local bodies first).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext

from appeals.deadlines import policy_for
from appeals.models import AppealType
from appeals.routing.catalogue import LOCAL_KINDS, TOP_LOCAL_KINDS, LocalBodies, TopicMatch, topic_matches
from appeals.routing.history import Learned, learned_agencies
from appeals.routing.text import words
from officials.models import Agency, Competence, Region
from portal.domain_errors import InvalidInput

LIMIT = 5
MAX_TEXT = 2000
NEXT_BODY = 0.6
NAMED_DISTRICT_BONUS = 0.1
HISTORY_WEIGHT = 2.0
PASSED_ON_PENALTY = 1.0
TOPIC_BONUS = 3.0


@dataclass(frozen=True)
class Suggestion:
    agency: Agency
    score: float
    reason: str


@dataclass(frozen=True)
class Suggestions:
    results: list[Suggestion]
    fallback: Suggestion | None
    local_matter: bool


@dataclass
class _Candidate:
    agency: Agency
    raw: float
    reason: str


def _validate(text: str, topic: str | None, competences: list[Competence]) -> None:
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            gettext("Describe the problem in at most %(count)s characters.") % {"count": MAX_TEXT}, code="q"
        )
    if topic and topic not in {c.key for c in competences}:
        raise InvalidInput(gettext("There is no such topic; choose one from the list."), code="topic")
    if not topic and len("".join(words(text))) < 3:
        raise InvalidInput(gettext("Describe the problem in a few words, or choose a topic."), code="q")


def fallback_suggestion(region: Region, language: str) -> Suggestion | None:
    """The "I don't know" body: the akimat of the region or city, bound by the redirect term."""
    top = Agency.objects.active().filter(region=region, kind__in=TOP_LOCAL_KINDS).order_by("slug").first()
    if top is None:
        return None
    days = policy_for(AppealType.APPLICATION).redirect_days
    with translation.override(language):
        reason = gettext(
            "The local executive body of your region. If the matter belongs to another body, its "
            "registry must pass your appeal to the competent one within %(days)s working days and "
            "tell you."
        ) % {"days": days}
    return Suggestion(agency=top, score=0.0, reason=reason)


def _from_catalogue(matches: list[TopicMatch], local: LocalBodies, language: str) -> dict[int, _Candidate]:
    central = {a.slug: a for a in Agency.objects.active().filter(region__isnull=True)}
    candidates: dict[int, _Candidate] = {}
    for match in matches:
        weight = match.score
        competence = match.competence
        for position, body in enumerate(competence.bodies):
            # The topic's reason names its first body; the others share the matter.
            reason = (
                competence.reason_in(language)
                if position == 0
                else gettext("Also deals with this matter: %(topic)s.")
                % {"topic": competence.name_in(language)}
            )
            for agency in local.resolve(body, central):
                named = agency in local.named_districts
                raw = weight + (NAMED_DISTRICT_BONUS if named else 0.0)
                if agency.pk not in candidates or candidates[agency.pk].raw < raw:
                    candidates[agency.pk] = _Candidate(agency, raw, reason)
            weight *= NEXT_BODY
    return candidates


def _add_history(candidates: dict[int, _Candidate], learned: Learned) -> None:
    agencies = Agency.objects.in_bulk(set(learned.answered) - set(candidates))
    for agency_id, share in learned.answered.items():
        if agency_id in candidates:
            candidates[agency_id].raw += HISTORY_WEIGHT * share
        elif agency_id in agencies:
            reason = (
                gettext("Appeals like this one, first sent elsewhere, were finally answered here.")
                if agency_id in learned.after_redirect
                else gettext("Appeals like this one were answered here.")
            )
            candidates[agency_id] = _Candidate(agencies[agency_id], HISTORY_WEIGHT * share, reason)
    for agency_id, share in learned.passed_on.items():
        if agency_id in candidates:
            candidates[agency_id].raw -= PASSED_ON_PENALTY * share


def agency_suggest(
    *, text: str, region: Region, language: str, topic: str | None = None, learn: bool = True
) -> Suggestions:
    """Ranked suggestions for `text` (or a catalogue `topic`) in `region`; `learn=False` leaves
    the history out (the evaluation measures the catalogue alone)."""
    with translation.override(language):
        return _suggest(text.strip(), region, language, topic, learn=learn)


def _suggest(text: str, region: Region, language: str, topic: str | None, *, learn: bool) -> Suggestions:
    competences = list(Competence.objects.all())
    _validate(text, topic, competences)
    matches = topic_matches(text, competences)
    if topic:
        chosen = next(c for c in competences if c.key == topic)
        others = [m for m in matches if m.competence.key != topic]
        earlier = next((m.score for m in matches if m.competence.key == topic), 0.0)
        matches = [TopicMatch(chosen, earlier + TOPIC_BONUS), *others]
    local = LocalBodies.of(region, text)
    candidates = _from_catalogue(matches, local, language)
    if learn and text:
        _add_history(candidates, learned_agencies(text, region))
    local_matter = bool(matches) and matches[0].competence.is_local
    ranked = sorted(
        (c for c in candidates.values() if c.raw > 0),
        key=lambda c: (local_matter and c.agency.kind not in LOCAL_KINDS, -c.raw, c.agency.slug),
    )
    results = [
        Suggestion(agency=c.agency, score=round(c.raw / (c.raw + 1), 3), reason=c.reason)
        for c in ranked[:LIMIT]
    ]
    return Suggestions(
        results=results, fallback=fallback_suggestion(region, language), local_matter=local_matter
    )
