"""Atom feeds of the register: valid, public, masked, and a withdrawn appeal leaves them."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from django.test import Client

from appeals.models import Appeal
from appeals.services import appeal_answer
from appeals.services.publication import publication_withdraw
from appeals.tests.subscriptions.conftest import IIN
from officials.models import Official
from portal.accounts.models import User

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _atom(client: Client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed, in a test
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        element = root.find(f"{ATOM}{required}")
        assert element is not None and element.text
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Dialog"
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}").text
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
        assert entry.find(f"{ATOM}author") is None
    return root


def _titles(root: ET.Element) -> list[str]:
    return [entry.find(f"{ATOM}title").text or "" for entry in root.findall(f"{ATOM}entry")]


@pytest.fixture
def published_pair(
    published_file: Callable[..., Appeal], officer: Official, citizen: User
) -> tuple[Appeal, Appeal]:
    citizen.full_name = "Aigerim Seitkali"
    citizen.save()
    first = published_file(
        subject=f"Clinic queue, IIN {IIN}",
        text="Aigerim Seitkali here, call +7 701 123 45 67 or me@example.kz.",
    )
    appeal_answer(actor=officer.user, appeal=first, text="We open a second shift; write to Aigerim Seitkali.")
    second = published_file(subject="Hospital parking", text="No parking at the hospital.")
    return first, second


def test_feeds_for_an_agency_a_region_a_search_and_an_appeal_are_valid_atom(
    client: Client, published_pair: tuple[Appeal, Appeal], almaty
) -> None:
    first, second = published_pair
    agency = _titles(_atom(client, "/en/feeds/agency/ministry-of-health/"))
    assert len(agency) == 2 and any(first.tracking_number in title for title in agency)
    assert len(_titles(_atom(client, f"/en/feeds/region/{almaty.code}/"))) == 2
    search = _titles(_atom(client, "/en/feeds/search/?q=parking"))
    assert search == [f"{second.tracking_number}: Hospital parking"]
    steps = _titles(_atom(client, f"/en/feeds/appeal/{first.tracking_number}/"))
    assert f"{first.tracking_number}: Answered" in steps and f"{first.tracking_number}: Registered" in steps


def test_feeds_hold_no_personal_data(
    client: Client, published_pair: tuple[Appeal, Appeal], citizen: User
) -> None:
    first, _second = published_pair
    for url in (
        "/en/feeds/agency/ministry-of-health/",
        "/en/feeds/search/?q=clinic",
        f"/en/feeds/appeal/{first.tracking_number}/",
    ):
        body = client.get(url).content.decode()
        for secret in (IIN, "701 123 45 67", "me@example.kz", "Aigerim", "Seitkali", citizen.email):
            assert secret not in body, (url, secret)
    assert "second shift" in client.get(f"/en/feeds/appeal/{first.tracking_number}/").content.decode()


def test_a_withdrawn_publication_leaves_every_feed(
    client: Client, published_pair: tuple[Appeal, Appeal], citizen: User
) -> None:
    first, second = published_pair
    publication_withdraw(actor=citizen, publication=first.publication)
    assert _titles(_atom(client, "/en/feeds/agency/ministry-of-health/")) == [
        f"{second.tracking_number}: Hospital parking"
    ]
    assert not any(first.tracking_number in t for t in _titles(_atom(client, "/en/feeds/search/?q=clinic")))
    assert client.get(f"/en/feeds/appeal/{first.tracking_number}/").status_code == 404


def test_feed_titles_are_in_the_language_of_the_address(client: Client, published_pair) -> None:
    root = _atom(client, "/ru/feeds/agency/ministry-of-health/")
    assert "Реестр" in root.find(f"{ATOM}title").text


@pytest.mark.parametrize(
    "url",
    [
        "/en/feeds/search/?status=nonsense",
        "/en/feeds/search/?agency=no-such",
        "/en/feeds/search/?date_from=yesterday",
        "/en/feeds/search/?colour=red",
        "/en/feeds/search/?q=a%00b",
    ],
)
def test_a_bad_search_feed_is_a_clear_400(client: Client, url: str) -> None:
    assert client.get(url).status_code == 400


def test_unknown_things_are_404(client: Client) -> None:
    assert client.get("/en/feeds/agency/no-such/").status_code == 404
    assert client.get("/en/feeds/region/KZ-00/").status_code == 404
    assert client.get("/en/feeds/appeal/DLG-2026-999999/").status_code == 404


def test_a_feed_is_only_read(client: Client) -> None:
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)("/en/feeds/agency/ministry-of-health/").status_code == 405
