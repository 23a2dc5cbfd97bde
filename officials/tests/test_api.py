"""Public reference endpoints: no login, names in the language asked for."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_regions_in_the_language_asked_for(api) -> None:
    ru = api.get("/api/v1/regions/?lang=ru").json()
    kk = api.get("/api/v1/regions/", HTTP_ACCEPT_LANGUAGE="kk").json()
    assert len(ru) == 20 and {row["code"] for row in ru} == {row["code"] for row in kk}
    astana_ru = next(r for r in ru if r["code"] == "KZ-71")
    assert "Астана" in astana_ru["name"] and astana_ru["kind"] == "city"


def test_agencies_are_paginated_with_parent_and_region(api) -> None:
    page = api.get("/api/v1/agencies/?lang=en&kind=akimat_district").json()
    assert {"count", "next", "previous", "results"} <= set(page)
    row = page["results"][0]
    assert set(row) == {"slug", "name", "kind", "region", "parent"} and row["parent"].startswith("akimat-")


def test_deputies(api) -> None:
    page = api.get("/api/v1/deputies/?chamber=senate").json()
    assert page["count"] == 40 and set(page["results"][0]) == {"id", "name", "chamber", "region", "district"}


def test_unknown_language_is_a_400_naming_the_parameter(api) -> None:
    response = api.get("/api/v1/regions/?lang=xx")
    assert response.status_code == 400 and "lang" in response.json()


def test_schema_and_docs_are_served(api) -> None:
    assert api.get("/api/v1/schema/").status_code == 200
    assert api.get("/api/v1/docs/").status_code == 200
