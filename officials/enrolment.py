"""Enrolment of a second factor, only through a one-time link bound to one staff account.

`create_official` prints the link (a superuser can issue another from the officials' admin). The
link asks the official to choose a password; using it creates the account's pending authenticator,
which changes what the link's token is computed from, so it works once, and it expires after
`OFFICIAL_ENROLMENT_LINK_TIMEOUT`. The browser that used it holds the enrolment in its session
for `ENROLMENT_SESSION_SECONDS`: only there is the secret and its QR code shown. Confirming a
code from the app signs the official in with a verified second factor and shows recovery codes
once. A password alone never reaches any of this: the sign-in form asks every staff account for
a code, and an account that has none is refused.
"""

from __future__ import annotations

import io
import time
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.models import User

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"
ENROLMENT_SESSION_KEY = "dialog_enrolment"
ENROLMENT_SESSION_SECONDS = 30 * 60


class EnrolmentTokenGenerator(PasswordResetTokenGenerator):
    """Tokens for enrolment links only (their own salt: a password-reset token is not one).

    The hash covers the password and every authenticator device of the account, so choosing the
    password and creating the pending device on first use kill the link, and so does a finished
    enrolment."""

    key_salt = "officials.enrolment.EnrolmentTokenGenerator"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        devices = ",".join(
            str(pk) for pk in TOTPDevice.objects.filter(user=user).order_by("pk").values_list("pk", flat=True)
        )
        return f"{user.pk}|{user.password}|{user.last_login}|{user.is_active}|{devices}|{timestamp}"

    def check_token(self, user: Any, token: str | None) -> bool:
        if not super().check_token(user, token) or token is None:
            return False
        try:
            issued = int(token.split("-")[0], 36)
        except ValueError:
            return False
        return self._num_seconds(self._now()) - issued <= settings.OFFICIAL_ENROLMENT_LINK_TIMEOUT


enrolment_tokens = EnrolmentTokenGenerator()


def enrolment_link(user: User) -> str:
    """The one-time link bound to `user`: valid until used or OFFICIAL_ENROLMENT_LINK_TIMEOUT passes.
    Issuing a new one for an enrolled official replaces their authenticator once it is used."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = enrolment_tokens.make_token(user)
    relative = reverse("admin:otp_enrol_start", kwargs={"uidb64": uidb64, "token": token})
    return settings.PORTAL_BASE_URL.rstrip("/") + relative


def qr_svg(text: str, *, title: str) -> SafeString:
    """The QR code as inline SVG markup, drawn on the server (no script, no external image)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(
        buffer, kind="svg", xmldecl=False, svgns=True, nl=False, scale=5, border=2, title=title
    )
    return mark_safe(buffer.getvalue().decode())  # noqa: S308  (segno's own output, our text escaped by it)


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with fresh ones; each works once."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


class ConfirmCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code shown by the app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, device: TOTPDevice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().replace(" ", "")
        if not code.isdigit() or not self.device.verify_token(code):
            raise forms.ValidationError(
                _("That code does not match. Check the time on your phone and enter the current code."),
                code="invalid_code",
            )
        return code


def _pending_device(request: HttpRequest) -> TOTPDevice | None:
    """The pending authenticator this browser's session is enrolling, if the link was used here
    recently and the account may still enrol."""
    pending = request.session.get(ENROLMENT_SESSION_KEY)
    if not isinstance(pending, dict) or pending.get("expires", 0) < time.time():
        return None
    return (
        TOTPDevice.objects.filter(
            pk=pending.get("device"),
            user_id=pending.get("user"),
            confirmed=False,
            user__is_active=True,
            user__is_staff=True,
        )
        .select_related("user")
        .first()
    )


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    device = _pending_device(request)
    if device is None:
        return redirect("admin:login")
    user = device.user
    form = ConfirmCodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            # The new authenticator replaces any earlier one (a superuser's link after a lost phone).
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            codes = new_recovery_codes(user)
        del request.session[ENROLMENT_SESSION_KEY]
        auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        otp_login(request, device)
        # OTPMiddleware ran for the anonymous request: let it look at the user signed in now.
        OTPMiddleware(lambda request: HttpResponse())._install_lazy_accessors(request)
        return TemplateResponse(
            request,
            "admin/otp/recovery_codes.html",
            {**_context(request), "title": _("Save your recovery codes"), "codes": codes, "first_time": True},
        )
    return TemplateResponse(
        request,
        "admin/otp/enrol.html",
        {
            **_context(request),
            "title": _("Set up your authenticator app"),
            "form": form,
            "qr": qr_svg(device.config_url, title=str(_("QR code for your authenticator app"))),
            "secret": _grouped_secret(device),
        },
        status=400 if request.method == "POST" else 200,
    )


def _grouped_secret(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing it in by hand."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@csrf_protect
@sensitive_post_parameters("new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The one-time link: choose a password, then go on to set up the authenticator."""
    user = _user_from_link(uidb64, token)
    if user is None:
        return TemplateResponse(
            request,
            "admin/otp/link_invalid.html",
            {**_context(request), "title": _("This link no longer works")},
            status=404,
        )
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
        # A fresh session, not signed in: it may only finish this enrolment.
        logout(request)
        request.session[ENROLMENT_SESSION_KEY] = {
            "user": user.pk,
            "device": device.pk,
            "expires": time.time() + ENROLMENT_SESSION_SECONDS,
        }
        return redirect("admin:otp_enrol")
    return TemplateResponse(
        request,
        "admin/otp/set_password.html",
        {**_context(request), "title": _("Choose your password"), "form": form, "email": user.email},
        status=400 if request.method == "POST" else 200,
    )


def _user_from_link(uidb64: str, token: str) -> User | None:
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    if not user.is_active or not user.is_staff or not enrolment_tokens.check_token(user, token):
        return None
    return user


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """A verified official replaces their recovery codes (the old ones stop working)."""
    context: dict[str, Any] = {**_context(request, signed_in=True), "title": _("Recovery codes")}
    if request.method == "POST":
        context["codes"] = new_recovery_codes(request.user)  # type: ignore[arg-type]
    else:
        device = StaticDevice.objects.filter(user=request.user).first()  # type: ignore[misc]
        context["remaining"] = device.token_set.count() if device else 0
    return TemplateResponse(request, "admin/otp/recovery_codes.html", context)


def _context(request: HttpRequest, *, signed_in: bool = False) -> dict[str, Any]:
    from django.contrib import admin

    return {**admin.site.each_context(request), "is_popup": False, "has_permission": signed_in}
