"""Routing help's service: the catalogue, local bodies first, the history, "I don't know"."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from appeals.models import Appeal, AppealType
from appeals.routing.evaluation import evaluate
from appeals.routing.suggest import agency_suggest
from appeals.services import appeal_answer, appeal_file, appeal_redirect
from officials.models import Agency, Competence, Official, Region
from officials.reference import REFERENCE_DIR, competence_problems
from portal.domain_errors import InvalidInput

pytestmark = pytest.mark.django_db


def slugs(text: str, region: str = "KZ-75", language: str = "ru", **kwargs: object) -> list[str]:
    found = agency_suggest(text=text, region=Region.objects.get(code=region), language=language, **kwargs)
    return [s.agency.slug for s in found.results]


def test_street_lighting_goes_to_the_city_akimat_with_the_reason_in_the_language_asked() -> None:
    found = agency_suggest(
        text="На нашей улице не горят фонари",  # noqa: RUF001
        region=Region.objects.get(code="KZ-75"),
        language="kk",
    )
    assert found.local_matter
    assert found.results[0].agency.slug == "akimat-kz-75"
    assert found.results[0].reason == "Көше жарығы — аудан немесе қала әкімдігінің міндеті."


def test_a_named_district_comes_before_its_city_and_any_committee() -> None:
    assert slugs("Бостандыкский район: во дворе яма на дороге")[:3] == [
        "akimat-almaty-bostandyk-district",
        "akimat-kz-75",
        "automobile-roads-committee",
    ]
    assert slugs("pothole on the road in Yesil district", region="KZ-71", language="en")[0] == (
        "akimat-astana-yesil-district"
    )


def test_a_local_matter_keeps_local_bodies_first_even_when_history_favours_a_ministry(
    make_citizen, make_official
) -> None:
    text = "Фонари на проспекте Абая сломаны давно"
    citizen = make_citizen()
    energy = Agency.objects.get(slug="ministry-of-energy")
    officer = make_official(energy, Official.Role.OFFICER).user
    for _number in range(3):
        appeal = appeal_file(
            actor=citizen,
            appeal_type=AppealType.APPLICATION,
            agency=energy,
            region=Region.objects.get(code="KZ-71"),
            subject="Фонари",
            text=text,
        )
        appeal_answer(actor=officer, appeal=appeal, text="Передали акимату.")
    found = agency_suggest(text=text, region=Region.objects.get(code="KZ-71"), language="ru")
    ranked = [(s.agency.slug, s.score) for s in found.results]
    assert [slug for slug, _score in ranked] == ["akimat-kz-71", "ministry-of-energy"]
    assert ranked[1][1] > ranked[0][1]  # the ministry scores higher, and still comes second


def test_a_topic_alone_is_enough_and_an_unknown_one_is_refused() -> None:
    assert slugs("", topic="taxes")[0] == "state-revenue-committee"
    with pytest.raises(InvalidInput):
        slugs("", topic="no-such-topic")
    with pytest.raises(InvalidInput):
        slugs("  ?! ")


def test_i_dont_know_is_the_regions_akimat_bound_by_the_redirect_term() -> None:
    found = agency_suggest(text="что-то непонятное", region=Region.objects.get(code="KZ-35"), language="ru")
    assert found.results == []
    assert found.fallback is not None and found.fallback.agency.slug == "akimat-kz-35"
    assert "в течение 3 рабочих дней" in found.fallback.reason


def _answered_after_redirect(
    text: str, first: str, final: str, count: int, make_citizen, make_official
) -> None:
    citizen = make_citizen()
    first_officer = make_official(first, Official.Role.OFFICER).user
    final_officer = make_official(final, Official.Role.OFFICER).user
    region = Region.objects.get(code="KZ-71")
    for _number in range(count):
        appeal = appeal_file(
            actor=citizen,
            appeal_type=AppealType.APPLICATION,
            agency=Agency.objects.get(slug=first),
            region=region,
            subject="Кадастровый паспорт",
            text=text,
        )
        moved = appeal_redirect(
            actor=first_officer,
            appeal=appeal,
            to_agency=Agency.objects.get(slug=final),
            reason="Не наш вопрос",  # noqa: RUF001
        )
        appeal_answer(actor=final_officer, appeal=moved, text="Выдан.")


GARAGE = "Не выдают кадастровый паспорт на гараж, третий месяц ждём"  # noqa: RUF001


def test_history_suggests_where_similar_appeals_were_finally_answered_after_a_redirect(
    make_citizen, make_official
) -> None:
    assert slugs(GARAGE, region="KZ-71") == []  # the catalogue knows nothing of it
    _answered_after_redirect(GARAGE, "akimat-kz-71", "ministry-of-justice", 3, make_citizen, make_official)
    assert Appeal.objects.filter(redirected_from__isnull=False).count() == 3
    found = agency_suggest(text=GARAGE, region=Region.objects.get(code="KZ-71"), language="en")
    assert [s.agency.slug for s in found.results] == ["ministry-of-justice"]
    assert (
        found.results[0].reason == "Appeals like this one, first sent elsewhere, were finally answered here."
    )
    assert slugs(GARAGE, region="KZ-71", learn=False) == []


def test_fewer_than_three_similar_appeals_teach_nothing(make_citizen, make_official) -> None:
    _answered_after_redirect(GARAGE, "akimat-kz-71", "ministry-of-justice", 2, make_citizen, make_official)
    assert slugs(GARAGE, region="KZ-71") == []


def test_the_catalogue_loads_idempotently_and_bad_bodies_are_reported() -> None:
    count = Competence.objects.count()
    assert count >= 50
    call_command("load_reference", verbosity=0)
    assert Competence.objects.count() == count
    assert Competence.objects.get(key="street-lighting").bodies == ["@local"]
    row = {
        "key": "x",
        "bodies": ["no-such-agency"],
        "name": {"kk": "x", "ru": "x", "en": "x"},
        "reason": {"kk": "x", "ru": "x"},
        "keywords": {"kk": ["x"], "ru": ["x"], "en": []},
    }
    problems = competence_problems([row], set())
    assert "competence 'x': unknown body 'no-such-agency' (an agency slug, @local or @region)" in problems
    assert "competence 'x': reason missing in en" in problems
    assert "competence 'x': keywords missing in en" in problems
    assert (REFERENCE_DIR / "competences.json").exists()


# The figures the README reports: 67 problems, top-1 92.5 %, top-3 100 %. The floors sit a
# little under them, so a catalogue edit that makes routing worse fails here.
TOP1_FLOOR = 0.88
TOP3_FLOOR = 0.95


def test_routing_accuracy_over_the_evaluation_set_stays_above_its_floor() -> None:
    result = evaluate()
    assert result.overall.total >= 60
    assert all(accuracy.total >= 20 for accuracy in result.by_language.values())
    assert set(result.by_language) == {"kk", "ru", "en"}
    assert result.overall.top1_rate >= TOP1_FLOOR, result.misses
    assert result.overall.top3_rate >= TOP3_FLOOR, result.misses
    for accuracy in result.by_language.values():
        assert accuracy.top3_rate >= 0.9


def test_without_postgresql_the_same_history_is_found_by_a_scan(
    make_citizen, make_official, monkeypatch
) -> None:
    """`make run` uses SQLite: the history is read by scanning the latest answered appeals."""
    from types import SimpleNamespace

    from appeals.routing import history

    _answered_after_redirect(GARAGE, "akimat-kz-71", "ministry-of-justice", 3, make_citizen, make_official)
    monkeypatch.setattr(history, "connection", SimpleNamespace(vendor="sqlite"))
    found = history.learned_agencies(GARAGE, Region.objects.get(code="KZ-71"))
    justice = Agency.objects.get(slug="ministry-of-justice").pk
    assert found.answered == {justice: 1.0}
    assert found.after_redirect == {justice}
    assert found.passed_on == {Agency.objects.get(slug="akimat-kz-71").pk: 1.0}


def test_similar_appeals_spread_over_many_agencies_teach_nothing(make_citizen, make_official) -> None:
    """Demo data and noise: no agency answered a fifth of them, so no pattern is learnt."""
    citizen = make_citizen()
    region = Region.objects.get(code="KZ-71")
    slugs_answering = [
        "ministry-of-justice",
        "ministry-of-finance",
        "ministry-of-energy",
        "ministry-of-health",
        "ministry-of-transport",
        "ministry-of-defence",
    ]
    for slug in slugs_answering:
        agency = Agency.objects.get(slug=slug)
        appeal = appeal_file(
            actor=citizen,
            appeal_type=AppealType.APPLICATION,
            agency=agency,
            region=region,
            subject="Кадастровый паспорт",
            text=GARAGE,
        )
        appeal_answer(actor=make_official(agency, Official.Role.OFFICER).user, appeal=appeal, text="Ответ.")
    assert slugs(GARAGE, region="KZ-71") == []
