"""GET /api/v1/agencies/suggest/ — the DESIGN.md contract, its errors, its rate limit."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db
URL = "/api/v1/agencies/suggest/"


def test_suggestions_follow_the_contract_in_the_language_asked(client) -> None:
    response = client.get(URL, {"q": "Біздің көшеде шамдар жанбайды", "region": "KZ-71", "lang": "kk"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"results", "fallback"}
    first = body["results"][0]
    assert set(first) == {"agency", "score", "reason"}
    assert first["agency"] == {
        "slug": "akimat-kz-71",
        "name": "Астана қаласының әкімдігі",
        "kind": "akimat_city",
        "region": "KZ-71",
    }
    assert 0 < first["score"] <= 1
    assert first["reason"] == "Көше жарығы — аудан немесе қала әкімдігінің міндеті."
    assert len(body["results"]) <= 5
    assert body["fallback"]["agency"]["slug"] == "akimat-kz-71"
    assert "3 жұмыс күні" in body["fallback"]["reason"]


def test_a_central_matter_names_the_central_agency(client) -> None:
    response = client.get(URL, {"q": "My employer has not paid my wages", "region": "KZ-75", "lang": "en"})
    top = response.json()["results"][0]["agency"]
    assert top == {
        "slug": "ministry-of-labour-and-social-protection",
        "name": "Ministry of Labour and Social Protection of the Population of the Republic of Kazakhstan",
        "kind": "ministry",
        "region": None,
    }


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"q": "фонари", "region": "XX-99", "lang": "ru"}, "region", "Неизвестный регион"),
        ({"q": "фонари", "lang": "ru"}, "region", "Обязательное поле"),
        ({"q": "?!", "region": "KZ-75", "lang": "ru"}, None, "Опишите проблему"),
        ({"q": "фонари", "region": "KZ-75", "regoin": "1", "lang": "ru"}, "regoin", "Неизвестный параметр"),
        ({"q": "фонари", "region": "KZ-75", "topic": "nope", "lang": "kk"}, None, "тақырып"),
        ({"q": "a" * 2001, "region": "KZ-75", "lang": "en"}, "q", "2000"),
        ({"q": "фонари", "region": "KZ-75", "lang": "de"}, "lang", "Unknown language"),
    ],
)
def test_bad_input_is_a_400_that_says_what_to_fix(client, params, field, message) -> None:
    response = client.get(URL, params)
    assert response.status_code == 400, response.content
    body = response.json()
    text = str(body[field]) if field else body["detail"]
    assert message in text, body


def test_suggestions_are_rate_limited_per_address(client, settings) -> None:
    settings.DIALOG_RATE_LIMITS = {**settings.DIALOG_RATE_LIMITS, "agency_suggest": {"ip": "2/minute"}}
    params = {"q": "фонари", "region": "KZ-75"}
    assert [client.get(URL, params).status_code for _ in range(3)] == [200, 200, 429]


def test_the_schema_documents_the_endpoint(client) -> None:
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/agencies/suggest/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"q", "region", "lang"}
