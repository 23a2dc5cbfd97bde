"""`{% follow_button %}`: the register's "Follow" button and feed link, for one target:
`agency=<slug>`, `region=<code>`, `appeal=<tracking number>`, or `search=request.GET`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language

from appeals.models.subscriptions import Subscription, SubscriptionTarget
from appeals.subscriptions.feed_paths import feed_path
from appeals.subscriptions.selectors import owned_by
from appeals.subscriptions.targets import SEARCH_KEYS, Target, describe_target, resolve_target
from portal.domain_errors import DomainError

register = template.Library()


def _params(agency: Any, region: Any, appeal: Any, search: Mapping[str, str] | None) -> dict[str, str]:
    if agency:
        return {"target": SubscriptionTarget.AGENCY, "agency": str(getattr(agency, "slug", agency))}
    if region:
        return {"target": SubscriptionTarget.REGION, "region": str(getattr(region, "code", region))}
    if appeal:
        return {"target": SubscriptionTarget.APPEAL, "appeal": str(appeal)}
    query = {key: str(search.get(key, "")) for key in SEARCH_KEYS} if search is not None else {}
    return {"target": SubscriptionTarget.SEARCH, **query}


@register.inclusion_tag("subscriptions/includes/follow_button.html", takes_context=True)
def follow_button(
    context: template.Context,
    *,
    agency: Any = None,
    region: Any = None,
    appeal: Any = None,
    search: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    request = context.get("request")
    try:
        target: Target = resolve_target(_params(agency, region, appeal, search))
    except DomainError:
        return {"hidden": True}
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    following = (
        signed_in and Subscription.objects.filter(owned_by(user), target_key=target.key).exists()  # type: ignore[arg-type]
    )
    params = target.params()
    next_url = request.get_full_path() if request is not None else ""
    return {
        "hidden": False,
        "signed_in": signed_in,
        "following": following,
        "params": params,
        "csrf_token": context.get("csrf_token"),
        "next": next_url,
        "what": describe_target(target, (get_language() or "kk").split("-")[0]),
        "follow_url": reverse("subscriptions:follow") + "?" + urlencode({**params, "next": next_url}),
        "feed_url": feed_path(target),
    }
