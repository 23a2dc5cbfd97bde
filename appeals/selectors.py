"""Every read about appeals that the citizen's pages, the officials' admin and the APIs share:
the addressee and region lists, the citizen's own appeals and their timeline in plain words, the
clock in words, the officials' appeal page and the agency API's appeals. Nothing here writes."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from appeals.backoffice.scope import can_extend, can_see_personal_data, scoped_appeals
from appeals.calendar import WorkingCalendar
from appeals.deadlines import redirect_deadline, working_days_left
from appeals.models import Answer, Appeal, AppealEvent, AppealQuerySet, AppealStatus, Attachment, EventKind
from appeals.models.appeal import CLOCK_RUNNING
from officials.models import Agency, Deputy, Region
from officials.translated import name_field_for
from portal.accounts.models import CitizenProfile, User

ChoiceGroups = list[tuple[str, list[tuple[str, str]]]]
Reader = Literal["citizen", "official"]

REGIONAL_KINDS = (Agency.Kind.AKIMAT_REGION, Agency.Kind.AKIMAT_CITY)
DISTRICT_KINDS = (Agency.Kind.AKIMAT_DISTRICT,)


def addressee_choices(language: str) -> ChoiceGroups:
    """Active agencies grouped central / regional / district, then deputies; by name."""
    name = name_field_for(language)
    agencies = Agency.objects.active().order_by(name, "slug").values_list("slug", "kind", name)
    central: list[tuple[str, str]] = []
    regional: list[tuple[str, str]] = []
    district: list[tuple[str, str]] = []
    for slug, kind, label in agencies:
        group = regional if kind in REGIONAL_KINDS else district if kind in DISTRICT_KINDS else central
        group.append((f"agency:{slug}", label))
    deputies = [
        (f"deputy:{pk}", label)
        for pk, label in Deputy.objects.filter(is_active=True).order_by(name, "pk").values_list("pk", name)
    ]
    groups = [
        (_("Central government bodies"), central),
        (_("Regional and city akimats"), regional),
        (_("District akimats"), district),
        (_("Deputies of Parliament"), deputies),
    ]
    return [(str(label), options) for label, options in groups if options]


def region_choices(language: str) -> list[tuple[str, str]]:
    name = name_field_for(language)
    return list(Region.objects.order_by(name).values_list("code", name))


def resolve_addressee(value: str) -> Agency | Deputy | None:
    kind, _sep, key = value.partition(":")
    if kind == "agency" and key:
        return Agency.objects.active().filter(slug=key).first()
    if kind == "deputy" and key.isdigit():
        return Deputy.objects.filter(pk=int(key), is_active=True).select_related("office").first()
    return None


def citizen_appeals(user: User, *, status: str = "", detail: bool = False) -> AppealQuerySet:
    """The citizen's own appeals, newest first (the web list and the citizen API); with `detail`,
    each with its answers and its public trail in a fixed number of queries."""
    appeals = Appeal.objects.for_citizen(user).select_related("agency", "deputy", "region", "complaint_about")
    if detail:
        appeals = appeals.prefetch_related(
            Prefetch("answers", queryset=Answer.objects.prefetch_related("attachments")),
            Prefetch(
                "events",
                queryset=AppealEvent.objects.filter(is_internal=False).order_by("created_at", "id"),
                to_attr="public_events",
            ),
        )
    if status:
        appeals = appeals.filter(status=status)
    return appeals.order_by("-registered_at", "-id")


def citizen_appeal(user: User, tracking_number: str) -> Appeal:
    """The citizen's own appeal, or 404 — never a hint that somebody else's exists."""
    appeal = (
        Appeal.objects.for_citizen(user)
        .select_related("agency__parent", "deputy", "region", "complaint_about", "redirected_from")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.prefetch_related(
                    Prefetch("attachments", queryset=Attachment.objects.order_by("created_at", "id"))
                ),
            ),
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(answer__isnull=True).order_by("created_at", "id"),
                to_attr="citizen_files",
            ),
        )
        .filter(tracking_number=tracking_number.upper())
        .first()
    )
    if appeal is None:
        raise Http404
    return appeal


def citizen_attachment(user: User, tracking_number: str, attachment_id: int) -> Attachment:
    attachment = (
        Attachment.objects.filter(
            pk=attachment_id,
            appeal__tracking_number=tracking_number.upper(),
            appeal__citizen=user,
        )
        .select_related("appeal")
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


def _day(value: str | dt.date | None) -> str:
    if not value:
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return formats.date_format(day, "DATE_FORMAT")


class ClockWords(NamedTuple):
    text: str
    modifier: str  # ok | soon | today | overdue | paused | done: the badge's style, never its only sign


def clock_in_words(
    appeal: Appeal, *, today: dt.date, calendar: WorkingCalendar, reader: Reader = "citizen"
) -> ClockWords:
    """Where the appeal stands on its clock, in words (never only a colour): the citizen's pages
    and the officials' inbox and appeal page all say it through here. The running clock reads
    the same for both; a pause and a finished appeal are told from the reader's side."""
    official = reader == "official"
    if appeal.status == AppealStatus.AWAITING_CLARIFICATION:
        if official:
            return ClockWords(str(_("paused: waiting for the citizen")), "paused")
        return ClockWords(str(_("Paused until you answer the agency's question")), "paused")
    if appeal.status in CLOCK_RUNNING:
        left = working_days_left(appeal, today, calendar)
        if left > 0:
            text = ngettext("%(n)d working day left", "%(n)d working days left", left) % {"n": left}
            modifier = "soon" if left <= appeal.reminder_days else "ok"
        elif left == 0:
            text, modifier = str(_("due today")), "today"
        else:
            text = ngettext("overdue by %(n)d working day", "overdue by %(n)d working days", -left) % {
                "n": -left
            }
            modifier = "overdue"
        if official and appeal.escalation_level:
            text += " · " + str(_("escalation level %(level)d") % {"level": appeal.escalation_level})
            modifier = "overdue"
        return ClockWords(text, modifier)
    if official:
        return ClockWords(str(AppealStatus(appeal.status).label), "done")
    if appeal.answered_on is not None:
        if appeal.answered_on > appeal.due_on:
            return ClockWords(_("Answered late, on %(day)s") % {"day": _day(appeal.answered_on)}, "done")
        return ClockWords(_("Answered on time, on %(day)s") % {"day": _day(appeal.answered_on)}, "done")
    return ClockWords("", "done")


