"""One answer to "who oversees this agency?", for the escalation ladder and complaints alike."""

from __future__ import annotations

import pytest

from officials.models import Agency
from officials.selectors import national_oversight, oversight_body

pytestmark = pytest.mark.django_db


def test_an_active_parent_oversees_its_committee() -> None:
    committee = Agency.objects.get(slug="committee-for-medical-and-pharmaceutical-control")
    assert oversight_body(committee, national_oversight()).slug == "ministry-of-health"


def test_a_closed_parent_hands_oversight_to_the_national_body() -> None:
    Agency.objects.filter(slug="ministry-of-health").update(is_active=False)
    committee = Agency.objects.get(slug="committee-for-medical-and-pharmaceutical-control")
    assert oversight_body(committee, national_oversight()).slug == "prosecutor-general"


def test_the_national_body_does_not_oversee_itself_and_nobody_is_none() -> None:
    national = national_oversight()
    assert national is not None and oversight_body(national, national) is None
    Agency.objects.filter(pk=national.pk).update(is_active=False)
    health = Agency.objects.get(slug="ministry-of-health")
    Agency.objects.filter(pk=health.parent_id).update(is_active=False)
    health.refresh_from_db()
    assert national_oversight() is None and oversight_body(health, None) is None
