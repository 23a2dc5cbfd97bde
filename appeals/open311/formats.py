"""The two formats of GeoReport v2, as its specification shows them.

XML is schemaless, without a namespace, preceded by the XML declaration; a list is a plural
element holding singular ones (`services`/`service`, `service_requests`/`request`,
`attributes`/`attribute`, `values`/`value`, `endpoints`/`endpoint`, `formats`/`format`,
`errors`/`error`). JSON is the same document mapped by the Spark convention: the root element of
a list disappears (the body is an array), a nested list is an array under its plural name, an
empty element is null. `true`/`false` are booleans in JSON and words in XML."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any
from xml.etree import ElementTree

from django.http import HttpResponse

from appeals.open311.errors import ErrorItem

FORMATS = ("json", "xml")
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
MEDIA_TYPES = ("text/xml", "application/json")  # as the discovery document lists them
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'

# The element of each item of a nested list, named by the list's element.
SINGULAR = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}

# Characters XML 1.0 cannot carry at all (C0 controls other than tab, newline and return, the
# surrogates, U+FFFE and U+FFFF): a text holding one would make the whole document unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

Value = str | int | float | bool | None | Sequence[Any] | Mapping[str, Any]


def _text(value: Value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("\ufffd", str(value))


def _append(parent: ElementTree.Element, name: str, value: Value) -> None:
    element = ElementTree.SubElement(parent, name)
    if isinstance(value, Mapping):
        for key, item in value.items():
            _append(element, key, item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _append(element, SINGULAR[name], item)
    else:
        element.text = _text(value)


def to_xml(root: str, body: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> bytes:
    """`root` is the document element; a sequence becomes its singular children."""
    element = ElementTree.Element(root)
    if isinstance(body, Mapping):
        for key, value in body.items():
            _append(element, key, value)
    else:
        for item in body:
            _append(element, SINGULAR[root], item)
    return XML_DECLARATION + ElementTree.tostring(element, encoding="unicode").encode("utf-8")


def to_json(body: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def render(
    fmt: str, root: str, body: Mapping[str, Any] | Sequence[Mapping[str, Any]], *, status: int = 200
) -> HttpResponse:
    content = to_xml(root, body) if fmt == "xml" else to_json(body)
    return HttpResponse(content, status=status, content_type=CONTENT_TYPES[fmt])


def render_errors(fmt: str, status: int, items: Sequence[ErrorItem]) -> HttpResponse:
    body = [{"code": item.code, "description": item.description} for item in items]
    return render(fmt, "errors", body, status=status)
