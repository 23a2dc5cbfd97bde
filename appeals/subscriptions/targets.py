"""What a subscription follows: parsing it from a request, its one comparable key, its name in a
language, and the live publications it covers (the e-mails, the digests and the feeds read it)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from appeals.models import AppealStatus, AppealType, Publication, PublicationQuerySet
from appeals.models.subscriptions import Subscription, SubscriptionTarget
from appeals.register.search import MAX_QUERY_LENGTH
from appeals.register.selectors import (
    FILTER_PARAMS,
    STATUS_FILTERS,
    published_appeals,
    register_filter,
    register_filters_from,
)
from officials.models import Agency, Region
from portal.domain_errors import InvalidInput
from portal.masking import plain_masked

# A search is the register's own filters, nothing else (so the key of a search is stable).
SEARCH_KEYS = FILTER_PARAMS


@dataclass(frozen=True)
class Target:
    """A thing to follow, resolved: exactly one of the objects, or a search."""

    kind: str
    agency: Agency | None = None
    region: Region | None = None
    publication: Publication | None = None
    query: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        if self.kind == SubscriptionTarget.SEARCH:
            canonical = json.dumps(self.query, sort_keys=True, ensure_ascii=False)
            return f"search:{hashlib.sha256(canonical.encode()).hexdigest()}"
        obj = self.agency or self.region or self.publication
        assert obj is not None
        return f"{self.kind}:{obj.pk}"

    def params(self) -> dict[str, str]:
        """The request parameters naming this target (`resolve_target` reads them back)."""
        if self.agency is not None:
            return {"target": self.kind, "agency": self.agency.slug}
        if self.region is not None:
            return {"target": self.kind, "region": self.region.code}
        if self.publication is not None:
            return {"target": self.kind, "appeal": self.publication.appeal.tracking_number}
        return {"target": self.kind, **self.query}

    def fields(self) -> dict[str, object]:
        """The subscription's columns for this target."""
        return {
            "target": self.kind,
            "target_key": self.key,
            "agency": self.agency,
            "region": self.region,
            "publication": self.publication,
            "query": self.query,
        }


def normalise_search(params: Mapping[str, str]) -> dict[str, str]:
    """The register's filters from query parameters: checked by the register itself (a clear
    InvalidInput otherwise), then kept as their non-empty, trimmed text."""
    for key in SEARCH_KEYS:
        if "\x00" in str(params.get(key, "") or ""):
            raise InvalidInput(_("The search contains a character that is not allowed."))
    register_filters_from({key: str(params.get(key, "") or "") for key in SEARCH_KEYS})
    query: dict[str, str] = {}
    for key in SEARCH_KEYS:
        value = str(params.get(key, "") or "").strip()
        if value:
            query[key] = value[:MAX_QUERY_LENGTH]
    return query


def resolve_target(params: Mapping[str, str]) -> Target:
    """The target named by request parameters: `target` (agency, region, appeal, search) and
    `agency` (slug), `region` (code), `appeal` (tracking number) or the search's filters."""
    kind = str(params.get("target", "") or "")
    if kind == SubscriptionTarget.AGENCY:
        agency = Agency.objects.filter(slug=str(params.get("agency", ""))).first()
        if agency is None:
            raise InvalidInput(_("There is no such agency."))
        return Target(kind=kind, agency=agency)
    if kind == SubscriptionTarget.REGION:
        region = Region.objects.filter(code=str(params.get("region", ""))).first()
        if region is None:
            raise InvalidInput(_("There is no such region."))
        return Target(kind=kind, region=region)
    if kind == SubscriptionTarget.APPEAL:
        number = str(params.get("appeal", "")).upper()
        publication = Publication.objects.live().filter(appeal__tracking_number=number).first()
        if publication is None:
            raise InvalidInput(_("There is no such appeal in the register."))
        return Target(kind=kind, publication=publication)
    if kind == SubscriptionTarget.SEARCH:
        return Target(kind=kind, query=normalise_search(params))
    raise InvalidInput(_("Choose what to follow: an agency, a region, a search or an appeal."))


