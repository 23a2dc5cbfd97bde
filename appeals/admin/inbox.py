"""The inbox: the officials' change list of appeals. It opens on the official's work — open
appeals assigned to them or to no one, the most escalated and the earliest due on top — with a
visible way to everything; columns for the registration day, the citizen (recorded in the
personal-data audit), the language and a "new since your last visit" marker; saved filters,
full-text search, the due badge and bulk actions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import BooleanField, Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from appeals.admin.base import ScopedAdmin
from appeals.admin.forms import BulkAssignForm, assignable_officials
from appeals.backoffice.audit import NAME, record_personal_data_views
from appeals.backoffice.scope import active_official, can_see_personal_data
from appeals.backoffice.workbench import (
    clean_query,
    inbox_new_since,
    inbox_visit_record,
    saved_filter_delete,
    saved_filter_save,
    saved_filters,
)
from appeals.backoffice.workload import workload_agency_id
from appeals.calendar import local_date
from appeals.language import appeal_language, language_name
from appeals.models import Appeal, PersonalDataView
from appeals.models.appeal import UNANSWERED
from appeals.selectors import clock_in_words, current_calendar
from appeals.services import appeal_assign
from appeals.tracking import TRACKING_NUMBER_SHAPE
from officials.models import Official
from portal.csvsafe import SafeCSVWriter
from portal.domain_errors import DomainError


class WorkFilter(admin.SimpleListFilter):
    """The inbox's default: open appeals assigned to me or to no one. It stands aside as soon as
    any other filter or a search is used (a tracking number must be found wherever it is), and
    `?show=all` shows everything."""

    title = _("appeals shown")
    parameter_name = "show"
    MINE = "mine"
    ALL = "all"

    def __init__(self, request: HttpRequest, params: dict[str, Any], model: Any, model_admin: Any) -> None:
        self.other_criteria = any(key not in {self.parameter_name, "o", "p", "e"} for key in request.GET)
        super().__init__(request, params, model, model_admin)

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [(self.MINE, _("open: mine or unassigned")), (self.ALL, _("all appeals"))]

    def value(self) -> str | None:
        chosen = super().value()
        if chosen in {self.MINE, self.ALL}:
            return chosen
        return None if self.other_criteria else self.MINE

    def has_output(self) -> bool:
        return True

    def choices(self, changelist: Any) -> Any:
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet[Appeal]) -> QuerySet[Appeal]:
        if self.value() != self.MINE:
            return queryset
        official = active_official(request.user)  # type: ignore[arg-type]
        mine_or_nobody = Q(assignee__isnull=True) | Q(assignee=official) if official else Q()
        return queryset.filter(mine_or_nobody, status__in=UNANSWERED)


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
    """Open appeals first, then the most escalated, then the earliest due. The page shows each
    citizen's name: that look at personal data is recorded like the appeal page's."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        shown = [appeal for appeal in self.result_list if can_see_personal_data(request.user, appeal)]  # type: ignore[arg-type]
        for appeal in shown:
            appeal.dialog_citizen_shown = True
        record_personal_data_views(
            viewer=request.user,  # type: ignore[arg-type]
            pairs=[(appeal.citizen_id, appeal.pk) for appeal in shown],
            channel=PersonalDataView.Channel.ADMIN,
            what=[NAME],
            request=request,
        )

    def get_ordering(self, request: HttpRequest, queryset: QuerySet[Any]) -> list[Any]:
        if self.params.get("o"):
            return super().get_ordering(request, queryset)
        return ["inbox_closed", "-escalation_level", "due_on", "pk"]


