"""Where the Atom feed of a target lives (the account page and the follow buttons link to it)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode

from appeals.models.subscriptions import SubscriptionTarget
from appeals.subscriptions.targets import Target


def feed_path(target: Target) -> str:
    if target.agency is not None:
        return reverse("feeds:agency", args=[target.agency.slug])
    if target.region is not None:
        return reverse("feeds:region", args=[target.region.code])
    if target.publication is not None:
        return reverse("feeds:appeal", args=[target.publication.appeal.tracking_number])
    assert target.kind == SubscriptionTarget.SEARCH
    query = urlencode(target.query)
    return reverse("feeds:search") + (f"?{query}" if query else "")
