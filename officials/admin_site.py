"""The officials' admin: django-otp's OTPAdminSite with our sign-in and enrolment (the dashboard
is added by `appeals.backoffice.site`).

Every admin page needs a session verified by a second factor (TOTP, or a recovery code). The
sign-in form asks every staff account for a code; one that has no authenticator yet is refused
like a wrong code (it enrols only through its one-time link, `officials.enrolment`). Every wrong
or missing code counts as a failed sign-in towards django-axes' lockout.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite
from django_otp.forms import OTPAuthenticationFormMixin

from officials import enrolment
from officials.models import Official
from portal.ratelimit import rate_limit, too_many_requests


class OfficialAuthenticationForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    """E-mail, password and the code from the authenticator app (or a recovery code), always."""

    otp_token = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": _("Enter the code from your authenticator app."),
        "device_required": _(
            "That code is not valid. Enter the current code from your authenticator app, "
            "or one of your recovery codes."
        ),
        "invalid_token": _(
            "That code is not valid. Enter the current code from your authenticator app, "
            "or one of your recovery codes."
        ),
    }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        try:
            self.clean_otp(user)
        except forms.ValidationError:
            # The password was right but the second factor was not: a failed sign-in all the
            # same, counted by django-axes (per account and address) like a wrong password.
            user_login_failed.send(
                sender=type(self),
                credentials={"username": cleaned.get("username")},
                request=self.request,
            )
            raise
        return cleaned

    def _chosen_device(self, user: Any) -> Any:
        """Six digits are a code from the authenticator; anything else is a recovery code."""
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        token = (self.cleaned_data.get("otp_token") or "").strip()
        self.cleaned_data["otp_token"] = token
        model = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
        return model.objects.filter(user=user, confirmed=True).first()

    def _update_form(self, user: Any) -> None:
        return None  # no device picker: the field stays a plain text box


class DialogAdminSite(OTPAdminSite):
    site_header = _("Dialog — officials")
    site_title = _("Dialog officials")
    index_title = _("Dashboard")
    login_form = OfficialAuthenticationForm
    login_template = "admin/dialog_login.html"
    index_template = "admin/dialog_index.html"
    enable_nav_sidebar = False

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)

    def has_permission(self, request: HttpRequest) -> bool:
        user: Any = request.user
        if not super().has_permission(request):
            return False
        if user.is_superuser:
            return True
        # A deactivated official keeps a staff account for the record but no access.
        official = Official.objects.filter(user=user).only("is_active").first()
        return official is None or official.is_active

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        # The same per-address budget as every other way in with a password (portal.ratelimit).
        if request.method == "POST" and (refusal := rate_limit(request, "sign_in")):
            return too_many_requests(request, refusal)
        return super().login(request, extra_context)

    def get_urls(self) -> list[URLResolver | URLPattern]:
        own = [
            path("enrol/", enrolment.enrol, name="otp_enrol"),
            path(
                "enrol/start/<str:uidb64>/<str:token>/",
                enrolment.start,
                name="otp_enrol_start",
            ),
            path(
                "security/recovery-codes/",
                self.admin_view(enrolment.recovery_codes),
                name="otp_recovery_codes",
            ),
        ]
        return own + super().get_urls()

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        context = super().each_context(request)
        context["recovery_codes_url"] = reverse("admin:otp_recovery_codes", current_app=self.name)
        return context
