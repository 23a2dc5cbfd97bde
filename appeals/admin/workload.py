"""The head's workload screen: open, due this week and overdue appeals per official of the
head's own agency (`appeals.backoffice.workload`), with a form that moves open appeals from one
official to another (`appeals.services.workload_reassign`, one assignment event per appeal)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from appeals.admin.base import ScopedAdmin
from appeals.admin.forms import OfficialChoiceField
from appeals.backoffice.workload import agency_officials, agency_workload, week_end, workload_agency_id
from appeals.calendar import local_date
from appeals.services import workload_reassign
from officials.models import Official
from portal.domain_errors import DomainError, http_status


class ReassignForm(forms.Form):
    from_official = OfficialChoiceField(label=_("Move open appeals of"), queryset=Official.objects.none())
    to_official = OfficialChoiceField(label=_("To"), queryset=Official.objects.none())
    which = forms.ChoiceField(
        label=_("Which appeals"),
        choices=[
            ("overdue", _("the overdue ones")),
            ("week", _("those due this week")),
            ("all", _("all open ones")),
        ],
        initial="overdue",
    )

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("from_official", "to_official"):
            field = self.fields[name]
            assert isinstance(field, OfficialChoiceField)
            field.queryset = agency_officials(agency_id)
            field.empty_label = str(_("Choose an official"))
            field.error_messages["invalid_choice"] = _("Choose an active official of your agency.")


class WorkloadScreen(ScopedAdmin):
    def get_urls(self) -> list[URLPattern]:
        info = self.opts.app_label, self.opts.model_name
        own = [
            path(
                "workload/",
                self.admin_site.admin_view(self.workload_view),
                name="{}_{}_workload".format(*info),
            )
        ]
        return own + super().get_urls()

    def workload_view(self, request: HttpRequest) -> HttpResponse:
        agency_id = workload_agency_id(request.user)  # type: ignore[arg-type]
        if agency_id is None:
            raise PermissionDenied
        today = local_date(timezone.now())
        form = ReassignForm(request.POST if request.method == "POST" else None, agency_id=agency_id)
        status = 200
        if form.is_bound:
            if form.is_valid():
                try:
                    moved, refused = workload_reassign(
                        actor=request.user,  # type: ignore[arg-type]
                        from_official=form.cleaned_data["from_official"],
                        to_official=form.cleaned_data["to_official"],
                        which=form.cleaned_data["which"],
                        today=today,
                    )
                except DomainError as error:
                    form.add_error(None, str(error))
                    status = http_status(error)
                else:
                    self.message_user(
                        request,
                        ngettext("%(n)d appeal reassigned.", "%(n)d appeals reassigned.", moved)
                        % {"n": moved},
                        messages.SUCCESS,
                    )
                    for problem in refused:
                        self.message_user(request, problem, messages.ERROR)
                    return HttpResponseRedirect(self.workload_url())
            else:
                status = 400
        context = {
            **self.admin_site.each_context(request),
            "title": _("Workload of your agency"),
            "opts": self.opts,
            "rows": agency_workload(agency_id, today=today),
            "week_end": week_end(today),
            "form": form,
            "inbox_url": reverse("admin:appeals_appeal_changelist", current_app=self.admin_site.name),
        }
        return TemplateResponse(request, "admin/appeals/appeal/workload.html", context, status=status)

    def workload_url(self) -> str:
        return reverse("admin:appeals_appeal_workload", current_app=self.admin_site.name)
