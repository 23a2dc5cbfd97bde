"""The GeoReport v2 methods. Each view reads its parameters, calls the catalogue, the register's
selectors or `appeal_file`, and renders the specification's document; every refusal, whatever
raised it, is the specification's error document in the format of the address, with the
specification's status (404 what does not exist, 403 a missing or wrong api_key, 400 the rest;
405, 429 where HTTP says so). No cookie or session is read: reads are public and a filing is
authenticated by its api_key alone, so no CSRF token is asked for."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from appeals.open311 import catalogue, filing, params, register
from appeals.open311.errors import ErrorItem, Open311Error, bad_request, from_domain_error, not_found
from appeals.open311.formats import FORMATS, MEDIA_TYPES, render, render_errors
from portal.domain_errors import DomainError
from portal.idempotency import HEADER as IDEMPOTENCY_HEADER
from portal.idempotency import respond_idempotently
from portal.ratelimit import rate_limit

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this endpoint's description or its service definitions last changed shape (the
# discovery document's changeset): clients refresh what they cached when it moves.
CHANGESET = "2026-11-30 00:00"
READ = ("GET", "HEAD")
WRITE = ("POST",)

View = Callable[..., HttpResponse]


@contextlib.contextmanager
def _language(request: HttpRequest) -> Iterator[None]:
    asked = (
        params.language(request.GET, request.POST)
        if request.method == "POST"
        else params.language(request.GET)
    )
    if asked is None:
        yield
    else:
        with translation.override(asked):
            yield


def _refused(fmt: str, error: Open311Error) -> HttpResponse:
    response = render_errors(fmt, error.status, error.items)
    if error.retry_after is not None:
        response["Retry-After"] = str(error.retry_after)
    return response


def _too_many(message: str, retry_after: int) -> Open311Error:
    return Open311Error(429, message, code="rate_limited", retry_after=retry_after)


def georeport(*methods: str) -> Callable[[View], View]:
    """Format, method, language, jurisdiction and the per-address limit, checked the same way
    for every method; any refusal rendered as the specification's error document."""

    def decorate(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
            if fmt not in FORMATS:
                return _refused("xml", _format_missing())
            response: HttpResponse
            try:
                with _language(request):
                    try:
                        response = _checked(view, methods, request, *args, fmt=fmt, **kwargs)
                    except Open311Error as error:
                        response = _refused(fmt, error)
                    except DomainError as error:
                        response = _refused(fmt, from_domain_error(error))
            except Open311Error as error:  # an unknown `lang`: refused in the default language
                response = _refused(fmt, error)
            if response.status_code == 405:
                response["Allow"] = ", ".join(methods)
            response["Vary"] = "Accept-Language"
            return response

        return wrapper

    return decorate


def _checked(
    view: View, methods: tuple[str, ...], request: HttpRequest, *args: Any, **kwargs: Any
) -> HttpResponse:
    if request.method not in methods:
        raise Open311Error(
            405,
            _("This address answers %(methods)s only.") % {"methods": ", ".join(methods)},
        )
    refusal = rate_limit(request, "open311")
    if refusal is not None:
        raise _too_many(
            _("Too many requests from your address. Try again in %(minutes)d minutes.")
            % {"minutes": refusal.retry_minutes},
            refusal.retry_after,
        )
    params.check_jurisdiction(request.GET)
    return view(request, *args, **kwargs)


def _format_missing() -> Open311Error:
    return bad_request(
        _("Add the format to the address: .json or .xml (for example services.json or services.xml).")
    )


# --- discovery ---------------------------------------------------------------------------------


@georeport(*READ)
def discovery(request: HttpRequest, *, fmt: str) -> HttpResponse:
    params.check_known(request.GET, params.COMMON)
    base = settings.PORTAL_BASE_URL.rstrip("/")
    document = {
        "changeset": CHANGESET,
        "contact": _("Write to %(email)s.") % {"email": settings.DIALOG_CONTACT_EMAIL},
        "key_service": _(
            "The api_key is a citizen's API token. Sign up at %(sign_up)s, confirm your e-mail "
            "address and complete your profile, then get the token with POST %(token)s (your "
            "e-mail address and password)."
        )
        % {"sign_up": base + reverse("accounts:sign_up"), "token": base + reverse("api:auth-token")},
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base + reverse("open311:root", kwargs={"rest": ""}).rstrip("/"),
                "changeset": CHANGESET,
                "type": "test" if settings.DEBUG else "production",
                "formats": list(MEDIA_TYPES),
            }
        ],
    }
    return render(fmt, "discovery", document)


