"""Atom feeds of the public register (Django's syndication framework): an agency, a region, a
search, one published appeal. Public, and built only from the register's selectors, so they hold
what the register shows and nothing more: masked subjects and texts, names of bodies, statuses,
answers as published; no author, no citizen. A withdrawn publication is not live, so it leaves
every feed at once (and the appeal's own feed answers 404)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from appeals.models import PublicationQuerySet
from appeals.register.selectors import (
    FILTER_PARAMS,
    RegisterEntry,
    published_appeals,
    register_entries,
    register_entry,
    register_filter,
    register_filters_from,
)
from appeals.subscriptions.targets import Target, describe_search, normalise_search
from officials.models import Agency, Region
from portal.domain_errors import DomainError, InvalidInput, http_status

FEED_ITEMS = 30


def _language() -> str:
    return (get_language() or "kk").split("-")[0]


class _RegisterFeed(Feed):
    feed_type = Atom1Feed
    # RFC 4287 asks for an author of the feed: the portal, never the citizen.
    author_name = "Dialog"

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A feed is read, never written to; a bad search or path is the reader's mistake: a
        # clear 4xx, never a 500.
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        try:
            return super().__call__(request, *args, **kwargs)
        except DomainError as error:
            return render(
                request, "subscriptions/refused.html", {"message": str(error)}, status=http_status(error)
            )

    def _entries(self, publications: PublicationQuerySet) -> list[RegisterEntry]:
        return register_entries(publications.order_by("-changed_at", "-id")[:FEED_ITEMS])

    def item_title(self, entry: RegisterEntry) -> str:
        return f"{entry.tracking_number}: {entry.subject}"

    def item_description(self, entry: RegisterEntry) -> str:
        parts = (entry.agency_name, entry.region_name, entry.appeal_type_label)
        where = " · ".join(escape(part) for part in parts)
        facts = [
            f"<p>{where}</p>",
            f"<p>{escape(_('Status'))}: {escape(entry.status_label)}</p>",
            str(entry.text_html),
        ]
        return "\n".join(facts)

    def item_link(self, entry: RegisterEntry) -> str:
        return reverse("register:detail", args=[entry.tracking_number])

    def item_pubdate(self, entry: RegisterEntry) -> dt.datetime:
        return entry.published_at

    def item_updateddate(self, entry: RegisterEntry) -> dt.datetime:
        return entry.changed_at


class AgencyFeed(_RegisterFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Agency:  # type: ignore[override]
        return get_object_or_404(Agency, slug=slug)

    def title(self, agency: Agency) -> str:
        return _("Register: appeals to %(agency)s") % {"agency": agency.name_in(_language())}

    def link(self, agency: Agency) -> str:
        return reverse("register:agency", args=[agency.slug])

    def items(self, agency: Agency) -> list[RegisterEntry]:
        return self._entries(published_appeals().filter(appeal__agency=agency))


class RegionFeed(_RegisterFeed):
    def get_object(self, request: HttpRequest, code: str) -> Region:  # type: ignore[override]
        return get_object_or_404(Region, code=code)

    def title(self, region: Region) -> str:
        return _("Register: appeals about %(region)s") % {"region": region.name_in(_language())}

    def link(self, region: Region) -> str:
        return reverse("register:list") + "?" + urlencode({"region": region.code})

    def items(self, region: Region) -> list[RegisterEntry]:
        return self._entries(published_appeals().filter(appeal__region=region))


class SearchFeed(_RegisterFeed):
    def get_object(self, request: HttpRequest) -> Target:  # type: ignore[override]
        unknown = set(request.GET) - set(FILTER_PARAMS)
        if unknown:
            raise InvalidInput(_("Unknown parameter: %(name)s.") % {"name": sorted(unknown)[0][:50]})
        return Target(kind="search", query=normalise_search(request.GET))

    def title(self, target: Target) -> str:
        return _("Register: %(search)s") % {"search": describe_search(target.query, _language())}

    def link(self, target: Target) -> str:
        query = urlencode(target.query)
        return reverse("register:list") + (f"?{query}" if query else "")

    def items(self, target: Target) -> list[RegisterEntry]:
        return self._entries(register_filter(published_appeals(), register_filters_from(target.query)))


@dataclass(frozen=True)
class _Step:
    """One item of an appeal's feed: a step of its public timeline."""

    entry: RegisterEntry
    index: int
    kind: str
    label: str
    at: dt.datetime


class AppealFeed(_RegisterFeed):
    def get_object(self, request: HttpRequest, tracking_number: str) -> RegisterEntry:  # type: ignore[override]
        entry = register_entry(tracking_number[:32])
        if entry is None:
            raise Http404
        return entry

    def title(self, entry: RegisterEntry) -> str:
        return _("Register: appeal %(number)s") % {"number": entry.tracking_number}

    def subtitle(self, entry: RegisterEntry) -> str:
        return entry.subject

    def link(self, entry: RegisterEntry) -> str:
        return reverse("register:detail", args=[entry.tracking_number])

    def items(self, entry: RegisterEntry) -> list[_Step]:  # type: ignore[override]
        steps = [
            _Step(entry=entry, index=index, kind=event.kind, label=event.label, at=event.at)
            for index, event in enumerate(entry.timeline)
        ]
        return list(reversed(steps))[:FEED_ITEMS]

    def item_title(self, step: _Step) -> str:  # type: ignore[override]
        return f"{step.entry.tracking_number}: {step.label}"

    def item_description(self, step: _Step) -> str:  # type: ignore[override]
        if step.kind == "answered":
            answers = [
                answer for answer in step.entry.answers if answer.sent_at <= step.at + dt.timedelta(seconds=5)
            ]
            shown = [str(answer.html) for answer in answers if not answer.withheld]
            if shown:
                return "\n".join(shown)
            return f"<p>{escape(_('The agency answered; the answer is not published.'))}</p>"
        return f"<p>{escape(step.label)}</p>"

    def item_link(self, step: _Step) -> str:  # type: ignore[override]
        return reverse("register:detail", args=[step.entry.tracking_number])

    def item_guid(self, step: _Step) -> str:
        return f"{self.item_link(step)}#step-{step.index}"

    def item_guid_is_permalink(self, step: _Step) -> bool:
        return False

    def item_pubdate(self, step: _Step) -> dt.datetime:  # type: ignore[override]
        return step.at

    def item_updateddate(self, step: _Step) -> dt.datetime:  # type: ignore[override]
        return step.at
