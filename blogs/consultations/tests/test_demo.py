from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from appeals.demo import DEMO_DOMAIN
from blogs.consultations.demo import CLOSED_TITLE
from blogs.consultations.models import Ballot, Comment, Consultation, Stage
from blogs.consultations.selectors import published_response
from portal.accounts.models import CitizenProfile

pytestmark = pytest.mark.django_db


def test_seed_demo_publishes_a_closed_consultation_with_results_and_its_response_once() -> None:
    call_command("seed_demo", appeals=0, verbosity=0, stdout=io.StringIO())
    closed = Consultation.objects.get(title=CLOSED_TITLE)
    assert closed.stage() == Stage.RESPONDED
    response = published_response(closed)
    assert response is not None and response.on_time
    assert Ballot.objects.filter(consultation=closed).count() == 36 * 3
    assert Comment.objects.filter(consultation=closed, state="published").count() == 3
    assert CitizenProfile.objects.get(user__email=f"citizen@{DEMO_DOMAIN}").identity_verified_at is not None
    page = Client().get(f"/en/consultations/{closed.pk}/").content.decode()
    assert "What we heard and what we changed" in page and "95 % interval" in page
    call_command("seed_demo", appeals=0, verbosity=0, stdout=io.StringIO())
    assert Consultation.objects.count() == 2
