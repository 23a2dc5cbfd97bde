"""The header's service navigation: which links, in which language, which one is current."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def navigation(page: bytes) -> list[tuple[str, str, str]]:
    """(address, text, aria-current or "") of each link in the navigation list."""
    html = page.decode()
    listing = html[html.index('id="navigation">') : html.index("</ul>", html.index('id="navigation">'))]
    links = re.findall(
        r'<a class="govuk-service-navigation__link" href="([^"]+)"(?: aria-current="(\w+)")?>(.*?)</a>',
        listing,
    )
    return [(href, re.sub(r"<[^>]+>", "", text), current) for href, current, text in links]


def test_a_visitor_sees_the_public_links_and_sign_in_with_the_page_marked_current() -> None:
    links = navigation(Client().get("/en/stats/").content)
    assert [text for _href, text, _current in links] == [
        "Home", "Statistics", "Blogs", "Register", "Consultations", "File an appeal", "Sign in",
        "Create an account",
    ]  # fmt: skip
    assert [(href, current) for href, _text, current in links if current] == [("/en/stats/", "page")]


def test_a_page_of_a_section_marks_its_link_true_not_page() -> None:
    links = navigation(Client().get("/en/register/?q=queue").content)
    assert [(href, current) for href, _text, current in links if current] == [("/en/register/", "page")]
    links = navigation(Client().get("/en/register/agencies/ministry-of-health/").content)
    assert [(href, current) for href, _text, current in links if current] == [("/en/register/", "true")]


def test_the_links_follow_the_language_of_the_page() -> None:
    links = navigation(Client().get("/kk/").content)
    assert (links[0][0], links[0][2]) == ("/kk/", "page")
    assert all(href.startswith("/kk/") for href, _text, _current in links)
    english = [text for _href, text, _current in navigation(Client().get("/en/").content)]
    russian = [text for _href, text, _current in navigation(Client().get("/ru/").content)]
    assert len(russian) == len(english) and not set(russian) & set(english)


def test_a_signed_in_citizen_gets_their_links_address_and_sign_out(make_citizen) -> None:
    client = Client()
    citizen = make_citizen(email="nav@example.kz")
    client.force_login(citizen)
    page = client.get("/en/appeals/").content
    texts = [text for _href, text, _current in navigation(page)]
    assert texts[-2:] == ["My appeals", "Your details"] and "Sign in" not in texts
    assert ("/en/appeals/", "My appeals", "page") in navigation(page)
    assert b"nav@example.kz" in page and b'action="/en/accounts/sign-out/"' in page