@dataclass
class TimelineEntry:
    kind: str
    when: dt.datetime
    title: str
    text: str = ""
    quote: str = ""
    quote_label: str = ""
    link: str = ""
    link_text: str = ""
    due: str = ""
    extra: list[str] = field(default_factory=list)


def _agency_names(events: list[AppealEvent]) -> dict[str, str]:
    slugs = {
        str(event.data.get(key))
        for event in events
        for key in ("to_agency", "from_agency")
        if event.data.get(key)
    }
    if not slugs:
        return {}
    return {a.slug: a.name for a in Agency.objects.filter(slug__in=slugs)}


def public_timeline(appeal: Appeal) -> list[TimelineEntry]:
    """Every event the citizen may see (not `is_internal`), oldest first, in plain words."""
    events = list(appeal.events.filter(is_internal=False).order_by("created_at", "id"))
    names = _agency_names(events)
    agency = appeal.agency.name
    entries: list[TimelineEntry] = []
    for event in events:
        data = event.data or {}
        entry = TimelineEntry(kind=event.kind, when=event.created_at, title=str(event.get_kind_display()))
        kind = event.kind
        if kind == EventKind.REGISTERED:
            entry.title = _("Registered")
            entry.text = _("Your appeal was registered by %(agency)s.") % {
                "agency": names.get(str(data.get("agency")), agency)
            }
            entry.due = _day(data.get("due_on"))
        elif kind == EventKind.ASSIGNED:
            entry.title = _("Assigned to an official")
            entry.text = _("An official of %(agency)s is now dealing with your appeal.") % {"agency": agency}
        elif kind == EventKind.CLARIFICATION_REQUESTED:
            entry.title = _("The agency asked you for a clarification")
            entry.text = _("The term is paused until you answer.")
            entry.quote, entry.quote_label = event.note, _("The agency's question")
        elif kind == EventKind.CLARIFICATION_RECEIVED:
            entry.title = _("You answered the clarification request")
            entry.text = _("The term runs again, extended by the days it was paused.")
            entry.quote, entry.quote_label = event.note, _("Your answer")
            entry.due = _day(data.get("due_on"))
        elif kind == EventKind.ANSWERED:
            entry.title = _("Answered")
            entry.text = (
                _("%(agency)s answered on time.") if data.get("on_time") else _("%(agency)s answered late.")
            ) % {"agency": agency}
        elif kind == EventKind.CLOSED:
            entry.title = _("Closed")
            entry.text = _("The appeal is closed.")
        elif kind == EventKind.REDIRECTED:
            target = names.get(str(data.get("to_agency")), str(data.get("to_agency", "")))
            entry.title = _("Sent to the competent agency")
            entry.text = _(
                "%(agency)s passed your appeal to %(target)s, which is competent to answer it. "
                "It continues there under a new number."
            ) % {"agency": agency, "target": target}
            entry.quote, entry.quote_label = event.note, _("Reason")
            if data.get("tracking_number"):
                entry.link = reverse("appeals:detail", args=[data["tracking_number"]])
                entry.link_text = _("Follow appeal %(number)s") % {"number": data["tracking_number"]}
        elif kind == EventKind.REDIRECT_RECEIVED:
            source = names.get(str(data.get("from_agency")), str(data.get("from_agency", "")))
            entry.title = _("Received from another agency")
            entry.text = _("%(source)s sent your appeal here, to %(agency)s, as the competent agency.") % {
                "source": source,
                "agency": agency,
            }
            entry.quote, entry.quote_label = event.note, _("Reason")
            entry.due = _day(data.get("due_on"))
            if data.get("from_tracking_number"):
                entry.link = reverse("appeals:detail", args=[data["from_tracking_number"]])
                entry.link_text = _("See appeal %(number)s") % {"number": data["from_tracking_number"]}
        elif kind == EventKind.REJECTED:
            entry.title = _("Left without consideration")
            entry.text = _("%(agency)s will not consider this appeal.") % {"agency": agency}
            entry.quote, entry.quote_label = event.note, _("Reason")
        elif kind == EventKind.WITHDRAWN:
            entry.title = _("Withdrawn")
            entry.text = _("You withdrew the appeal.")
        elif kind == EventKind.EXTENDED:
            entry.title = _("The term was extended")
            entry.text = _("The head of %(agency)s extended the term from %(old)s.") % {
                "agency": agency,
                "old": _day(data.get("from")),
            }
            entry.quote, entry.quote_label = event.note, _("Reason")
            entry.due = _day(data.get("until"))
        elif kind == EventKind.OVERDUE:
            entry.title = _("Overdue")
            entry.text = _("The answer was due by %(day)s and has not come.") % {
                "day": _day(data.get("due_on"))
            }
        elif kind == EventKind.ESCALATED:
            if data.get("level") == 1:
                entry.title = _("Passed to the head of the agency")
                entry.text = _("The head of %(agency)s is now accountable for the answer.") % {
                    "agency": agency
                }
            else:
                target = names.get(str(data.get("to_agency")), "")
                entry.title = _("Passed to the superior body for control")
                entry.text = (
                    _("%(target)s, the superior body, now controls the answer.") % {"target": target}
                    if target
                    else _("The appeal was passed to the superior body for control.")
                )
        elif kind == EventKind.RATED:
            entry.title = _("You rated the answer")
            entry.text = _("%(rating)s out of 5.") % {"rating": data.get("rating", "")}
            entry.extra.append(
                _("The answer resolved your question.")
                if data.get("resolved")
                else _("The answer did not resolve your question.")
            )
            if event.note:
                entry.quote, entry.quote_label = event.note, _("Your comment")
        elif kind == EventKind.INFORMATION_ADDED:
            entry.title = _("You added information")
            files = len(data.get("files") or [])
            entry.text = (
                ngettext(
                    "%(count)d file attached. The term is unchanged.",
                    "%(count)d files attached. The term is unchanged.",
                    files,
                )
                % {"count": files}
                if files
                else _("The term is unchanged.")
            )
            entry.quote, entry.quote_label = event.note, _("What you added")
        elif kind == EventKind.COMPLAINT_FILED:
            target = names.get(str(data.get("to_agency")), "")
            entry.title = _("You filed a complaint")
            entry.text = (
                _("About the answer, to %(target)s.")
                if data.get("about") == "answer"
                else _("About the late answer, to %(target)s.")
            ) % {"target": target}
            if data.get("tracking_number"):
                entry.link = reverse("appeals:detail", args=[data["tracking_number"]])
                entry.link_text = _("Follow complaint %(number)s") % {"number": data["tracking_number"]}
        else:
            entry.quote = event.note
        entries.append(entry)
    return entries