def search_publications(query: Mapping[str, str]) -> PublicationQuerySet:
    """The live publications a saved search finds now (the register's own filters). A search
    whose agency or region has since gone finds nothing rather than everything."""
    try:
        filters = register_filters_from(dict(query))
    except InvalidInput:
        return Publication.objects.none()
    return register_filter(published_appeals(), filters)


def live_publications(subscription: Subscription) -> PublicationQuerySet:
    """The live publications `subscription` covers, as a queryset."""
    live = Publication.objects.live()
    if subscription.target == SubscriptionTarget.AGENCY:
        return live.filter(appeal__agency=subscription.agency)
    if subscription.target == SubscriptionTarget.REGION:
        return live.filter(appeal__region=subscription.region)
    if subscription.target == SubscriptionTarget.APPEAL:
        return live.filter(pk=subscription.publication_id or 0)
    return search_publications(subscription.query)


def covering_q(publication: Publication) -> Q:
    """Subscriptions following `publication` by agency, region or the appeal itself (searches
    are matched one by one, `search_covers`)."""
    appeal = publication.appeal
    return (
        Q(target=SubscriptionTarget.AGENCY, agency_id=appeal.agency_id)
        | Q(target=SubscriptionTarget.REGION, region_id=appeal.region_id)
        | Q(target=SubscriptionTarget.APPEAL, publication_id=publication.pk)
    )


def search_covers(query: Mapping[str, str], publication_id: int) -> bool:
    return search_publications(query).filter(pk=publication_id).exists()


def describe(subscription: Subscription, language: str) -> str:
    """What is followed, in words of `language` (no personal data: names of bodies, masked subjects)."""
    return describe_target(target_of(subscription), language)


def describe_target(target: Target, language: str) -> str:
    with translation.override(language):
        if target.agency is not None:
            return _("appeals to %(agency)s") % {"agency": target.agency.name_in(language)}
        if target.region is not None:
            return _("appeals about %(region)s") % {"region": target.region.name_in(language)}
        if target.publication is not None:
            publication = target.publication
            if not publication.is_live:  # withdrawn: its words are no longer public
                return _("appeal %(number)s (no longer in the register)") % {
                    "number": publication.appeal.tracking_number
                }
            return _("appeal %(number)s: %(subject)s") % {
                "number": publication.appeal.tracking_number,
                "subject": plain_masked(publication.public_subject),
            }
        return describe_search(target.query, language)


def describe_search(query: Mapping[str, str], language: str) -> str:
    with translation.override(language):
        parts = []
        if query.get("q"):
            parts.append(_("“%(words)s”") % {"words": query["q"]})
        if query.get("agency"):
            agency = Agency.objects.filter(slug=query["agency"]).first()
            parts.append(agency.name_in(language) if agency else query["agency"])
        if query.get("region"):
            region = Region.objects.filter(code=query["region"]).first()
            parts.append(region.name_in(language) if region else query["region"])
        if query.get("appeal_type"):
            parts.append(str(AppealType(query["appeal_type"]).label))
        if query.get("status"):
            parts.append(_status_label(query["status"]))
        if query.get("date_from") or query.get("date_to"):
            parts.append(
                _("registered from %(start)s to %(end)s")
                % {"start": query.get("date_from", "…"), "end": query.get("date_to", "…")}
            )
        if not parts:
            return _("every appeal in the register")
        return _("register search: %(search)s") % {"search": ", ".join(parts)}


def _status_label(status: str) -> str:
    if status in AppealStatus.values:
        return str(AppealStatus(status).label)
    return _("not answered yet") if status == STATUS_FILTERS[0] else _("overdue")


def target_of(subscription: Subscription) -> Target:
    return Target(
        kind=subscription.target,
        agency=subscription.agency,
        region=subscription.region,
        publication=subscription.publication,
        query=dict(subscription.query),
    )