# --- services ----------------------------------------------------------------------------------


@georeport(*READ)
def services(request: HttpRequest, *, fmt: str) -> HttpResponse:
    params.check_known(request.GET, params.COMMON)
    return render(
        fmt, "services", catalogue.service_list(translation.get_language() or settings.LANGUAGE_CODE)
    )


@georeport(*READ)
def service_definition(request: HttpRequest, code: str, *, fmt: str) -> HttpResponse:
    params.check_known(request.GET, params.COMMON)
    service = catalogue.find_service(code)
    if service is None:
        raise not_found(
            _("The service_code “%(code)s” was not found; services.json lists them.")
            % {"code": code[: params.PARAMETER_NAME_LIMIT]}
        )
    language = translation.get_language() or settings.LANGUAGE_CODE
    return render(fmt, "service_definition", catalogue.service_definition(service, language))


# --- requests ----------------------------------------------------------------------------------


@georeport(*READ, *WRITE)
def requests(request: HttpRequest, *, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    params.check_known(request.GET, (*params.COMMON, *register.LIST_PARAMETERS))
    rows, next_page = register.request_list(request.GET, now=timezone.now())
    response = render(fmt, "service_requests", rows)
    if next_page is not None:
        query = request.GET.copy()
        query["page"] = str(next_page)
        response["Link"] = f'<{request.build_absolute_uri(request.path)}?{query.urlencode()}>; rel="next"'
    return response


@georeport(*READ)
def request_detail(request: HttpRequest, request_id: str, *, fmt: str) -> HttpResponse:
    params.check_known(request.GET, params.COMMON)
    row = register.request_detail(request_id)
    if row is None:
        raise not_found(
            _("The service request “%(id)s” was not found in the public register.")
            % {"id": request_id[: params.PARAMETER_NAME_LIMIT]}
        )
    return render(fmt, "service_requests", [row])


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    if "api_key" in request.GET:
        raise bad_request(
            _("Send api_key in the body of the POST, not in the address: addresses end up in logs.")
        )
    params.check_known(request.GET, ("jurisdiction_id", "lang"))
    if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        raise bad_request(_("Send the report as application/x-www-form-urlencoded, as GeoReport v2 asks."))
    form = request.POST
    filing.check_fields(form)
    params.check_jurisdiction(form)
    citizen = filing.citizen_for(params.single(form, "api_key"))
    details = filing.read_filing(filing.find_service(form), form)
    key = _client_key(request, details.client_request_id)

    def file_once() -> HttpResponse:
        refusal = rate_limit(request, "file_appeal", account=str(citizen.pk))
        if refusal is not None:
            raise _too_many(
                _("Too many appeals filed. Try again in %(minutes)d minutes.")
                % {"minutes": refusal.retry_minutes},
                refusal.retry_after,
            )
        appeal = filing.file_appeal(citizen, details)
        return render(fmt, "service_requests", filing.created(appeal, publish=details.publish), status=201)

    def refuse(message: str, code: str, status: int) -> HttpResponse:
        return render_errors(fmt, status, [ErrorItem(code, message)])

    return respond_idempotently(request, user=citizen, key=key, run=file_once, refuse=refuse)


def _client_key(request: HttpRequest, from_attribute: str) -> str | None:
    """The client's own id of this report: the Idempotency-Key header (as the rest of the
    portal's API) or attribute[client_request_id] (what a GeoReport client can send)."""
    from_header = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if from_header and from_attribute and from_header != from_attribute:
        raise bad_request(_("The Idempotency-Key header and attribute[client_request_id] differ."))
    return from_header or from_attribute or None


# --- anything else under /open311/v2/ ----------------------------------------------------------

RESOURCES = ("discovery", "services", "requests")


@csrf_exempt
def fallback(request: HttpRequest, rest: str) -> HttpResponse:
    """An address no method has: 400 when only the format is missing or wrong (services,
    requests/DLG-2026-000001.html), 404 otherwise; in JSON when the address asked for it."""
    fmt = "json" if rest.endswith(".json") else "xml"
    head = rest.split("/", 1)[0].split(".", 1)[0]
    if rest.endswith((".json", ".xml")) or head not in RESOURCES:
        error = not_found(_("There is no such GeoReport v2 method. Start at discovery.xml or services.xml."))
    else:
        error = _format_missing()
    response = _refused(fmt, error)
    response["Vary"] = "Accept-Language"
    return response