# --- the officials' side: the inbox, the appeal page, the agency API ---------------------------

CALENDAR_TTL_SECONDS = 60
_calendar_cache: tuple[float, WorkingCalendar] | None = None


def current_calendar() -> WorkingCalendar:
    """The working calendar, reloaded at most once a minute (one query, not one per row)."""
    global _calendar_cache
    cached = _calendar_cache
    if cached is None or cached[0] < time.monotonic():
        cached = (time.monotonic() + CALENDAR_TTL_SECONDS, WorkingCalendar.load())
        _calendar_cache = cached
    return cached[1]


def agency_appeals(user: User, *, detail: bool = False) -> AppealQuerySet:
    """The appeals `user` may handle as an official, for the agency API: listed by last change;
    with `detail`, each with its trail, answers and files in a fixed number of queries."""
    queryset = scoped_appeals(user).with_listing().order_by("updated_at", "pk")
    if detail:
        queryset = queryset.select_related("citizen__citizen_profile", "redirected_to").prefetch_related(
            Prefetch(
                "events",
                queryset=AppealEvent.objects.select_related("actor").order_by("created_at", "pk"),
            ),
            Prefetch("answers", queryset=Answer.objects.select_related("author").order_by("sent_at", "pk")),
            Prefetch("attachments", queryset=Attachment.objects.order_by("created_at", "pk")),
        )
    return queryset


def appeal_page(user: User, appeal: Appeal, *, today: dt.date) -> dict[str, Any]:
    """What the officials' appeal page shows. `citizen` is set only when `user` may see the
    citizen's personal data; the page records that it showed it (`appeals.backoffice.audit`)."""
    calendar = current_calendar()
    clock = clock_in_words(appeal, today=today, calendar=calendar, reader="official")
    citizen = None
    if can_see_personal_data(user, appeal):
        profile = CitizenProfile.objects.filter(user_id=appeal.citizen_id).first()
        citizen = {"user": appeal.citizen, "profile": profile}
    redirect_by = redirect_deadline(appeal, calendar)
    return {
        "appeal": appeal,
        "due_text": clock.text,
        "due_modifier": clock.modifier,
        "events": list(appeal.events.select_related("actor").order_by("created_at", "pk")),
        "answers": list(appeal.answers.select_related("author").order_by("sent_at", "pk")),
        "attachments": list(appeal.attachments.select_related("answer").order_by("created_at", "pk")),
        "citizen": citizen,
        "redirect_by": redirect_by,
        "redirect_late": today > redirect_by,
        "can_extend": can_extend(user, appeal),
        "title": f"{appeal.tracking_number} — {appeal.subject}",
    }
