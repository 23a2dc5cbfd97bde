"""The citizen pages of consultations: the list, a consultation (draft, files, ballot, comments,
results, response), voting, commenting, the attachments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from blogs.consultations.forms import BallotForm, CommentForm, question_field_name
from blogs.consultations.models import Consultation, ConsultationFile, Stage
from blogs.consultations.presentation import results_for_page
from blogs.consultations.selectors import (
    own_choices,
    own_comments_waiting,
    own_region,
    public_consultation,
    public_consultations,
    published_comments,
    published_response,
)
from blogs.consultations.services import consultation_comment, consultation_vote
from blogs.rendering import render_markdown
from portal.accounts.models import CitizenProfile
from portal.domain_errors import DomainError, http_status
from portal.idempotency import idempotent
from portal.masking import render_masked

PER_PAGE = 10


@require_GET
def consultation_index(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    page = Paginator(public_consultations(), PER_PAGE).get_page(request.GET.get("page"))
    rows = [(c, c.stage(now)) for c in page.object_list]
    return render(
        request, "consultations/index.html", {"page": page, "rows": rows, "consultations_section": True}
    )


MAX_ID = 2**63 - 1


def _consultation(pk: int) -> Consultation:
    found = public_consultation(pk) if pk <= MAX_ID else None
    if found is None:
        raise Http404
    return found


def _may_vote(request: HttpRequest) -> bool:
    """Whether to offer the ballot (the service decides again when it is sent)."""
    if not request.user.is_authenticated:
        return False
    profile = CitizenProfile.objects.filter(user=request.user).select_related("user").first()
    return profile is not None and profile.identity_verified_at is not None and profile.is_complete


def _render_detail(
    request: HttpRequest,
    consultation: Consultation,
    *,
    ballot: BallotForm | None = None,
    comment_form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    now = timezone.now()
    stage = consultation.stage(now)
    questions = list(consultation.questions.all())
    chosen = own_choices(consultation, request.user)  # type: ignore[arg-type]
    may_vote = _may_vote(request)
    if ballot is None and stage == Stage.OPEN and may_vote:
        initial: dict[str, Any] = {}
        for question in questions:
            picked = [str(pk) for pk in chosen.get(question.pk, [])]
            if picked:
                initial[question_field_name(question)] = picked if question.kind == "multiple" else picked[0]
        region = own_region(consultation, request.user)  # type: ignore[arg-type]
        if region is not None:
            initial["region"] = region
        ballot = BallotForm(questions=questions, initial=initial)
    if comment_form is None and stage == Stage.OPEN and may_vote:
        comment_form = CommentForm()
    response = published_response(consultation)
    return render(
        request,
        "consultations/detail.html",
        {
            "consultation": consultation,
            "stage": stage,
            "draft_html": render_markdown(consultation.draft_text),
            "questions": questions,
            "files": list(consultation.files.all()),
            "ballot": ballot,
            "form": ballot if ballot is not None and ballot.is_bound else comment_form,
            "comment_form": comment_form,
            "has_voted": bool(chosen),
            "may_vote": may_vote,
            "results": results_for_page(consultation) if consultation.results_public_at(now) else None,
            "comments": [render_masked(c.public_text) for c in published_comments(consultation)],
            "waiting_comments": own_comments_waiting(consultation, request.user),  # type: ignore[arg-type]
            "response": response,
            "response_html": render_masked(response.text) if response else None,
            "response_due_on": consultation.response_appeal.due_on if consultation.response_appeal else None,
            "consultations_section": True,
        },
        status=status,
    )


@require_GET
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _consultation(pk))


@require_POST
@idempotent
def consultation_vote_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    consultation = _consultation(pk)
    ballot = BallotForm(request.POST, questions=list(consultation.questions.all()))
    if not ballot.is_valid():
        return _render_detail(request, consultation, ballot=ballot, status=400)
    try:
        consultation_vote(
            actor=request.user,  # type: ignore[arg-type]
            consultation=consultation,
            region=ballot.cleaned_data["region"],
            answers=ballot.cleaned_data["answers"],
            replace=request.POST.get("replace") == "1",
        )
    except DomainError as error:
        ballot.add_error(None, str(error))
        return _render_detail(request, consultation, ballot=ballot, status=http_status(error))
    messages.success(
        request, _("Thank you: your vote is recorded. You can change it until the consultation closes.")
    )
    return redirect("consultations:detail", consultation.pk)


@require_POST
@idempotent
def consultation_comment_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    consultation = _consultation(pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, consultation, comment_form=form, status=400)
    try:
        consultation_comment(actor=request.user, consultation=consultation, text=form.cleaned_data["text"])  # type: ignore[arg-type]
    except DomainError as error:
        form.add_error(None, str(error))
        return _render_detail(request, consultation, comment_form=form, status=http_status(error))
    messages.success(request, _("Thank you: your comment is sent. It is published after moderation."))
    return redirect("consultations:detail", consultation.pk)


@require_GET
def consultation_file(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    consultation = _consultation(pk)
    if file_id > MAX_ID:
        raise Http404
    attachment = get_object_or_404(ConsultationFile, pk=file_id, consultation=consultation)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, content_type=attachment.content_type)
    response["Content-Disposition"] = "attachment"
    response["Cache-Control"] = "public, max-age=86400"
    return response
