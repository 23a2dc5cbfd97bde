"""official_create refuses bad input with the project's domain errors (a clear 4xx, never a 500)."""

from __future__ import annotations

import pytest

from officials.services import official_create
from portal.domain_errors import DomainError, InvalidInput, http_status

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("email", "agency", "role", "code"),
    [
        ("not an address", "ministry-of-health", "officer", "email"),
        ("a@gov.kz", "ministry-of-health", "minister", "role"),
        ("a@gov.kz", "no-such-agency", "officer", "agency"),
    ],
)
def test_bad_onboarding_input_is_a_domain_error(email, agency, role, code, health_ministry) -> None:
    with pytest.raises(InvalidInput) as caught:
        official_create(actor=None, email=email, agency_slug=agency, role=role)
    assert caught.value.code == code and http_status(caught.value) == 400


def test_an_official_cannot_be_moved_by_onboarding_again(make_official, health_ministry) -> None:
    official = make_official(health_ministry)
    with pytest.raises(DomainError) as caught:
        official_create(actor=None, email=official.user.email, agency_slug="ministry-of-health", role="head")
    assert caught.value.code == "already_official"
