"""The pages of following: the follow form (one click when signed in), the confirmation and
unsubscribe links from e-mails, and the account's list of subscriptions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from appeals.subscriptions.feed_paths import feed_path
from appeals.subscriptions.forms import FollowForm, FrequencyForm
from appeals.subscriptions.selectors import account_subscriptions
from appeals.subscriptions.services import (
    subscription_confirm,
    subscription_end,
    subscription_follow,
    subscription_request,
    subscription_set_frequency,
)
from appeals.subscriptions.targets import describe, describe_target, resolve_target
from appeals.subscriptions.tokens import subscription_to_confirm, subscription_to_end
from portal.accounts.models import User
from portal.domain_errors import DomainError, http_status
from portal.ratelimit import rate_limit, too_many_requests


def _language() -> str:
    return (get_language() or "kk").split("-")[0]


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed and "\x00" not in target else ""


def _refused(request: HttpRequest, error: DomainError) -> HttpResponse:
    return render(request, "subscriptions/refused.html", {"message": str(error)}, status=http_status(error))


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest) -> HttpResponse:
    """Follow what the parameters name. Signed in: the button posts here and it is done; not
    signed in: this page asks for an address and mails a confirmation link."""
    params = request.POST if request.method == "POST" else request.GET
    try:
        target = resolve_target(params)
    except DomainError as error:
        return _refused(request, error)
    user: User = request.user  # type: ignore[assignment]
    signed_in = user.is_authenticated
    form = FollowForm(request.POST if request.method == "POST" else None, with_email=not signed_in)
    if request.method == "POST":
        account = str(user.pk) if signed_in else str(request.POST.get("email", "")).strip().lower()
        refusal = rate_limit(request, "subscribe", account=account)
        if refusal:
            return too_many_requests(request, refusal)
        if form.is_valid():
            try:
                if signed_in:
                    subscription = subscription_follow(
                        actor=user,
                        target=target,
                        frequency=form.cleaned_data["frequency"],
                        language=_language(),
                    )
                else:
                    subscription_request(
                        actor=None,
                        email=form.cleaned_data["email"],
                        target=target,
                        frequency=form.cleaned_data["frequency"],
                        language=_language(),
                    )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                if not signed_in or subscription.confirmed_at is None:
                    return render(
                        request,
                        "subscriptions/check_email.html",
                        {"what": describe_target(target, _language())},
                    )
                messages.success(
                    request, _("You now follow %(what)s.") % {"what": describe(subscription, _language())}
                )
                return HttpResponseRedirect(_safe_next(request) or reverse("subscriptions:list"))
    return render(
        request,
        "subscriptions/follow.html",
        {
            "form": form,
            "target": target,
            "target_params": target.params(),
            "what": describe_target(target, _language()),
            "feed_url": feed_path(target),
            "next": _safe_next(request),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the confirmation e-mail. Opening it shows a button (mail scanners open links
    too, and must not subscribe anyone); the button confirms."""
    subscription = subscription_to_confirm(token)
    if subscription is None:
        return render(request, "subscriptions/link_failed.html", status=400)
    what = describe(subscription, _language())
    if request.method == "POST":
        try:
            subscription_confirm(
                actor=request.user if request.user.is_authenticated else None, subscription=subscription
            )  # type: ignore[arg-type]
        except DomainError as error:
            return _refused(request, error)
        return render(request, "subscriptions/confirmed.html", {"what": what})
    return render(
        request,
        "subscriptions/confirm.html",
        {"what": what, "already": subscription.confirmed_at is not None},
    )


@csrf_exempt  # the signed token is the authority; RFC 8058's one-click POST carries no cookie
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The unsubscribe link of every e-mail (in its body and its List-Unsubscribe header). A
    GET shows what will end and a button; a POST (the button, or the mail client's one-click
    `List-Unsubscribe=One-Click`) ends it. No sign-in is needed."""
    subscription = subscription_to_end(token)
    if subscription is None:
        return render(request, "subscriptions/link_failed.html", {"unsubscribe": True}, status=400)
    what = describe(subscription, _language())
    if request.method == "POST":
        subscription_end(actor=None, subscription_id=subscription.pk, by_token=True)
        return render(request, "subscriptions/unsubscribed.html", {"what": what})
    return render(request, "subscriptions/unsubscribe.html", {"what": what})


@login_required
def subscription_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    rows = [
        (row, FrequencyForm(prefix=f"s{row.id}", initial={"frequency": row.frequency}))
        for row in account_subscriptions(user, _language())
    ]
    return render(request, "subscriptions/list.html", {"rows": rows})


@login_required
@require_POST
def frequency(request: HttpRequest, subscription_id: int) -> HttpResponse:
    form = FrequencyForm(request.POST, prefix=f"s{subscription_id}")
    if not form.is_valid():
        messages.error(request, _("Choose how often to receive e-mails."))
        return redirect("subscriptions:list")
    try:
        subscription_set_frequency(
            actor=request.user,  # type: ignore[arg-type]
            subscription_id=subscription_id,
            frequency=form.cleaned_data["frequency"],
        )
    except DomainError as error:
        return _refused(request, error)
    messages.success(request, _("Saved: we will write as you chose."))
    return redirect("subscriptions:list")


@login_required
@require_POST
def end(request: HttpRequest, subscription_id: int) -> HttpResponse:
    try:
        subscription_end(actor=request.user, subscription_id=subscription_id, by_token=False)  # type: ignore[arg-type]
    except DomainError as error:
        return _refused(request, error)
    messages.success(request, _("You no longer follow it. We will not write about it again."))
    return redirect("subscriptions:list")
