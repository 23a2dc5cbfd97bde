"""The citizen pages of live sessions: the list, a session (questions, votes, answers, and the
transcript once it has ended), asking, voting, and the public fragment of answers the page polls."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from blogs.live.forms import LiveQuestionForm
from blogs.live.fragment_cache import CACHE_SECONDS, cache_key
from blogs.live.models import LiveQuestion, LiveSession, SessionState
from blogs.live.selectors import (
    answered_questions,
    appealed_questions,
    own_questions,
    public_session,
    sessions_by_state,
    voted_ids,
    waiting_questions,
)
from blogs.live.services import live_question_ask, live_question_vote
from portal.domain_errors import DomainError, http_status
from portal.idempotency import idempotent
from portal.ratelimit import rate_limit

# What a CDN (and the browser) may keep: a few seconds, the same bytes for everybody.
FRAGMENT_MAX_AGE = 5
POLL_SECONDS = 5


def _session_or_404(session_id: int) -> LiveSession:
    session = public_session(session_id)
    if session is None:
        raise Http404
    return session


def live_index(request: HttpRequest) -> HttpResponse:
    grouped = sessions_by_state()
    return render(
        request,
        "live/index.html",
        {
            "live_now": grouped[SessionState.LIVE],
            "coming": grouped[SessionState.SCHEDULED],
            "past": grouped[SessionState.ENDED][:50],
        },
    )


def _fragment(session: LiveSession, language: str) -> tuple[str, str]:
    """(ETag, HTML) of the answers so far: no request, no user, so no per-viewer byte in it."""
    etag = f'"live-{session.pk}-{session.version}-{language}"'
    html = render_to_string(
        "live/includes/answers.html",
        {"session": session, "answered": list(answered_questions(session)[:200])},
    )
    return etag, html


def _cached_fragment(session_id: int) -> tuple[str, str]:
    language = translation.get_language() or "kk"
    key = cache_key(session_id, language)
    entry = cache.get(key)
    if entry is None:
        entry = _fragment(_session_or_404(session_id), language)
        cache.set(key, entry, CACHE_SECONDS)
    return entry  # type: ignore[no-any-return]


@require_GET
def live_fragment(request: HttpRequest, session_id: int) -> HttpResponse:
    """The answers of a session, for the page's script and any CDN: from the cache, an ETag
    (304 when unchanged), public caching for a few seconds. Reads nothing of the viewer's, so
    no session, no cookie and no Vary: Cookie."""
    etag, html = _cached_fragment(session_id)
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={FRAGMENT_MAX_AGE}"
    # SESSION_SAVE_EVERY_REQUEST would refresh a signed-in viewer's cookie here (Set-Cookie and
    # Vary: Cookie on a response a CDN must be able to share); without a session attribute
    # SessionMiddleware leaves the response alone. (Not before: a 404 page shows who is signed in.)
    if hasattr(request, "session"):
        del request.session
    return response


def _session_page(
    request: HttpRequest, session: LiveSession, *, error: str = "", status: int = 200
) -> HttpResponse:
    user = request.user
    etag, fragment = _cached_fragment(session.pk)
    ended = session.state == SessionState.ENDED
    return render(
        request,
        "live/session.html",
        {
            "session": session,
            "fragment": fragment,
            "etag": etag,
            "poll_seconds": POLL_SECONDS,
            "waiting": list(waiting_questions(session)[:200]),
            "appealed": list(appealed_questions(session)) if ended else [],
            "answered": list(answered_questions(session)) if ended else [],
            "own": list(own_questions(user, session)),  # type: ignore[arg-type]
            "voted": voted_ids(user, session),  # type: ignore[arg-type]
            "error": error,
        },
        status=status,
    )


@require_GET
def live_session(request: HttpRequest, session_id: int) -> HttpResponse:
    return _session_page(request, _session_or_404(session_id))


@idempotent
def live_ask(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_or_404(session_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if session.state == SessionState.ENDED:
        return _session_page(request, session, error=_("This live session has ended."), status=409)
    initial = {"region": session.agency.region_id} if session.agency.region_id else {}
    form = LiveQuestionForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid() and (refusal := rate_limit(request, "live_question")):
            form.add_error(
                None,
                _("You have sent many questions recently. Please try again in %(minutes)d minutes.")
                % {"minutes": refusal.retry_minutes},
            )
            status = 429
        elif form.is_valid():
            try:
                live_question_ask(
                    actor=request.user,  # type: ignore[arg-type]
                    session=session,
                    text=form.cleaned_data["text"],
                    region=form.cleaned_data["region"],
                    language=translation.get_language() or "kk",
                )
            except DomainError as error:
                form.add_error(None, str(error))
                status = http_status(error)
            else:
                messages.success(
                    request,
                    _("Your question is sent. It appears in the list once a moderator has approved it."),
                )
                return redirect("live:session", session.pk)
        else:
            status = 400
    return render(request, "live/ask.html", {"session": session, "form": form}, status=status)


@require_POST
@idempotent
def live_vote(request: HttpRequest, session_id: int, question_id: int) -> HttpResponse:
    session = _session_or_404(session_id)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("live:session", args=[session.pk]))
    question = get_object_or_404(LiveQuestion.objects.public(), pk=question_id, session=session)
    try:
        live_question_vote(actor=request.user, question=question)  # type: ignore[arg-type]
    except DomainError as error:
        return _session_page(request, session, error=str(error), status=http_status(error))
    messages.success(request, _("Thank you: your vote is counted."))
    return redirect(f"{reverse('live:session', args=[session.pk])}#question-{question.pk}")
