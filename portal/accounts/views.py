"""The citizen's account pages: sign up, verify the e-mail address, sign in and out, reset the
password, and the profile the law asks for before an appeal can be filed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.forms import (
    GovukPasswordResetForm,
    GovukSetPasswordForm,
    LoginForm,
    ProfileForm,
    SignUpForm,
)
from portal.accounts.models import CitizenProfile, User
from portal.accounts.services import (
    account_resend_verification,
    account_sign_up,
    account_verify_email,
    profile_update,
)
from portal.accounts.tokens import email_verification_token, user_from_uid
from portal.ratelimit import rate_limit, too_many_requests


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        refusal = rate_limit(request, "signup")
        if refusal:
            return too_many_requests(request, refusal)
        if form.is_valid():
            try:
                account_sign_up(
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password"],
                    language=get_language() or "kk",
                    base_url=base_url(request),
                )
            except ValidationError as error:
                form.add_error("password", error)
            else:
                request.session["signup_email"] = form.cleaned_data["email"]
                return redirect("accounts:check_email")
    return render(request, "accounts/sign_up.html", {"form": form, "next": safe_next(request)})


def check_email(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/check_email.html", {"email": request.session.get("signup_email", "")})


def verify_email(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = user_from_uid(uidb64)
    if user is not None and user.email_verified_at is not None:
        return render(request, "accounts/email_verified.html", {"already": True})
    if user is None or not email_verification_token.check_token(user, token):
        return render(request, "accounts/verify_failed.html", status=400)
    account_verify_email(user=user)
    return render(request, "accounts/email_verified.html", {"already": False})


@login_required
@require_POST
def resend_verification(request: HttpRequest) -> HttpResponse:
    refusal = rate_limit(request, "verification_email")
    if refusal:
        return too_many_requests(request, refusal)
    user: User = request.user  # type: ignore[assignment]
    if account_resend_verification(actor=user, base_url=base_url(request)):
        messages.success(
            request, _("We have sent a new link to %(email)s. It works for 3 days.") % {"email": user.email}
        )
    target = safe_next(request) or reverse("accounts:profile")
    return HttpResponseRedirect(target)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["eid_enabled"] = settings.OIDC_ENABLED
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refusal = rate_limit(request, "sign_in")
        if refusal:
            return too_many_requests(request, refusal)
        return super().post(request, *args, **kwargs)


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have signed out."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = GovukPasswordResetForm
    email_template_name = "emails/password_reset.txt"
    subject_template_name = "emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refusal = rate_limit(request, "password_reset")
        if refusal:
            return too_many_requests(request, refusal)
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = GovukSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    existing = CitizenProfile.objects.filter(user=user).first()
    initial = {
        "full_name": user.full_name,
        "preferred_language": user.preferred_language,
        **(
            {"iin": existing.iin, "postal_address": existing.postal_address, "phone": existing.phone}
            if existing
            else {}
        ),
    }
    form = ProfileForm(request.POST or None, user=user, initial=initial)
    if existing is not None and existing.identity_verified_at is not None:
        # Confirmed by the identity provider: shown, not editable (profile_update refuses too).
        form.fields["full_name"].disabled = True
        form.fields["iin"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            profile_update(actor=user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Your details are saved."))
            return HttpResponseRedirect(safe_next(request) or reverse("accounts:profile"))
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "profile": existing, "next": safe_next(request), "eid_enabled": settings.OIDC_ENABLED},
    )
