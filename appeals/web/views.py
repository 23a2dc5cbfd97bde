"""The citizen's appeal pages. Every write goes through `appeals.services`; every read of an
appeal goes through `appeals.selectors`, which only ever finds the citizen's own."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from appeals.calendar import WorkingCalendar, local_date
from appeals.models import Appeal, AppealStatus, AppealType, EventKind, FilingDraft
from appeals.models.appeal import UNANSWERED
from appeals.register.selectors import RegisterEntry, publication_of, similar_published
from appeals.selectors import (
    citizen_appeal,
    citizen_appeals,
    citizen_attachment,
    clock_in_words,
    public_timeline,
)
from appeals.services import (
    appeal_add_information,
    appeal_clarify,
    appeal_complain,
    appeal_rate,
    appeal_withdraw,
)
from appeals.services.complaints import COMPLAINT_ABOUT, complaint_problem, oversight_for
from appeals.services.filing_drafts import draft_for, draft_remove_file, draft_save, draft_send
from appeals.services.publication import publication_withdraw
from appeals.uploads import MAX_FILE_SIZE, MAX_FILES
from appeals.web.forms import AppealForm, ClarificationForm, ComplaintForm, InformationForm, RatingForm
from portal.accounts.models import CitizenProfile, User
from portal.domain_errors import DomainError
from portal.idempotency import HEADER as IDEMPOTENCY_HEADER
from portal.idempotency import form_token_key, idempotent, respond_idempotently
from portal.ratelimit import rate_limit

PAGE_SIZE = 20


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _language() -> str:
    return (get_language() or "kk").split("-")[0]


def _missing_before_filing(user: User) -> list[str]:
    missing = []
    if user.email_verified_at is None:
        missing.append("email")
    profile = CitizenProfile.objects.filter(user=user).select_related("user").first()
    if profile is None or not profile.is_complete:
        missing.append("profile")
    return missing


SUBMISSION_TOKEN = "submission_token"  # noqa: S105 (a form field name)


def appeal_new(request: HttpRequest) -> HttpResponse:
    """The filing form. Sending it keeps everything in the citizen's draft (typed values and
    checked files, on the server) and leads to "check your answers", where the appeal is sent;
    a form error, the details step or a change of mind never loses what was typed or attached."""
    if not request.user.is_authenticated:
        return render(request, "appeals/sign_in_needed.html", {"next": request.get_full_path()})
    user = _user(request)
    draft = draft_for(user)
    if request.method != "POST":
        missing = _missing_before_filing(user)
        if missing:
            return render(
                request, "appeals/before_filing.html", {"missing": missing, "next": request.get_full_path()}
            )
        form = AppealForm(
            initial=AppealForm.initial_from(draft.data if draft else {}, request.GET), language=_language()
        )
        return _form_page(request, form, draft)
    form = AppealForm(request.POST, request.FILES, language=_language())
    valid = form.is_valid()
    uploads = request.FILES.getlist("attachments")
    try:
        draft = draft_save(
            actor=user,
            data=request.POST,
            uploads=uploads if uploads and "attachments" not in form.errors else (),
        )
    except DomainError as error:
        form.add_error("attachments", str(error))
        valid = False
        draft = draft_save(actor=user, data=request.POST)
    missing = _missing_before_filing(user)
    if missing:
        return render(
            request, "appeals/before_filing.html", {"missing": missing, "next": reverse("appeals:new")}
        )
    if "similar" in request.POST:
        # "Has this been answered already?" without JavaScript: the same page, kept as typed,
        # with the published appeals that look like it.
        # The form is shown as kept, not judged: the citizen has not finished it.
        similar = similar_published(f"{request.POST.get('subject', '')} {request.POST.get('text', '')}")
        kept = AppealForm(initial=AppealForm.initial_from(draft.data, {}), language=_language())
        return _form_page(request, kept, draft, similar=similar, similar_asked=True)
    if valid:
        return redirect("appeals:check")
    return _form_page(request, form, draft)


def _form_page(
    request: HttpRequest,
    form: AppealForm,
    draft: FilingDraft | None,
    status: int = 200,
    *,
    similar: list[RegisterEntry] | None = None,
    similar_asked: bool = False,
) -> HttpResponse:
    return render(
        request,
        "appeals/new.html",
        {
            "form": form,
            "kept_files": list(draft.files.all()) if draft else [],
            "max_files": MAX_FILES,
            "max_file_size": MAX_FILE_SIZE,
            "text_limit": form.fields["text"].max_length,  # type: ignore[attr-defined]
            "route_url": _route_url(),
            "similar": similar or [],
            "similar_asked": similar_asked,
        },
        status=status,
    )


def _route_url() -> str:
    """The routing help's page ("help me choose"), when the portal has one."""
    try:
        return reverse("appeals:route")
    except NoReverseMatch:
        return ""


