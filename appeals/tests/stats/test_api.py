"""The public statistics API: figures, CSV, privacy, caching, bad input, bounded queries."""

from __future__ import annotations

import csv
import io

import pytest
from rest_framework.test import APIClient

from appeals.services import appeal_file
from appeals.stats.publish.csv import flatten
from officials.models import Agency, Region

pytestmark = pytest.mark.django_db
ENDPOINTS = ("agencies", "regions", "types", "months", "agency-regions")


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def exact(settings) -> None:
    """The arithmetic of the figures, checked on a history too small to publish: with a minimum
    cell of 1 and no perturbation nothing is protected (test_disclosure.py attacks the protection)."""
    settings.STATS_MIN_CELL = 1
    settings.STATS_PERTURBATION = False


def rows(api: APIClient, endpoint: str, **params: str) -> list[dict]:
    response = api.get(f"/api/v1/stats/{endpoint}/", {"page_size": "500", **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_agency_rows_carry_every_metric_and_name_the_agency(api, history, exact) -> None:
    health = next(r for r in rows(api, "agencies") if r["agency"]["slug"] == "ministry-of-health")
    assert health["agency"]["name"] == "Ministry of Health of the Republic of Kazakhstan"
    assert health["suppressed"] is False
    assert (health["received"], health["answered"], health["answered_on_time"]) == (6, 3, 2)
    assert (health["overdue"], health["open"], health["escalated"], health["redirected"]) == (2, 2, 2, 1)
    assert health["on_time_rate_ci"] == [0.0968, 0.7] and health["median_response_days"] == 17
    assert health["satisfaction"] == {"mean": 4.0, "count": 1}
    # A1, A2, A3 answered, A7 rejected, A4 overdue: only A8 (a blog question) is still in its term.
    assert health["not_yet_due"] == 1 and health["on_time_rate_of_due"] == 0.4
    assert health["on_time_rate_of_due_ci"] == [0.1176, 0.7693]
    akimat = next(r for r in rows(api, "agencies") if r["agency"]["slug"] == "akimat-kz-75")
    assert akimat["suppressed"] is False and akimat["received"] == 1


def test_lists_are_paginated_the_drf_way_in_a_stable_order(api, history) -> None:
    body = api.get("/api/v1/stats/agencies/", {"page_size": "2"}).json()
    assert body["count"] == 3 and body["next"] and body["previous"] is None
    assert [r["agency"]["slug"] for r in body["results"]] == ["akimat-kz-75", "ministry-of-education"]
    regions = rows(api, "regions")
    assert len(regions) == 20 and [r["region"]["code"] for r in regions] == sorted(
        r["region"]["code"] for r in regions
    )
    assert [r["appeal_type"] for r in rows(api, "types")][:2] == ["application", "report"]
    assert [r["month"] for r in rows(api, "months")] == ["2026-04"]


def test_filters_narrow_the_figures(api, history, exact) -> None:
    assert rows(api, "types", appeal_type="application")[0]["received"] == 8
    assert len(rows(api, "types", appeal_type="complaint")) == 1
    assert rows(api, "months", date_from="2026-04-01", date_to="2026-04-30")[0]["received"] == 8
    assert rows(api, "months", date_from="2026-03-01", date_to="2026-03-31") == []
    assert rows(api, "months", date_from="2026-05-01") == []
    assert rows(api, "regions", region="KZ-71")[0]["received"] == 0
    by_agency = rows(api, "agencies", agency="ministry-of-health")
    assert [r["agency"]["slug"] for r in by_agency] == ["ministry-of-health"]
    assert rows(api, "agencies", channel="blog")[0]["received"] == 1


def test_include_children_takes_the_agencies_below(api, history, exact) -> None:
    parent = Agency.objects.get(slug="prosecutor-general")
    all_rows = rows(api, "agencies", agency=parent.slug, include_children="true")
    assert {r["agency"]["slug"] for r in all_rows} == {
        "ministry-of-health",
        "ministry-of-education",
        "akimat-kz-75",
    }
    assert rows(api, "agencies", agency=parent.slug) == []


def test_names_in_the_language_asked_for(api, history) -> None:
    region = next(r for r in rows(api, "regions", lang="ru") if r["region"]["code"] == "KZ-75")
    assert region["region"]["name"] == Region.objects.get(code="KZ-75").name_ru
    response = api.get("/api/v1/stats/regions/", HTTP_ACCEPT_LANGUAGE="kk")
    kk = next(r for r in response.json()["results"] if r["region"]["code"] == "KZ-75")
    assert kk["region"]["name"] == Region.objects.get(code="KZ-75").name_kk


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_csv_has_the_same_figures_as_json(api, history, endpoint) -> None:
    json_rows = rows(api, endpoint)
    response = api.get(f"/api/v1/stats/{endpoint}/", {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    table = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(table) == len(json_rows)
    for csv_row, json_row in zip(table, json_rows, strict=True):
        expected = {
            k: "" if v is None else ("true" if v is True else "false" if v is False else str(v))
            for k, v in flatten(json_row).items()
        }
        assert csv_row == expected


def test_small_groups_are_withheld_in_every_table(api, history) -> None:
    """Seven appeals in all: with the protection on, no row about 1-4 appeals shows a figure (a
    perturbed cell may also vanish; test_disclosure.py attacks the combinations)."""
    for endpoint in ENDPOINTS:
        for row in rows(api, endpoint):
            if row["suppressed"]:
                assert row["received"] is row["on_time_rate_ci"] is row["median_response_days"] is None
                assert row["satisfaction"] == {"mean": None, "count": None}
            else:
                assert row["received"] + row["redirected"] in (0,) or row["received"] + row["redirected"] >= 5
                assert row["satisfaction"]["count"] is None  # one rating: never published


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"date_from": "2026-05-01", "date_to": "2026-04-30"}, "date_from"),
        ({"date_from": "01/05/2026"}, "date_from"),
        ({"date_to": "2026-02-30"}, "date_to"),
        ({"region": "KZ-99"}, "region"),
        ({"agency": "ministry-of-magic"}, "agency"),
        ({"appeal_type": "petition"}, "appeal_type"),
        ({"include_children": "perhaps"}, "include_children"),
        ({"page_size": "1000000"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page": "-1"}, "page"),
        ({"lang": "fr"}, "lang"),
        ({"region": "KZ-99", "format": "csv"}, "region"),
        ({"date_from": "2026-04-21"}, "date_from"),
        ({"date_to": "2026-04-20"}, "date_to"),
        ({"regoin": "KZ-75"}, "regoin"),
        ({"region": ["KZ-75", "KZ-71"]}, "region"),
        ({"page_size": ["5", "6"]}, "page_size"),
    ],
)
def test_bad_input_is_a_json_400_naming_the_parameter(api, params, parameter) -> None:
    response = api.get("/api/v1/stats/agencies/", params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert parameter in response.json()


def test_etag_and_last_modified_answer_304_until_the_figures_change(
    api, history, citizen, django_capture_on_commit_callbacks, exact
) -> None:
    first = api.get("/api/v1/stats/regions/")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert api.get("/api/v1/stats/regions/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert api.get("/api/v1/stats/regions/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert api.get("/api/v1/stats/regions/", {"lang": "ru"}, HTTP_IF_NONE_MATCH=etag).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        appeal_file(
            actor=citizen,
            appeal_type="inquiry",
            agency=history.health,
            region=Region.objects.get(code="KZ-10"),
            subject="S",
            text="T",
        )
    changed = api.get("/api/v1/stats/regions/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    abai = next(r for r in changed.json()["results"] if r["region"]["code"] == "KZ-10")
    assert abai["received"] == 1


def test_cors_is_open_for_get(api, history) -> None:
    response = api.get("/api/v1/stats/agencies/", HTTP_ORIGIN="https://newsroom.example")
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_queries_per_request_are_few_and_do_not_grow_with_appeals(
    api, history, citizen, endpoint, django_assert_max_num_queries
) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert api.get(f"/api/v1/stats/{endpoint}/", {"region": "KZ-75"}).status_code == 200
        return len(captured.captured_queries)

    before = count()
    for slug in ("ministry-of-finance", "akimat-kz-71", "ministry-of-energy"):
        for _ in range(3):
            appeal_file(
                actor=citizen,
                appeal_type="report",
                agency=Agency.objects.get(slug=slug),
                region=Region.objects.get(code="KZ-75"),
                subject="S",
                text="T",
            )
    assert count() == before
    cache.clear()
    with django_assert_max_num_queries(6):
        api.get(f"/api/v1/stats/{endpoint}/", {"region": "KZ-75", "agency": "ministry-of-health"})
    # Served from the cache: only the filters' own look-ups reach the database.
    with django_assert_max_num_queries(2):
        api.get(f"/api/v1/stats/{endpoint}/", {"region": "KZ-75", "agency": "ministry-of-health"})


def test_csv_statistics_write_a_formula_like_name_as_inert_text(api, history) -> None:
    Agency.objects.filter(slug="ministry-of-health").update(name_en="=cmd|' /C calc'!A0")
    response = api.get("/api/v1/stats/agencies/", {"format": "csv", "lang": "en"})
    table = list(csv.DictReader(io.StringIO(response.content.decode("utf-8").removeprefix("\ufeff"))))
    names = {row["agency_slug"]: row["agency_name"] for row in table}
    assert names["ministry-of-health"] == "'=cmd|' /C calc'!A0"


def test_unknown_and_repeated_parameters_name_the_allowed_ones(api) -> None:
    body = api.get("/api/v1/stats/agencies/", {"regoin": "KZ-75"}).json()
    assert "regoin" in body and "region" in body["regoin"][0] and "date_from" in body["regoin"][0]
    repeated = api.get("/api/v1/stats/agencies/?appeal_type=report&appeal_type=complaint")
    assert repeated.status_code == 400 and "appeal_type" in repeated.json()


@pytest.mark.parametrize(
    ("headers", "params", "expected"),
    [
        ({}, {"lang": "ru"}, "Неизвестный параметр"),
        ({"HTTP_ACCEPT_LANGUAGE": "kk"}, {}, "Белгісіз параметр"),
        ({"HTTP_ACCEPT_LANGUAGE": "ru"}, {"lang": "en"}, "Unknown parameter"),
    ],
)
def test_errors_speak_the_language_asked_for(api, headers, params, expected) -> None:
    response = api.get("/api/v1/stats/regions/", {"regoin": "KZ-75", **params}, **headers)
    assert response.status_code == 400
    assert expected in response.json()["regoin"][0]


def test_json_and_csv_are_gzipped_for_clients_that_accept_it(api, history) -> None:
    import gzip
    import json

    for params in ({}, {"format": "csv"}):
        response = api.get("/api/v1/stats/agency-regions/", params, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
        body = gzip.decompress(response.content)
        if not params:
            assert "results" in json.loads(body)
        else:
            assert body.decode("utf-8").startswith("\ufeffagency_slug,agency_name,region_code")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_empty_csv_still_has_its_header_row(api, endpoint) -> None:
    response = api.get(f"/api/v1/stats/{endpoint}/", {"format": "csv", "agency": "ministry-of-health"})
    text = response.content.decode("utf-8").removeprefix("\ufeff")
    header = text.splitlines()[0].split(",")
    assert "received" in header and "on_time_rate_of_due_ci_high" in header
    group = {"agencies": "agency_slug", "regions": "region_code", "types": "appeal_type"}
    group |= {"months": "month", "agency-regions": "agency_slug"}
    assert header[0] == group[endpoint]


def test_one_download_has_every_table_a_data_dictionary_and_the_licence(api, history) -> None:
    import zipfile

    from appeals.stats.publish.dictionary import COLUMNS
    from appeals.stats.publish.download import documented_columns

    response = api.get("/api/v1/stats/download/", {"lang": "ru"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert names == {f"{e}.csv" for e in ENDPOINTS} | {"data-dictionary.csv", "LICENCE.txt"}
    licence = archive.read("LICENCE.txt").decode()
    assert "CC BY 4.0" in licence and "Статистика Dialog: открытые данные" in licence
    dictionary = list(
        csv.DictReader(io.StringIO(archive.read("data-dictionary.csv").decode().lstrip("\ufeff")))
    )
    assert [row["column"] for row in dictionary] == documented_columns()
    assert all(row["definition"] and row["unit"] for row in dictionary) and len(COLUMNS) == len(dictionary)
    # Definitions and units in the language asked for.
    by_column = {row["column"]: row for row in dictionary}
    assert by_column["received"]["definition"] == "Обращения, зарегистрированные за период, без отозванных."
    assert by_column["median_response_days"]["unit"] == "рабочие дни"
    regions = archive.read("regions.csv").decode()
    assert Region.objects.get(code="KZ-75").name_ru in regions
    assert api.get("/api/v1/stats/download/", {"region": "KZ-75"}).status_code == 400


def test_the_api_docs_link_the_download_and_the_licence(api) -> None:
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    assert "/api/v1/stats/download/" in schema["info"]["description"]
    assert "creativecommons.org/licenses/by/4.0" in schema["info"]["description"]
    assert "/api/v1/stats/download/" in schema["paths"]
