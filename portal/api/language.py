"""Which language reference names are returned in: `?lang=`, else the request's language."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def requested_language(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked is None:
        current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return current if current in SUPPORTED else settings.LANGUAGE_CODE
    if asked not in SUPPORTED:
        raise ValidationError(
            {"lang": f"Unknown language {asked!r}; use one of {', '.join(sorted(SUPPORTED))}."}
        )
    return asked