@login_required
@require_POST
def draft_file_remove(request: HttpRequest, file_id: int) -> HttpResponse:
    """Take a kept file out of the draft (a button per file; works without JavaScript)."""
    draft_remove_file(actor=_user(request), file_id=file_id)
    return redirect(reverse("appeals:new") + "#id_attachments")


@login_required
def appeal_check(request: HttpRequest) -> HttpResponse:
    """Check your answers: the draft in full, each part with a link to change it, and the one
    button that sends it. The form token makes a second click show the first result."""
    if request.method == "POST":
        token = request.POST.get(SUBMISSION_TOKEN, "")
        header = request.headers.get(IDEMPOTENCY_HEADER)
        return respond_idempotently(
            request,
            user=request.user,
            key=header or (form_token_key(token) if token else None),
            run=lambda: _appeal_check(request),
            same_body=header is not None,
        )
    return _appeal_check(request)


def _appeal_check(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    missing = _missing_before_filing(user)
    if missing:
        return render(
            request, "appeals/before_filing.html", {"missing": missing, "next": reverse("appeals:check")}
        )
    draft = draft_for(user)
    if draft is None:
        return redirect("appeals:new")
    form = AppealForm(draft.data, language=_language())
    if not form.is_valid():
        return _form_page(request, form, draft)
    problem = ""
    limited = False
    if request.method == "POST":
        refusal = rate_limit(request, "file_appeal")
        if refusal:
            limited = True
            problem = _(
                "You have filed several appeals in a short time. To protect the portal from "
                "abuse, please try again in %(minutes)d minutes. Everything you typed is kept."
            ) % {"minutes": refusal.retry_minutes}
        else:
            data = form.cleaned_data
            try:
                appeal = draft_send(
                    actor=user,
                    appeal_type=data["appeal_type"],
                    region=data["region_obj"],
                    subject=data["subject"],
                    text=data["text"],
                    agency=data.get("agency"),
                    deputy=data.get("deputy"),
                    publish=bool(data.get("publish")),
                )
            except DomainError as error:
                problem = str(error)
            else:
                return redirect("appeals:filed", appeal.tracking_number)
    data = form.cleaned_data
    addressee = data.get("agency") or data.get("deputy")
    return render(
        request,
        "appeals/check.html",
        {
            "draft": draft,
            "data": data,
            "addressee": addressee,
            "appeal_type_label": AppealType(data["appeal_type"]).label,
            "files": list(draft.files.all()),
            "problem": problem,
            "submission_token": request.POST.get(SUBMISSION_TOKEN) or uuid.uuid4().hex,
        },
        status=429 if limited else 200,
    )


@login_required
def appeal_filed(request: HttpRequest, tracking_number: str) -> HttpResponse:
    appeal = citizen_appeal(_user(request), tracking_number)
    return render(request, "appeals/filed.html", {"appeal": appeal})


def status_filter_choices() -> list[tuple[str, str]]:
    return [("", _("All")), *((value, str(label)) for value, label in AppealStatus.choices)]


@login_required
def appeal_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    status = request.GET.get("status", "")
    if status not in AppealStatus.values:
        status = ""
    paginator: Paginator[Appeal] = Paginator(citizen_appeals(user, status=status), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    calendar = WorkingCalendar.load()
    today = local_date(timezone.now())
    rows = [
        (appeal, clock_in_words(appeal, today=today, calendar=calendar).text) for appeal in page.object_list
    ]
    return render(
        request,
        "appeals/list.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "status_choices": status_filter_choices(),
        },
    )


def _complaint_options(appeal: Appeal) -> list[str]:
    today = local_date(timezone.now())
    filed = {
        str(about)
        for about in appeal.events.filter(kind=EventKind.COMPLAINT_FILED).values_list(
            "data__about", flat=True
        )
    }
    return [
        about
        for about in COMPLAINT_ABOUT
        if about not in filed and complaint_problem(appeal, about, today) is None
    ]


def _detail(request: HttpRequest, appeal: Appeal, status: int = 200, **forms: Any) -> HttpResponse:
    calendar = WorkingCalendar.load()
    today = local_date(timezone.now())
    context: dict[str, Any] = {
        "appeal": appeal,
        "timeline": public_timeline(appeal),
        "clock": clock_in_words(appeal, today=today, calendar=calendar).text,
        "answers": list(appeal.answers.all()),
        "citizen_files": appeal.citizen_files,  # type: ignore[attr-defined]
        "can_withdraw": appeal.status in UNANSWERED,
        "publication": publication_of(appeal),
        "complaint_options": _complaint_options(appeal),
        "complaints": list(appeal.complaints.order_by("registered_at")),
        "clarification_form": None,
        "rating_form": None,
        "information_form": None,
    }
    if appeal.status == AppealStatus.AWAITING_CLARIFICATION:
        context["clarification_form"] = forms.get("clarification_form") or ClarificationForm()
        asked = next(
            (e for e in reversed(context["timeline"]) if e.kind == EventKind.CLARIFICATION_REQUESTED), None
        )
        context["question"] = asked.quote if asked else ""
    if appeal.status == AppealStatus.ANSWERED:
        context["rating_form"] = forms.get("rating_form") or RatingForm()
    if appeal.status in UNANSWERED:
        context["information_form"] = forms.get("information_form") or InformationForm()
    context["form"] = (
        forms.get("clarification_form") or forms.get("rating_form") or forms.get("information_form")
    )
    return render(request, "appeals/detail.html", context, status=status)


@login_required
def appeal_detail(request: HttpRequest, tracking_number: str) -> HttpResponse:
    return _detail(request, citizen_appeal(_user(request), tracking_number))


@login_required
def attachment_download(request: HttpRequest, tracking_number: str, attachment_id: int) -> FileResponse:
    attachment = citizen_attachment(_user(request), tracking_number, attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
@idempotent
def appeal_clarify_view(request: HttpRequest, tracking_number: str) -> HttpResponse:
    appeal = citizen_appeal(_user(request), tracking_number)
    form = ClarificationForm(request.POST)
    if not form.is_valid():
        return _detail(request, appeal, clarification_form=form)
    try:
        appeal_clarify(actor=_user(request), appeal=appeal, text=form.cleaned_data["clarification"])
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your answer has been sent. The term runs again."))
    return redirect("appeals:detail", appeal.tracking_number)


@login_required
@require_POST
@idempotent
def appeal_add_information_view(request: HttpRequest, tracking_number: str) -> HttpResponse:
    appeal = citizen_appeal(_user(request), tracking_number)
    form = InformationForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, appeal, status=400, information_form=form)
    try:
        appeal_add_information(
            actor=_user(request),
            appeal=appeal,
            text=form.cleaned_data["information"],
            uploads=form.cleaned_data["attachments"],
        )
    except DomainError as error:
        form.add_error(None, str(error))
        return _detail(request, appeal, status=400, information_form=form)
    messages.success(request, _("Your information is added to the appeal. The term is unchanged."))
    return redirect("appeals:detail", appeal.tracking_number)


@login_required
@idempotent
def appeal_withdraw_view(request: HttpRequest, tracking_number: str) -> HttpResponse:
    appeal = citizen_appeal(_user(request), tracking_number)
    if appeal.status not in UNANSWERED:
        messages.error(request, _("This appeal can no longer be withdrawn."))
        return redirect("appeals:detail", appeal.tracking_number)
    if request.method == "POST":
        try:
            appeal_withdraw(actor=_user(request), appeal=appeal)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Appeal %(number)s is withdrawn.") % {"number": appeal.tracking_number}
            )
        return redirect("appeals:detail", appeal.tracking_number)
    return render(request, "appeals/withdraw.html", {"appeal": appeal})


