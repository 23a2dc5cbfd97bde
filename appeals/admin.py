"""The officials' admin for appeals: the scoped inbox, the appeal page with every action, and
read-only views of the trail. Scope (`officials.scope`) is applied in every `get_queryset`, so the
change lists, the appeal page, the actions, the CSV export and autocomplete all see only what the
signed-in official may see; writes go through `appeals.services`."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from appeals.admin_forms import ACTION_FORMS, ActionForm, BulkAssignForm, assignable_officials
from appeals.calendar import WorkingCalendar, local_date
from appeals.deadlines import redirect_deadline, working_days_left
from appeals.errors import AppealError, IllegalTransition, NotAllowed
from appeals.models import (
    Answer,
    Appeal,
    AppealEvent,
    Attachment,
    CalendarException,
    DeadlinePolicy,
    Escalation,
    Notification,
)
from appeals.models.appeal import UNANSWERED, AppealStatus
from appeals.services import (
    appeal_answer,
    appeal_assign,
    appeal_extend,
    appeal_note,
    appeal_redirect,
    appeal_reject,
    appeal_request_clarification,
)
from appeals.tracking import TRACKING_NUMBER_SHAPE
from officials.audit import ATTACHMENT, PROFILE, record_personal_data_view
from officials.models import Official, PersonalDataView
from officials.scope import (
    active_official,
    appeal_scope,
    can_extend,
    can_handle,
    can_see_personal_data,
    is_superuser,
    scoped_appeals,
)
from portal.accounts.models import CitizenProfile
from portal.csvsafe import SafeCSVWriter

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


def due_in_words(appeal: Appeal, *, today: dt.date, calendar: WorkingCalendar) -> tuple[str, str]:
    """("3 working days left" | "due today" | "overdue by 4 working days" | …, css modifier)."""
    if appeal.status == AppealStatus.AWAITING_CLARIFICATION:
        return str(_("paused: waiting for the citizen")), "paused"
    if appeal.status not in UNANSWERED:
        return str(AppealStatus(appeal.status).label), "done"
    left = working_days_left(appeal, today, calendar)
    if left > 0:
        text = ngettext("%(n)d working day left", "%(n)d working days left", left) % {"n": left}
        modifier = "soon" if left <= appeal.reminder_days else "ok"
    elif left == 0:
        text, modifier = str(_("due today")), "today"
    else:
        text = ngettext("overdue by %(n)d working day", "overdue by %(n)d working days", -left) % {"n": -left}
        modifier = "overdue"
    if appeal.escalation_level:
        text += " · " + str(_("escalation level %(level)d") % {"level": appeal.escalation_level})
        modifier = "overdue"
    return text, modifier


class ScopedAdmin(admin.ModelAdmin):
    """Read-only, and only what the official's scope allows; history is never edited."""

    # How to reach the appeal from this model ("" for the appeal itself).
    appeal_path = "appeal"

    def official_may_view(self, request: HttpRequest) -> bool:
        return is_superuser(request.user) or active_official(request.user) is not None  # type: ignore[arg-type]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.official_may_view(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.official_may_view(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def require_object(self, request: HttpRequest, object_id: str) -> Any:
        """The object if it is in the official's scope; otherwise 404 (not the admin's redirect,
        which would tell that the object exists)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        found = self.get_object(request, object_id)
        if found is None:
            raise Http404(_("Nothing here among what you may see."))
        return found

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        self.require_object(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        self.require_object(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        scope = appeal_scope(request.user)  # type: ignore[arg-type]
        if scope is None:
            return queryset.none()
        if not scope:  # a superuser: everything
            return queryset
        if not self.appeal_path:
            return queryset.filter(scope)
        return queryset.filter(**{f"{self.appeal_path}__in": scoped_appeals(request.user)})  # type: ignore[arg-type]


# --- the inbox --------------------------------------------------------------------------------


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("overdue")), ("no", _("not overdue"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Appeal]) -> QuerySet[Appeal]:
        overdue = Q(status__in=UNANSWERED, overdue_since__isnull=False)
        if self.value() == "yes":
            return queryset.filter(overdue)
        if self.value() == "no":
            return queryset.exclude(overdue)
        return queryset


class AssigneeFilter(admin.SimpleListFilter):
    """ "My appeals", "unassigned", or one official of the agencies in scope."""

    title = _("assignee")
    parameter_name = "assignee"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        choices: list[tuple[str, Any]] = [("me", _("my appeals")), ("none", _("unassigned"))]
        official = active_official(request.user)  # type: ignore[arg-type]
        if official is not None and official.role != Official.Role.OVERSIGHT:
            colleagues = (
                Official.objects.active()
                .filter(agency_id=official.agency_id)
                .exclude(pk=official.pk)
                .select_related("user")
                .order_by("user__full_name")[:50]
            )
            choices += [(str(o.pk), o.user.get_full_name()) for o in colleagues]
        return choices

    def queryset(self, request: HttpRequest, queryset: QuerySet[Appeal]) -> QuerySet[Appeal]:
        value = self.value()
        if value == "me":
            official = active_official(request.user)  # type: ignore[arg-type]
            return queryset.filter(assignee=official) if official else queryset.none()
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        if value and value.isdigit():
            return queryset.filter(assignee_id=int(value))
        return queryset


class EscalationLevelFilter(admin.SimpleListFilter):
    title = _("escalation")
    parameter_name = "escalation"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("0", _("none")), ("1", _("level 1: head of agency")), ("2", _("level 2: oversight body"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Appeal]) -> QuerySet[Appeal]:
        if self.value() in {"0", "1", "2"}:
            return queryset.filter(escalation_level=int(self.value() or 0))
        return queryset


class InboxChangeList(ChangeList):
    """Open appeals first, then the most escalated, then the earliest due."""

    def get_ordering(self, request: HttpRequest, queryset: QuerySet[Any]) -> list[Any]:
        if self.params.get("o"):
            return super().get_ordering(request, queryset)
        return ["inbox_closed", "-escalation_level", "due_on", "pk"]


@admin.register(Appeal)
class AppealAdmin(ScopedAdmin):
    appeal_path = ""
    change_list_template = "admin/appeals/appeal/change_list.html"
    change_form_template = "admin/appeals/appeal/change_form.html"
    list_display = (
        "tracking_number",
        "appeal_type",
        "subject",
        "region",
        "assignee_name",
        "status",
        "due_badge",
    )
    list_display_links = ("tracking_number",)
    list_filter = (
        "status",
        OverdueFilter,
        EscalationLevelFilter,
        "appeal_type",
        ("region", admin.RelatedOnlyFieldListFilter),
        AssigneeFilter,
        "channel",
    )
    search_fields = ("tracking_number", "subject", "text")
    search_help_text = _("Search by tracking number, subject or text.")
    list_per_page = 50
    show_full_result_count = False
    actions = ("assign_selected", "export_csv")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "tracking_number",
                    "status",
                    "appeal_type",
                    "channel",
                    "agency",
                    "deputy",
                    "region",
                    "assignee",
                    "subject",
                    "text",
                )
            },
        ),
        (
            _("Legal clock"),
            {
                "fields": (
                    "registered_at",
                    "due_on",
                    "original_due_on",
                    "extension_limit_on",
                    "extended",
                    "paused_on",
                    "answered_at",
                    "escalation_level",
                    "escalated_to",
                    "redirected_from",
                )
            },
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Appeal]:
        queryset: QuerySet[Appeal] = super().get_queryset(request)
        return queryset.select_related("agency", "region", "assignee__user").annotate(
            inbox_closed=Case(
                When(status__in=UNANSWERED, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return InboxChangeList

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Appeal], search_term: str
    ) -> tuple[QuerySet[Appeal], bool]:
        """Full-text search over subject and text on PostgreSQL (any language: the `simple`
        configuration), substring search elsewhere; a tracking number always matches.

        On PostgreSQL a term that looks like a tracking number is matched exactly (its unique
        index) and anything else only through the GIN full-text index: a substring match on the
        number OR-ed into the same filter would make the planner scan the whole table."""
        term = search_term.strip()[:200]
        if not term:
            return queryset, False
        if connection.vendor == "postgresql":
            if TRACKING_NUMBER_SHAPE.fullmatch(term):
                return queryset.filter(tracking_number=term.upper()), False
            vector = SearchVector("subject", "text", config="simple")
            query = SearchQuery(term, config="simple", search_type="websearch")
            return queryset.annotate(search=vector).filter(search=query), False
        # Without full-text search every word must appear in the subject or the text.
        by_number = Q(tracking_number__iexact=term) | Q(tracking_number__icontains=term)
        words = Q()
        for word in term.split():
            words &= Q(subject__icontains=word) | Q(text__icontains=word)
        return queryset.filter(by_number | words), False

    # --- columns

    @admin.display(description=_("assignee"), ordering="assignee__user__full_name")
    def assignee_name(self, appeal: Appeal) -> str:
        return appeal.assignee.user.get_full_name() if appeal.assignee else "—"

    @admin.display(description=_("due"), ordering="due_on")
    def due_badge(self, appeal: Appeal) -> str:
        text, modifier = due_in_words(appeal, today=local_date(timezone.now()), calendar=current_calendar())
        return format_html('<span class="dialog-due dialog-due--{}">{}</span>', modifier, text)

    # --- bulk actions

    @admin.action(description=_("Assign the selected appeals to an official"))
    def assign_selected(self, request: HttpRequest, queryset: QuerySet[Appeal]) -> HttpResponse | None:
        appeals = list(queryset.select_related("agency"))
        agency_ids = {a.agency_id for a in appeals}
        if len(agency_ids) != 1:
            self.message_user(
                request,
                _("Select appeals of one agency at a time: they can only go to that agency's officials."),
                messages.ERROR,
            )
            return None
        form = BulkAssignForm(
            request.POST if "apply" in request.POST else None,
            officials=assignable_officials(agency_ids.pop()),
        )
        if form.is_bound and form.is_valid():
            done, failed = 0, []
            for appeal in appeals:
                try:
                    appeal_assign(actor=request.user, appeal=appeal, assignee=form.cleaned_data["assignee"])  # type: ignore[arg-type]
                    done += 1
                except AppealError as error:
                    failed.append(f"{appeal.tracking_number}: {error}")
            if done:
                self.message_user(
                    request,
                    ngettext("%(n)d appeal assigned.", "%(n)d appeals assigned.", done) % {"n": done},
                    messages.SUCCESS,
                )
            for problem in failed:
                self.message_user(request, problem, messages.ERROR)
            return None
        return TemplateResponse(
            request,
            "admin/appeals/appeal/bulk_assign.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Assign appeals"),
                "opts": self.opts,
                "appeals": appeals,
                "form": form,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
            status=400 if form.is_bound else 200,
        )

    @admin.action(description=_("Export the selected appeals (CSV, no personal data)"))
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Appeal]) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="appeals.csv"'
        writer = SafeCSVWriter(response)
        writer.writerow(
            ["tracking_number", "type", "status", "agency", "region", "subject", "registered_on", "due_on"]
        )
        rows = queryset.select_related("agency", "region").order_by("due_on", "pk")
        for appeal in rows.iterator(chunk_size=500):
            writer.writerow(
                [
                    appeal.tracking_number,
                    appeal.appeal_type,
                    appeal.status,
                    appeal.agency.slug,
                    appeal.region.code,
                    appeal.subject,
                    appeal.registered_on.isoformat(),
                    appeal.due_on.isoformat(),
                ]
            )
        return response

    # --- the appeal page

    def get_urls(self) -> list[URLPattern]:
        info = self.opts.app_label, self.opts.model_name
        own = [
            path(
                f"<path:object_id>/{action}/",
                self.admin_site.admin_view(self._action_view(action)),
                name="{}_{}_{}".format(*info, action),
            )
            for action in ACTION_FORMS
        ]
        own.append(
            path(
                "<path:object_id>/attachment/<int:attachment_id>/",
                self.admin_site.admin_view(self.attachment_view),
                name="{}_{}_attachment".format(*info),
            )
        )
        return own + super().get_urls()

    def scoped_appeal(self, request: HttpRequest, object_id: str) -> Appeal:
        appeal: Appeal = self.require_object(request, object_id)
        return appeal

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method != "GET":
            return HttpResponse(status=405, headers={"Allow": "GET"})
        appeal = self.scoped_appeal(request, object_id)
        return self.render_appeal_page(request, appeal, extra_context=extra_context)

    def render_appeal_page(
        self,
        request: HttpRequest,
        appeal: Appeal,
        *,
        bound: ActionForm | None = None,
        status: int = 200,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        forms = self.action_forms(request, appeal)
        if bound is not None:
            bound.url = self.action_url(appeal, bound.action)
            forms[bound.action] = bound
        context = {**(extra_context or {}), **self.appeal_context(request, appeal), "action_forms": forms}
        # The page itself is the read-only view of the appeal; an action that failed re-renders
        # it (with the bound form) after a POST to its own URL.
        method, request.method = request.method, "GET"
        try:
            response = super().change_view(request, str(appeal.pk), extra_context=context)
        finally:
            request.method = method
        response.status_code = status
        return response

    def action_forms(self, request: HttpRequest, appeal: Appeal) -> dict[str, ActionForm]:
        user: Any = request.user
        if not can_handle(user, appeal):
            return {}
        names = ["note"]
        if appeal.status in UNANSWERED:
            names = ["answer", "assign", "clarify", "redirect", "reject", "note"]
            if appeal.status == AppealStatus.AWAITING_CLARIFICATION:
                names = ["reject", "note"]
            elif can_extend(user, appeal):
                names.insert(3, "extend")
        elif appeal.status == AppealStatus.ANSWERED:
            names = ["answer", "note"]
        forms = {name: ACTION_FORMS[name](appeal=appeal) for name in names}
        for name, form in forms.items():
            form.url = self.action_url(appeal, name)
        return forms

    def action_url(self, appeal: Appeal, action: str) -> str:
        return reverse(f"admin:appeals_appeal_{action}", args=[appeal.pk], current_app=self.admin_site.name)

    def appeal_context(self, request: HttpRequest, appeal: Appeal) -> dict[str, Any]:
        user: Any = request.user
        calendar = current_calendar()
        today = local_date(timezone.now())
        due_text, due_modifier = due_in_words(appeal, today=today, calendar=calendar)
        events = list(appeal.events.select_related("actor").order_by("created_at", "pk"))
        attachments = list(appeal.attachments.select_related("answer").order_by("created_at", "pk"))
        citizen = None
        if can_see_personal_data(user, appeal):
            profile = CitizenProfile.objects.filter(user_id=appeal.citizen_id).first()
            citizen = {"user": appeal.citizen, "profile": profile}
            record_personal_data_view(
                viewer=user,
                citizen_id=appeal.citizen_id,
                appeal_id=appeal.pk,
                channel=PersonalDataView.Channel.ADMIN,
                what=[PROFILE],
                request=request,
            )
        redirect_by = redirect_deadline(appeal, calendar)
        return {
            "appeal": appeal,
            "due_text": due_text,
            "due_modifier": due_modifier,
            "events": events,
            "answers": list(appeal.answers.select_related("author").order_by("sent_at", "pk")),
            "attachments": attachments,
            "citizen": citizen,
            "redirect_by": redirect_by,
            "redirect_late": today > redirect_by,
            "can_extend": can_extend(user, appeal),
            "title": f"{appeal.tracking_number} — {appeal.subject}",
        }

    def _action_view(self, action: str) -> Callable[..., HttpResponse]:
        def view(request: HttpRequest, object_id: str) -> HttpResponse:
            return self.perform_action(request, object_id, action)

        view.__name__ = f"appeal_{action}"
        return view

    def perform_action(self, request: HttpRequest, object_id: str, action: str) -> HttpResponse:
        appeal = self.scoped_appeal(request, object_id)
        if request.method != "POST":
            return HttpResponseRedirect(self.appeal_url(appeal))
        form = ACTION_FORMS[action](request.POST, request.FILES, appeal=appeal)
        if action == "extend" and not can_extend(request.user, appeal):  # type: ignore[arg-type]
            form.is_valid()
            form.add_error(None, _("Only the head of the agency may extend the term."))
            return self.render_appeal_page(request, appeal, bound=form, status=403)
        if not form.is_valid():
            return self.render_appeal_page(request, appeal, bound=form, status=400)
        try:
            message = self.apply(request, appeal, form)
        except AppealError as error:
            form.add_error(None, str(error))
            status = (
                409 if isinstance(error, IllegalTransition) else 403 if isinstance(error, NotAllowed) else 400
            )
            appeal.refresh_from_db()
            return self.render_appeal_page(request, appeal, bound=form, status=status)
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(self.appeal_url(appeal))

    def apply(self, request: HttpRequest, appeal: Appeal, form: ActionForm) -> str:
        actor: Any = request.user
        data = form.cleaned_data
        match form.action:
            case "assign":
                appeal_assign(actor=actor, appeal=appeal, assignee=data["assignee"])
                return str(_("Assigned to %(name)s.") % {"name": data["assignee"].user.get_full_name()})
            case "answer":
                appeal_answer(
                    actor=actor,
                    appeal=appeal,
                    text=data["text"],
                    uploads=data["attachments"],
                    further=data["further"],
                )
                return str(_("The answer is sent; the citizen has been notified."))
            case "redirect":
                successor = appeal_redirect(
                    actor=actor, appeal=appeal, to_agency=data["to_agency"], reason=data["reason"]
                )
                return str(
                    _("Redirected to %(agency)s as %(number)s.")
                    % {"agency": data["to_agency"].name, "number": successor.tracking_number}
                )
            case "extend":
                appeal_extend(actor=actor, appeal=appeal, until=data["until"], reason=data["reason"])
                return str(_("The term is extended; the citizen has been told."))
            case "clarify":
                appeal_request_clarification(actor=actor, appeal=appeal, question=data["question"])
                return str(_("The question is sent; the term is paused until the citizen answers."))
            case "reject":
                appeal_reject(actor=actor, appeal=appeal, reason=data["reason"], note=data["note"])
                return str(_("The appeal is left without consideration; the citizen has been told."))
            case "note":
                appeal_note(actor=actor, appeal=appeal, text=data["text"])
                return str(_("Note added."))
        raise Http404(form.action)

    def appeal_url(self, appeal: Appeal) -> str:
        return reverse("admin:appeals_appeal_change", args=[appeal.pk], current_app=self.admin_site.name)

    def attachment_view(self, request: HttpRequest, object_id: str, attachment_id: int) -> HttpResponseBase:
        appeal = self.scoped_appeal(request, object_id)
        attachment = appeal.attachments.filter(pk=attachment_id).first()
        if attachment is None:
            raise Http404(_("No such file on this appeal."))
        record_personal_data_view(
            viewer=request.user,  # type: ignore[arg-type]
            citizen_id=appeal.citizen_id,
            appeal_id=appeal.pk,
            channel=PersonalDataView.Channel.ADMIN,
            what=[f"{ATTACHMENT} {attachment.pk}"],
            request=request,
        )
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise Http404(_("The file is missing from storage.")) from error
        return FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )


# --- the trail, read-only and scoped ---------------------------------------------------------


@admin.register(AppealEvent)
class AppealEventAdmin(ScopedAdmin):
    list_display = ("appeal", "kind", "actor", "created_at", "is_internal")
    list_filter = ("kind",)
    list_select_related = ("appeal", "actor")
    search_fields = ("appeal__tracking_number",)


@admin.register(Answer)
class AnswerAdmin(ScopedAdmin):
    list_display = ("appeal", "author", "sent_at")
    list_select_related = ("appeal", "author")
    search_fields = ("appeal__tracking_number",)


@admin.register(Attachment)
class AttachmentAdmin(ScopedAdmin):
    list_display = ("original_name", "appeal", "content_type", "size", "created_at")
    list_select_related = ("appeal",)
    fields = ("original_name", "appeal", "answer", "content_type", "size", "created_at")
    readonly_fields = fields
    search_fields = ("appeal__tracking_number",)


@admin.register(Escalation)
class EscalationAdmin(ScopedAdmin):
    list_display = ("appeal", "level", "to_agency", "created_at")
    list_filter = ("level",)
    list_select_related = ("appeal", "to_agency")
    search_fields = ("appeal__tracking_number",)


@admin.register(Notification)
class NotificationAdmin(ScopedAdmin):
    """The outbox holds e-mail addresses and texts: superusers only."""

    list_display = ("kind", "email", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "kind")

    def official_may_view(self, request: HttpRequest) -> bool:
        return is_superuser(request.user)  # type: ignore[arg-type]


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin):
    list_display = (
        "appeal_type",
        "answer_days",
        "extension_months",
        "redirect_days",
        "reminder_days",
        "level2_days",
    )


@admin.register(CalendarException)
class CalendarExceptionAdmin(admin.ModelAdmin):
    list_display = ("date", "is_working_day", "note")
