"""Fixtures for the Open311 GeoReport v2 tests: a citizen's api_key, parsing both formats."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from rest_framework.authtoken.models import Token

from portal.accounts.models import User

BASE = "/open311/v2"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def api_key_of(user: User) -> str:
    return Token.objects.get_or_create(user=user)[0].key


@pytest.fixture
def api_key(citizen: User) -> str:
    return api_key_of(citizen)


def xml_of(response: HttpResponse) -> ElementTree.Element:
    """The document, after checking what the specification asks of every XML response."""
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n')
    root = ElementTree.fromstring(response.content)  # noqa: S314 - the portal's own output
    assert root.tag.startswith("{") is False  # no namespace
    return root


def json_of(response: HttpResponse) -> Any:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def children(element: ElementTree.Element) -> list[str]:
    return [child.tag for child in element]


def assert_error(response: HttpResponse, status: int, fmt: str = "json") -> str:
    """The specification's error document with `status`; returns the first description."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    if fmt == "json":
        errors = json_of(response)
        assert isinstance(errors, list) and errors
        assert set(errors[0]) == {"code", "description"}
        assert errors[0]["description"]
        return str(errors[0]["description"])
    root = xml_of(response)
    assert root.tag == "errors"
    error = root.find("error")
    assert error is not None and children(error) == ["code", "description"]
    assert error.findtext("description")
    return error.findtext("description") or ""
