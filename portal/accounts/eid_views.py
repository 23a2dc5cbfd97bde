"""Sign-in with the national identity provider: the start (off to the provider) and the
callback (back with a code). Both live outside the language prefix, so the provider knows one
redirect address; the citizen's language travels in the session.

Every way the round trip can fail ends on a page that says what happened and offers the
e-mail and password sign-in — a wrong or replayed state, a code the provider no longer
accepts, a provider that is down, an identity the portal cannot use — never a 500.
"""

from __future__ import annotations

import logging

import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from portal.accounts.eid_provider import ProviderUnavailable, provider_endpoints
from portal.accounts.identity import IdentityRefused

logger = logging.getLogger(__name__)

LANGUAGE_KEY = "eid_language"


def _require_enabled() -> None:
    if not settings.OIDC_ENABLED:
        raise Http404


def _failure(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    return render(
        request,
        "accounts/eid_failed.html",
        {"message": message, "login_url": reverse("accounts:login")},
        status=status,
    )


def _provider_down(request: HttpRequest, error: Exception) -> HttpResponse:
    logger.warning("eID provider unavailable: %s", error)
    return _failure(
        request,
        _(
            "The national identity provider is not answering just now. Try again in a few "
            "minutes, or sign in with your e-mail address and password."
        ),
        status=503,
    )


class EIDStartView(OIDCAuthenticationRequestView):
    def __init__(self, **kwargs: object) -> None:
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request: HttpRequest) -> HttpResponse:
        _require_enabled()
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_endpoints().authorization_endpoint
        except ProviderUnavailable as error:
            return _provider_down(request, error)
        request.session[LANGUAGE_KEY] = translation.get_language()
        response: HttpResponse = super().get(request)
        return response


class EIDCallbackView(OIDCAuthenticationCallbackView):
    def get(self, request: HttpRequest) -> HttpResponse:
        _require_enabled()
        language = request.session.get(LANGUAGE_KEY) or translation.get_language()
        with translation.override(language):
            response = self._get(request)
            response.headers.setdefault("Content-Language", language)
        return response

    def _get(self, request: HttpRequest) -> HttpResponse:
        if request.GET.get("state") not in request.session.get("oidc_states", {}):
            # Not a state this browser was given (missing, forged, replayed, or another
            # browser's): nothing is sent to the provider, nobody is signed in, and a session
            # the browser already has is left alone (a link must not sign anyone out).
            return _failure(
                request,
                _(
                    "This sign-in link is not valid: it was already used, or did not start in "
                    "this browser. Start again from the sign-in page."
                ),
                status=400,
            )
        try:
            response: HttpResponse = super().get(request)
        except IdentityRefused as refusal:
            return _failure(request, refusal.message, status=403)
        except (ProviderUnavailable, requests.ConnectionError, requests.Timeout) as error:
            return _provider_down(request, error)
        except (requests.RequestException, SuspiciousOperation, ValueError) as error:
            # The provider refused the code (expired, already used) or sent a token that does
            # not verify.
            logger.warning("eID sign-in refused: %s", error)
            return self._refused(request)
        return response

    def _refused(self, request: HttpRequest) -> HttpResponse:
        return _failure(
            request,
            _(
                "The identity provider did not confirm this sign-in (the link may have expired "
                "or been used already). Start again from the sign-in page."
            ),
            status=400,
        )

    def login_failure(self) -> HttpResponse:
        # The provider answered with an error (the citizen cancelled, or it refused).
        return self._refused(self.request)

    def login_success(self) -> HttpResponse:
        super().login_success()
        messages.success(self.request, _("You are signed in with eGov ID."))
        self.request.session.pop(LANGUAGE_KEY, None)
        return HttpResponseRedirect(self.success_url)

    @property
    def success_url(self) -> str:
        target = self.request.session.get("oidc_login_next")
        return target or resolve_url(settings.LOGIN_REDIRECT_URL)