@login_required
@require_POST
@idempotent
def appeal_unpublish_view(request: HttpRequest, tracking_number: str) -> HttpResponse:
    """The citizen takes the appeal out of the public register (or out of its moderation)."""
    appeal = citizen_appeal(_user(request), tracking_number)
    publication = publication_of(appeal)
    if publication is None:
        raise Http404
    try:
        publication_withdraw(actor=_user(request), publication=publication)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The appeal is no longer published in the register."))
    return redirect("appeals:detail", appeal.tracking_number)


@login_required
@require_POST
@idempotent
def appeal_rate_view(request: HttpRequest, tracking_number: str) -> HttpResponse:
    appeal = citizen_appeal(_user(request), tracking_number)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _detail(request, appeal, rating_form=form)
    try:
        appeal_rate(
            actor=_user(request),
            appeal=appeal,
            rating=form.cleaned_data["rating"],
            resolved=form.cleaned_data["resolved"],
            comment=form.cleaned_data["comment"],
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you. Your rating is recorded and the appeal is closed."))
    return redirect("appeals:detail", appeal.tracking_number)


@login_required
@idempotent
def appeal_complain_view(request: HttpRequest, tracking_number: str) -> HttpResponse:
    user = _user(request)
    appeal = citizen_appeal(user, tracking_number)
    allowed = _complaint_options(appeal)
    if not allowed:
        messages.error(
            request,
            _("A complaint is possible once the answer has come, or when it is late, and only once each."),
        )
        return redirect("appeals:detail", appeal.tracking_number)
    form = ComplaintForm(request.POST or None, request.FILES or None, allowed=allowed)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = appeal_complain(
                actor=user,
                appeal=appeal,
                about=form.cleaned_data["about"],
                text=form.cleaned_data["text"],
                uploads=form.cleaned_data["attachments"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return redirect("appeals:filed", complaint.tracking_number)
    try:
        body = oversight_for(appeal.agency)
    except DomainError:
        body = None
    return render(request, "appeals/complain.html", {"appeal": appeal, "form": form, "oversight": body})
