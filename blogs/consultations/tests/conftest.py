"""Consultation fixtures: a verified citizen (identity vouched for by the identity provider) and
a factory of published consultations, open now unless told otherwise."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from blogs.consultations.models import Consultation, QuestionKind
from blogs.consultations.services import consultation_publish, consultation_question_save, consultation_save
from officials.models import Agency, Official, Region
from portal.accounts.models import CitizenProfile, User


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


@pytest.fixture
def make_voter(make_citizen: Callable[..., User]) -> Callable[..., User]:
    def make(**kwargs: Any) -> User:
        user = make_citizen(**kwargs)
        CitizenProfile.objects.filter(user=user).update(identity_verified_at=timezone.now())
        return user

    return make


@pytest.fixture
def voter(make_voter: Callable[..., User]) -> User:
    return make_voter()


@pytest.fixture
def make_consultation(head: Official, health_ministry: Agency, almaty: Region) -> Callable[..., Consultation]:
    def make(
        *,
        opens_at: dt.datetime | None = None,
        closes_at: dt.datetime | None = None,
        publish: bool = True,
        results_live: bool = False,
        response_days: int = 10,
        now: dt.datetime | None = None,
    ) -> Consultation:
        moment = now or timezone.now()
        opens_at = opens_at or moment - dt.timedelta(days=1)
        closes_at = closes_at or moment + dt.timedelta(days=10)
        consultation = consultation_save(
            actor=head.user,
            agency=health_ministry,
            region=almaty,
            title="Clinic opening hours",
            summary="Should city clinics open on Saturdays?",
            draft_text="## Draft order\n\nClinics open **on Saturdays** from 9 to 14.",
            language="en",
            opens_at=opens_at,
            closes_at=closes_at,
            results_live=results_live,
            response_days=response_days,
        )
        consultation_question_save(
            actor=head.user,
            consultation=consultation,
            text="Do you support Saturday opening?",
            kind=QuestionKind.SINGLE,
            options=["Yes", "No"],
            position=1,
        )
        consultation_question_save(
            actor=head.user,
            consultation=consultation,
            text="Which services matter most?",
            kind=QuestionKind.MULTIPLE,
            options=["GP", "Lab tests", "Vaccination"],
            position=2,
        )
        consultation_question_save(
            actor=head.user,
            consultation=consultation,
            text="How convenient are the current hours?",
            kind=QuestionKind.SCALE,
            position=3,
        )
        if publish:
            consultation = consultation_publish(
                actor=head.user, consultation=consultation, now=min(moment, opens_at)
            )
        return consultation

    return make


@pytest.fixture
def consultation(make_consultation: Callable[..., Consultation]) -> Consultation:
    return make_consultation()


def option_ids(consultation: Consultation, position: int) -> list[int]:
    question = consultation.questions.get(position=position)
    return list(question.options.values_list("pk", flat=True))


def question_id(consultation: Consultation, position: int) -> int:
    return int(consultation.questions.get(position=position).pk)
