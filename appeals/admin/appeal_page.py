"""The appeal page: everything about one appeal (read through `appeals.selectors.appeal_page`)
with a form for each action the official may take. An action posts to its own URL; a refused
or invalid one renders the page again with its bound form and the status code that says why."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from appeals.admin.base import ScopedAdmin
from appeals.admin.colleague import colleague_assignee, needs_colleague_confirmation
from appeals.admin.forms import ACTION_FORMS, ActionForm, AnswerForm
from appeals.admin.history import readable_history
from appeals.answer_text import fill_placeholders
from appeals.answer_workbench import answer_workbench, awaiting_approval, templates_for
from appeals.backoffice.audit import ATTACHMENT, PROFILE, record_personal_data_view
from appeals.backoffice.scope import active_official, can_extend, can_handle
from appeals.calendar import local_date
from appeals.language import appeal_language, language_name
from appeals.models import Appeal, PendingAnswer, PersonalDataView
from appeals.models.appeal import UNANSWERED, AppealStatus
from appeals.notifications import build_notification
from appeals.selectors import appeal_page
from appeals.services import (
    appeal_answer,
    appeal_answer_approve,
    appeal_answer_group,
    appeal_answer_return,
    appeal_assign,
    appeal_draft_save,
    appeal_extend,
    appeal_link,
    appeal_note,
    appeal_redirect,
    appeal_reject,
    appeal_request_clarification,
)
from appeals.services.approval_policy import may_approve
from portal.domain_errors import DomainError, InvalidInput, http_status


class AppealPageScreen(ScopedAdmin):
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
                "<path:object_id>/draft/",
                self.admin_site.admin_view(self.draft_view),
                name="{}_{}_draft".format(*info),
            )
        )
        own.append(
            path(
                "<path:object_id>/attachment/<int:attachment_id>/",
                self.admin_site.admin_view(self.attachment_view),
                name="{}_{}_attachment".format(*info),
            )
        )
        return own + super().get_urls()

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Appeal | None:
        """The scoped appeal with its publication, if any, in the same query (the answer form
        asks whether the answer may be kept out of the public register)."""
        if from_field is not None:
            found: Appeal | None = super().get_object(request, object_id, from_field)
            return found
        queryset = self.get_queryset(request).select_related("publication")
        try:
            return queryset.get(pk=int(object_id))
        except (Appeal.DoesNotExist, ValueError, OverflowError):
            return None

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
        """The page is the admin's read-only view of the appeal (its fieldsets, as Django lays
        out a view-only change form) around what `appeal_page` reads; after a failed action it is
        rendered again with that action's bound form."""
        forms = self.action_forms(request, appeal)
        if bound is not None:
            bound.url = self.action_url(appeal, bound.action)
            forms[bound.action] = bound
        fieldsets: Any = self.get_fieldsets(request, appeal)
        form = self.get_form(request, appeal, change=True, fields=flatten_fieldsets(fieldsets))(
            instance=appeal
        )
        admin_form = helpers.AdminForm(
            form, list(fieldsets), {}, flatten_fieldsets(fieldsets), model_admin=self
        )
        context = {
            **self.admin_site.each_context(request),
            "subtitle": str(appeal),
            "adminform": admin_form,
            "object_id": str(appeal.pk),
            "original": appeal,
            "is_popup": False,
            "to_field": None,
            "media": self.media + admin_form.media,
            "inline_admin_formsets": [],
            "errors": helpers.AdminErrorList(form, []),
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
            **self.appeal_context(request, appeal),
            "action_forms": forms,
        }
        response = self.render_change_form(request, context, change=True, obj=appeal)
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
        if appeal.status in UNANSWERED:
            names.insert(-1, "link")
        pending = awaiting_approval(appeal)
        if pending is not None:
            names = [name for name in names if name != "answer"]
            if may_approve(user, appeal):
                names = ["approve", "return", *names]
        forms = {
            name: ACTION_FORMS[name](
                appeal=appeal, initial={"pending": pending.pk} if pending is not None else None
            )
            for name in names
        }
        for name, form in forms.items():
            form.url = self.action_url(appeal, name)
        return forms

    def action_url(self, appeal: Appeal, action: str) -> str:
        return reverse(f"admin:appeals_appeal_{action}", args=[appeal.pk], current_app=self.admin_site.name)

    def appeal_context(self, request: HttpRequest, appeal: Appeal) -> dict[str, Any]:
        user: Any = request.user
        context = {
            **appeal_page(user, appeal, today=local_date(timezone.now())),
            **answer_workbench(user, appeal),
            "main_column_actions": ("answer", "approve", "return"),
            "draft_url": reverse(
                "admin:appeals_appeal_draft", args=[appeal.pk], current_app=self.admin_site.name
            ),
        }
        context["history"] = readable_history(context["events"])
        context["language_name"] = language_name(appeal_language(appeal))
        context["colleague"] = colleague_assignee(user, appeal)
        official = active_official(user)
        context["may_take"] = (
            official is not None
            and official.agency_id == appeal.agency_id
            and appeal.assignee_id != official.pk
            and appeal.status in UNANSWERED
            and appeal.status != AppealStatus.AWAITING_CLARIFICATION
        )
        context["my_official_id"] = official.pk if official is not None else None
        if context["citizen"] is not None:
            record_personal_data_view(
                viewer=user,
                citizen_id=appeal.citizen_id,
                appeal_id=appeal.pk,
                channel=PersonalDataView.Channel.ADMIN,
                what=[PROFILE],
                request=request,
            )
        return context

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
        if action == "answer" and "use_template" in request.POST:
            return self.use_template(request, appeal)
        if needs_colleague_confirmation(request, appeal, action):
            form.is_valid()
            colleague = colleague_assignee(request.user, appeal)  # type: ignore[arg-type]
            form.add_error(
                None,
                _(
                    "This appeal is assigned to %(name)s. Tick “I am acting on a colleague's appeal” "
                    "to go ahead."
                )
                % {"name": colleague.user.get_full_name() if colleague else ""},
            )
            return self.render_appeal_page(request, appeal, bound=form, status=409)
        if not form.is_valid():
            return self.render_appeal_page(request, appeal, bound=form, status=400)
        if action == "answer" and "preview" in request.POST:
            return self.preview_answer(request, appeal, form)
        try:
            message = self.apply(request, appeal, form)
        except DomainError as error:
            form.add_error(None, str(error))
            if error.code == "language_mismatch" and isinstance(form, AnswerForm):
                form.ask_language_confirmation()
            appeal.refresh_from_db()
            return self.render_appeal_page(request, appeal, bound=form, status=http_status(error))
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
                return self.send_answer(request, appeal, data)
            case "link":
                other = (
                    self.get_queryset(request).filter(tracking_number=data["other"].strip().upper()).first()
                )
                if other is None:
                    raise InvalidInput(str(_("There is no appeal with this number among those you may see.")))
                appeal_link(actor=actor, appeal=appeal, other=other)
                return str(_("Linked with %(number)s.") % {"number": other.tracking_number})
            case "approve":
                appeal_answer_approve(actor=actor, pending=self.pending_of(appeal, data["pending"]))
                return str(_("The answer is approved and sent; the citizen has been notified."))
            case "return":
                appeal_answer_return(
                    actor=actor, pending=self.pending_of(appeal, data["pending"]), comment=data["comment"]
                )
                return str(_("The answer is returned to its author with your comment."))
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

    def send_answer(self, request: HttpRequest, appeal: Appeal, data: dict[str, Any]) -> str:
        actor: Any = request.user
        common = {
            "actor": actor,
            "text": data["text"],
            "language": data["language"],
            "language_confirmed": data["language_confirmed"],
            "register_withhold_text": bool(data.get("register_withhold_text")),
        }
        others = list(Appeal.objects.filter(pk__in=data.get("also_to") or []))
        if others:
            if data["attachments"]:
                raise InvalidInput(str(_("An answer to several appeals is sent without files.")))
            results = appeal_answer_group(appeal=appeal, others=others, **common)
        else:
            results = [
                appeal_answer(
                    appeal=appeal,
                    uploads=data["attachments"],
                    further=data["further"],
                    register_withhold_files=bool(data.get("register_withhold_files")),
                    **common,
                )
            ]
        if any(isinstance(result, PendingAnswer) for result in results):
            return str(
                ngettext(
                    "The answer is handed in for approval; it is sent once the head approves it.",
                    "The answers are handed in for approval; each is sent once the head approves it.",
                    len(results),
                )
            )
        if len(results) == 1:
            return str(_("The answer is sent; the citizen has been notified."))
        return str(
            ngettext(
                "The answer is sent to %(count)d appeal; each citizen has been notified.",
                "The answer is sent to %(count)d appeals; each citizen has been notified.",
                len(results),
            )
            % {"count": len(results)}
        )

    def pending_of(self, appeal: Appeal, pending_id: int) -> PendingAnswer:
        pending = PendingAnswer.objects.filter(pk=pending_id, appeal=appeal).first()
        if pending is None:
            raise InvalidInput(str(_("This answer is no longer awaiting approval.")))
        return pending

    def use_template(self, request: HttpRequest, appeal: Appeal) -> HttpResponse:
        """Without JavaScript: the chosen template's text replaces the answer box's, with its
        placeholders still in braces (they are filled per citizen when sent)."""
        data = request.POST.copy()
        template = templates_for(appeal).filter(pk=int(data.get("answer-template") or 0)).first()
        if template is not None:
            data["answer-text"] = template.text
            data["answer-language"] = template.language
        form = AnswerForm(data, appeal=appeal)
        return self.render_appeal_page(request, appeal, bound=form)

    def preview_answer(self, request: HttpRequest, appeal: Appeal, form: ActionForm) -> HttpResponse:
        """Exactly what the citizen will receive: the e-mail as the outbox would write it, and
        the answer with its placeholders filled, as the citizen's page shows it."""
        data = form.cleaned_data
        email = build_notification(user=appeal.citizen, kind="answered", appeal=appeal)
        language = appeal_language(appeal)
        mismatch = data["language"] != language and not data["language_confirmed"]
        if mismatch and isinstance(form, AnswerForm):
            form.ask_language_confirmation()
        preview = {
            "subject": email.subject,
            "body": email.body,
            "to": email.email,
            "text": fill_placeholders(data["text"], appeal),
            "language_mismatch": mismatch,
            "answer_language_name": language_name(data["language"]),
        }
        return self.render_appeal_page(request, appeal, bound=form, extra_context={"answer_preview": preview})

    def draft_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Saves the answer box: called by the page's autosave (JSON) and by the "Save draft"
        button (a redirect back to the page)."""
        appeal = self.scoped_appeal(request, object_id)
        if request.method != "POST":
            return HttpResponseRedirect(self.appeal_url(appeal))
        wants_json = "application/json" in request.headers.get("Accept", "")
        if "answer-text" not in request.POST:
            return JsonResponse({"detail": str(_("There is no answer text to save."))}, status=400)
        try:
            draft = appeal_draft_save(
                actor=request.user,  # type: ignore[arg-type]
                appeal=appeal,
                text=request.POST.get("answer-text", ""),
                language=request.POST.get("answer-language", ""),
            )
        except DomainError as error:
            if wants_json:
                return JsonResponse({"detail": str(error)}, status=http_status(error))
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(self.appeal_url(appeal))
        saved = (
            _("Draft saved at %(time)s.") % {"time": formats.time_format(timezone.localtime(draft.saved_at))}
            if draft is not None
            else _("The empty draft is removed.")
        )
        if wants_json:
            return JsonResponse({"detail": str(saved)})
        self.message_user(request, str(saved), messages.SUCCESS)
        return HttpResponseRedirect(self.appeal_url(appeal) + "#action-answer")

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
