"""The portal's answer when it fails: a 503 with Retry-After when the database is unreachable
(nothing the user did was wrong, and trying again later will work), the standalone 500 page
otherwise. Django calls `server_error` (handler500) from inside the failing request's except
block, so the exception is still at hand; nothing here touches the database or the session."""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import defaults

RETRY_AFTER_SECONDS = 60
SUPPORTED = {code for code, _name in settings.LANGUAGES}


def _language(request: HttpRequest) -> str:
    asked = request.GET.get("lang", "")
    if asked in SUPPORTED:
        return asked
    return translation.get_language_from_request(request, check_path=True)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    language = _language(request)
    with translation.override(language):
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {
                    "detail": _(
                        "The portal is temporarily unavailable. Nothing was changed; please try again "
                        "in a minute."
                    ),
                    "code": "service_unavailable",
                },
                status=503,
            )
        else:
            html = render_to_string("503.html", {"LANGUAGE_CODE": language})
            response = HttpResponse(html, status=503)
        response["Content-Language"] = language
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return service_unavailable(request)
    return defaults.server_error(request)