class InboxScreen(ScopedAdmin):
    """The inbox: the change list of appeals, its filters, search, columns and bulk actions."""

    appeal_path = ""
    change_list_template = "admin/appeals/appeal/change_list.html"
    change_form_template = "admin/appeals/appeal/change_form.html"
    list_display = (
        "tracking_number",
        "new_marker",
        "registered",
        "citizen_name",
        "language",
        "appeal_type",
        "subject",
        "assignee_name",
        "status",
        "due_badge",
    )
    list_display_links = ("tracking_number",)
    list_filter = (
        WorkFilter,
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
        since = getattr(request, "dialog_new_since", None)
        is_new: Any = Q(registered_at__gt=since) if since is not None else Q(pk__in=[])
        return queryset.select_related("agency", "region", "assignee__user", "citizen").annotate(
            inbox_closed=Case(
                When(status__in=UNANSWERED, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
            is_new=Case(When(is_new, then=Value(True)), default=Value(False), output_field=BooleanField()),
        )

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return InboxChangeList

    def get_urls(self) -> list[URLPattern]:
        info = self.opts.app_label, self.opts.model_name
        own = [
            path(
                "saved-filters/",
                self.admin_site.admin_view(self.save_filter_view),
                name="{}_{}_save_filter".format(*info),
            ),
            path(
                "saved-filters/<int:filter_id>/delete/",
                self.admin_site.admin_view(self.delete_filter_view),
                name="{}_{}_delete_filter".format(*info),
            ),
        ]
        return own + super().get_urls()

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        user: Any = request.user
        if request.method == "GET" and self.has_view_permission(request):
            request.dialog_new_since = inbox_visit_record(actor=user)  # type: ignore[attr-defined]
        else:
            request.dialog_new_since = inbox_new_since(user)  # type: ignore[attr-defined]
        context = {
            **(extra_context or {}),
            "saved_filters": saved_filters(user),
            "current_query": clean_query(request.GET.urlencode()),
            "may_see_workload": workload_agency_id(user) is not None,
        }
        return super().changelist_view(request, context)

    def save_filter_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponse(status=405, headers={"Allow": "POST"})
        query = request.POST.get("query", "")
        try:
            saved = saved_filter_save(actor=request.user, name=request.POST.get("name", ""), query=query)  # type: ignore[arg-type]
        except DomainError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(self.inbox_url(clean_query(query)))
        self.message_user(request, _("Filter “%(name)s” saved.") % {"name": saved.name}, messages.SUCCESS)
        return HttpResponseRedirect(self.inbox_url(saved.query))

    def delete_filter_view(self, request: HttpRequest, filter_id: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponse(status=405, headers={"Allow": "POST"})
        if not saved_filter_delete(actor=request.user, filter_id=filter_id):  # type: ignore[arg-type]
            raise Http404(_("No such saved filter of yours."))
        self.message_user(request, _("Saved filter deleted."), messages.SUCCESS)
        return HttpResponseRedirect(self.inbox_url(""))

    def inbox_url(self, query: str) -> str:
        url = reverse("admin:appeals_appeal_changelist", current_app=self.admin_site.name)
        return f"{url}?{query}" if query else url

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

    @admin.display(description=_("new"), empty_value="")
    def new_marker(self, appeal: Appeal) -> str:
        if not getattr(appeal, "is_new", False):
            return ""
        return format_html('<span class="dialog-new">{}</span>', _("new"))

    @admin.display(description=_("registered"), ordering="registered_at")
    def registered(self, appeal: Appeal) -> str:
        return date_format(appeal.registered_on, "SHORT_DATE_FORMAT")

    @admin.display(description=_("citizen"))
    def citizen_name(self, appeal: Appeal) -> str:
        if not getattr(appeal, "dialog_citizen_shown", False):
            return "—"
        return appeal.citizen.get_full_name()

    @admin.display(description=_("language"))
    def language(self, appeal: Appeal) -> str:
        return language_name(appeal_language(appeal))

    @admin.display(description=_("assignee"), ordering="assignee__user__full_name")
    def assignee_name(self, appeal: Appeal) -> str:
        return appeal.assignee.user.get_full_name() if appeal.assignee else "—"

    @admin.display(description=_("due"), ordering="due_on")
    def due_badge(self, appeal: Appeal) -> str:
        text, modifier = clock_in_words(
            appeal, today=local_date(timezone.now()), calendar=current_calendar(), reader="official"
        )
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
                except DomainError as error:
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
