"""Every read of the public register. The web pages, the API, subscriptions and Open311 render
the same shapes: `RegisterEntry` (one published appeal) with its `RegisterAnswer`s and
`RegisterEvent`s. Nothing here writes; nothing here returns the citizen, their name, or the
appeal's own (unmasked) subject and text.

Typical use::

    publications = register_filter(published_appeals(), RegisterFilters(q="дорога", region=r))
    page = register_entries(publications[:20])          # list shape, one query
    entry = register_entry("DLG-2026-000042")           # detail: answers and timeline, or None
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Prefetch, Q
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from appeals.models import (
    Answer,
    Appeal,
    AppealEvent,
    AppealStatus,
    AppealType,
    Attachment,
    EventKind,
    Publication,
    PublicationQuerySet,
)
from appeals.models.appeal import UNANSWERED
from appeals.register import search as register_search
from appeals.register.masking import mask_for_register
from officials.models import Agency, Region
from portal.domain_errors import InvalidInput
from portal.masking import plain_masked, render_masked

# Extra public statuses a filter may ask for besides the appeal statuses themselves.
STATUS_OPEN = "open"  # not answered yet (registered, assigned, awaiting clarification)
STATUS_OVERDUE = "overdue"  # not answered and past its due date
STATUS_FILTERS = (STATUS_OPEN, STATUS_OVERDUE, *AppealStatus.values)
FILTER_PARAMS = ("q", "agency", "region", "appeal_type", "status", "date_from", "date_to")
# Redirects followed when a tracking number of an earlier appeal in the chain is asked for.
MAX_REDIRECTS = 10


# --- shapes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterAttachment:
    id: int
    name: str
    content_type: str
    size: int


@dataclass(frozen=True)
class RegisterAnswer:
    sent_at: dt.datetime
    # Masked text with language-neutral tokens; `text` / `html` render the markers.
    masked_text: str
    withheld: bool
    attachments: tuple[RegisterAttachment, ...] = ()

    @property
    def text(self) -> str:
        """Plain text, each hidden part as a bracketed label in the active language."""
        return "" if self.withheld else plain_masked(self.masked_text)

    @property
    def html(self) -> SafeString:
        return render_masked("" if self.withheld else self.masked_text)


@dataclass(frozen=True)
class RegisterEvent:
    """One public step of the timeline; `kind` is a stable machine name."""

    kind: str
    at: dt.datetime
    label: str
    due_on: dt.date | None = None


@dataclass(frozen=True)
class RegisterEntry:
    publication_id: int
    appeal_id: int
    tracking_number: str
    masked_subject: str
    masked_text: str
    agency_slug: str
    agency_name: str
    region_code: str
    region_name: str
    appeal_type: str
    appeal_type_label: str
    status: str
    status_label: str
    registered_at: dt.datetime
    due_on: dt.date
    due_at: dt.datetime
    answered_at: dt.datetime | None
    # None while unanswered; otherwise whether the answer came no later than the due date.
    answered_on_time: bool | None
    overdue: bool
    rating: int | None
    published_at: dt.datetime
    changed_at: dt.datetime
    # Detail only (`register_entry`): empty in lists.
    answers: tuple[RegisterAnswer, ...] = ()
    timeline: tuple[RegisterEvent, ...] = field(default=())

    @property
    def subject(self) -> str:
        return plain_masked(self.masked_subject)

    @property
    def text(self) -> str:
        return plain_masked(self.masked_text)

    @property
    def text_html(self) -> SafeString:
        return render_masked(self.masked_text)

    @property
    def is_open(self) -> bool:
        return self.status in UNANSWERED


@dataclass(frozen=True)
class RegisterFilters:
    q: str = ""
    agency: Agency | None = None
    region: Region | None = None
    appeal_type: str = ""
    status: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


# --- querysets ---------------------------------------------------------------------------------


def published_appeals() -> PublicationQuerySet:
    """Live publications, newest first, with the appeal's agency and region; the appeal's own
    subject and text are not even read."""
    return (
        Publication.objects.live()
        .with_appeal()
        .defer("appeal__subject", "appeal__text", "search_document")
        .order_by("-published_at", "-id")
    )


def register_filter(publications: PublicationQuerySet, filters: RegisterFilters) -> PublicationQuerySet:
    if filters.agency is not None:
        publications = publications.filter(appeal__agency=filters.agency)
    if filters.region is not None:
        publications = publications.filter(appeal__region=filters.region)
    if filters.appeal_type:
        publications = publications.filter(appeal__appeal_type=filters.appeal_type)
    if filters.status == STATUS_OPEN:
        publications = publications.filter(appeal__status__in=UNANSWERED)
    elif filters.status == STATUS_OVERDUE:
        publications = publications.filter(appeal__status__in=UNANSWERED, appeal__overdue_since__isnull=False)
    elif filters.status:
        publications = publications.filter(appeal__status=filters.status)
    if filters.date_from is not None:
        publications = publications.filter(appeal__registered_on__gte=filters.date_from)
    if filters.date_to is not None:
        publications = publications.filter(appeal__registered_on__lte=filters.date_to)
    if filters.q:
        publications = register_search.search(publications, filters.q)
    return publications


def _date(params: Mapping[str, str], name: str) -> dt.date | None:
    value = params.get(name, "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            _("%(name)s must be a date written as YYYY-MM-DD.") % {"name": name}, code=name
        ) from None


def register_filters_from(
    params: Mapping[str, str], *, allowed: Iterable[str] = FILTER_PARAMS
) -> RegisterFilters:
    """The filters a request asked for (query parameters), or a clear InvalidInput for an unknown
    agency, region, type or status, a malformed date, or a date range that ends before it begins."""
    allowed = set(allowed)
    agency = region = None
    if slug := params.get("agency", "").strip() if "agency" in allowed else "":
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            raise InvalidInput(_("There is no agency “%(slug)s”.") % {"slug": slug[:100]}, code="agency")
    if code := params.get("region", "").strip() if "region" in allowed else "":
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise InvalidInput(_("There is no region “%(code)s”.") % {"code": code[:20]}, code="region")
    appeal_type = params.get("appeal_type", "").strip() if "appeal_type" in allowed else ""
    if appeal_type and appeal_type not in AppealType.values:
        raise InvalidInput(_("Unknown appeal type."), code="appeal_type")
    status = params.get("status", "").strip() if "status" in allowed else ""
    if status and status not in STATUS_FILTERS:
        raise InvalidInput(_("Unknown status."), code="status")
    date_from = _date(params, "date_from") if "date_from" in allowed else None
    date_to = _date(params, "date_to") if "date_to" in allowed else None
    if date_from and date_to and date_to < date_from:
        raise InvalidInput(_("The end date is before the start date."), code="date_to")
    q = params.get("q", "").strip()[: register_search.MAX_QUERY_LENGTH] if "q" in allowed else ""
    return RegisterFilters(
        q=q,
        agency=agency,
        region=region,
        appeal_type=appeal_type,
        status=status,
        date_from=date_from,
        date_to=date_to,
    )


# --- shapes from rows --------------------------------------------------------------------------


def _entry(publication: Publication, **detail: object) -> RegisterEntry:
    appeal: Appeal = publication.appeal
    language = get_language()
    answered_on_time = None if appeal.answered_on is None else appeal.answered_on <= appeal.due_on
    return RegisterEntry(
        publication_id=publication.pk,
        appeal_id=appeal.pk,
        tracking_number=appeal.tracking_number,
        masked_subject=publication.public_subject,
        masked_text=publication.public_text,
        agency_slug=appeal.agency.slug,
        agency_name=appeal.agency.name_in(language),
        region_code=appeal.region.code,
        region_name=appeal.region.name_in(language),
        appeal_type=appeal.appeal_type,
        appeal_type_label=str(AppealType(appeal.appeal_type).label),
        status=appeal.status,
        status_label=str(AppealStatus(appeal.status).label),
        registered_at=appeal.registered_at,
        due_on=appeal.due_on,
        due_at=appeal.due_at,
        answered_at=appeal.answered_at,
        answered_on_time=answered_on_time,
        overdue=appeal.overdue_since is not None and (appeal.is_open or not answered_on_time),
        rating=appeal.rating,
        published_at=publication.published_at or publication.requested_at,
        changed_at=publication.changed_at,
        **detail,  # type: ignore[arg-type]
    )


def register_entries(publications: Iterable[Publication]) -> list[RegisterEntry]:
    """List shapes (no answers, no timeline) of rows from `published_appeals()`."""
    return [_entry(publication) for publication in publications]


def _live_publication(tracking_number: str) -> Publication | None:
    base = Publication.objects.live().select_related("appeal__agency", "appeal__region", "appeal__citizen")
    publication = base.filter(appeal__tracking_number=tracking_number).first()
    if publication is not None:
        return publication
    # An earlier number of a redirected appeal: the publication moved with it to the successor.
    appeal_id = Appeal.objects.filter(tracking_number=tracking_number).values_list("pk", flat=True).first()
    for _step in range(MAX_REDIRECTS):
        if appeal_id is None:
            return None
        publication = base.filter(appeal_id=appeal_id).first()
        if publication is not None:
            return publication
        appeal_id = Appeal.objects.filter(redirected_from_id=appeal_id).values_list("pk", flat=True).first()
    return None


def _answers(publication: Publication) -> tuple[RegisterAnswer, ...]:
    appeal = publication.appeal
    answers = Answer.objects.filter(appeal_id=appeal.pk).prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.filter(register_withheld=False))
    )
    return tuple(
        RegisterAnswer(
            sent_at=answer.sent_at,
            masked_text=""
            if answer.register_withheld
            else mask_for_register(
                answer.text, citizen_name=appeal.citizen.full_name, hidden_phrases=publication.hidden_phrases
            ),
            withheld=answer.register_withheld,
            attachments=()
            if answer.register_withheld
            else tuple(
                RegisterAttachment(a.pk, a.original_name, a.content_type, a.size)
                for a in answer.attachments.all()
            ),
        )
        for answer in answers
    )


# Events the public sees, by kind; internal notes, reminders, assignments to named officials
# and every free-text reason stay out (they may name people).
_PUBLIC_EVENTS = {
    EventKind.REGISTERED: "registered",
    EventKind.REDIRECT_RECEIVED: "redirect_received",
    EventKind.CLARIFICATION_REQUESTED: "clarification_requested",
    EventKind.CLARIFICATION_RECEIVED: "clarification_received",
    EventKind.EXTENDED: "extended",
    EventKind.OVERDUE: "overdue",
    EventKind.ESCALATED: "escalated",
    EventKind.ANSWERED: "answered",
    EventKind.RATED: "rated",
    EventKind.CLOSED: "closed",
    EventKind.REDIRECTED: "redirected",
    EventKind.REJECTED: "rejected",
    EventKind.WITHDRAWN: "withdrawn",
    EventKind.PUBLICATION_APPROVED: "published",
}


def _labels() -> dict[str, str]:
    # Spelled out so the translation catalogue sees each string.
    return {
        "registered": _("Registered"),
        "redirect_received": _("Received from another agency"),
        "clarification_requested": _("The agency asked for a clarification"),
        "clarification_received": _("The citizen gave the clarification"),
        "extended": _("Term extended"),
        "overdue": _("The due date passed without an answer"),
        "escalated": _("Escalated"),
        "answered": _("Answered"),
        "rated": _("Rated by the citizen"),
        "closed": _("Closed"),
        "redirected": _("Sent to the competent agency"),
        "rejected": _("Left without consideration"),
        "withdrawn": _("Withdrawn by the citizen"),
        "published": _("Published in the register"),
    }


def _appeal_chain(appeal: Appeal) -> list[int]:
    """The appeal and those it was redirected from, oldest first."""
    chain = [appeal.pk]
    previous = appeal.redirected_from_id
    while previous is not None and len(chain) <= MAX_REDIRECTS:
        chain.insert(0, previous)
        previous = Appeal.objects.filter(pk=previous).values_list("redirected_from_id", flat=True).first()
    return chain


def _timeline(publication: Publication) -> tuple[RegisterEvent, ...]:
    labels = _labels()
    events = AppealEvent.objects.filter(
        appeal_id__in=_appeal_chain(publication.appeal), kind__in=list(_PUBLIC_EVENTS), is_internal=False
    ).order_by("created_at", "id")
    timeline: list[RegisterEvent] = []
    for event in events:
        kind = _PUBLIC_EVENTS[EventKind(event.kind)]
        due_on = None
        if kind == "extended" and (until := event.data.get("until")):
            due_on = dt.date.fromisoformat(until)
        if kind == "registered" and (due := event.data.get("due_on")):
            due_on = dt.date.fromisoformat(due)
        timeline.append(RegisterEvent(kind=kind, at=event.created_at, label=labels[kind], due_on=due_on))
    return tuple(timeline)


def register_entry(tracking_number: str) -> RegisterEntry | None:
    """One published appeal with its answers and timeline, or None when it is not (or no longer)
    in the register. An earlier tracking number of a redirected appeal finds its successor."""
    tracking_number = tracking_number.strip().upper()[:32]
    publication = _live_publication(tracking_number)
    if publication is None:
        return None
    return _entry(publication, answers=_answers(publication), timeline=_timeline(publication))


# --- beside the filing form and on the agency page ---------------------------------------------

SIMILAR_LIMIT = 5


def similar_published(
    text: str, *, agency: Agency | None = None, limit: int = SIMILAR_LIMIT
) -> list[RegisterEntry]:
    """Published appeals that look like `text` (what a citizen is writing): "has this been
    answered already?". Any of the words may match; best match first, answered ones preferred."""
    words = [word for word in text.split() if len(word) >= 3][:30]
    if not words:
        return []
    publications = published_appeals()
    if agency is not None:
        publications = publications.filter(appeal__agency=agency)
    if connection.vendor == "postgresql":
        publications = register_search.search(publications, " or ".join(words))
    else:
        condition = Q()
        for word in words[:5]:
            condition |= Q(public_subject__icontains=word)
        publications = publications.filter(condition)
    return register_entries(publications[:limit])


def recent_answers(agency: Agency, *, limit: int = 10) -> list[RegisterEntry]:
    """The agency's most recently answered published appeals (its register page)."""
    publications = (
        published_appeals()
        .filter(appeal__agency=agency, appeal__answered_at__isnull=False)
        .order_by("-appeal__answered_at", "-id")
    )
    return register_entries(publications[:limit])
