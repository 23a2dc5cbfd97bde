"""The citizen pages of the blogs: index, a blog, posts, questions, asking, search, files."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.shortcuts import render as django_render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from appeals.models import Answer
from appeals.services import appeal_rate
from blogs.figures import blog_figures, blog_summary
from blogs.forms import QuestionForm, RatingForm, ReportForm, SearchForm
from blogs.models import Blog, BlogQuestion, Moderation, PostImage
from blogs.rendering import render_markdown
from blogs.scope import can_moderate, can_read_question
from blogs.selectors import (
    QUESTION_FILTERS,
    blog_posts,
    blog_questions,
    public_blogs,
    question_timeline,
    questions_of,
    search,
)
from blogs.services import blog_item_report, blog_question_ask
from portal.accounts.models import CitizenProfile
from portal.domain_errors import DomainError, http_status
from portal.idempotency import idempotent
from portal.ratelimit import rate_limit

QUESTIONS_PER_PAGE = 10
POSTS_PER_PAGE = 10


def render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """Every blog page marks "Blogs" as the current section of the navigation."""
    return django_render(request, template, {**context, "blogs_section": True}, status=status)


def _public_blog(slug: str) -> Blog:
    return get_object_or_404(public_blogs(), agency__slug=slug)


def _post_html(blog: Blog, body: str) -> Any:
    image_ids = set(blog.images.values_list("pk", flat=True))
    return render_markdown(
        body,
        image_url=lambda pk: reverse("blogs:image", args=[blog.slug, pk]),
        image_ids=image_ids,
    )


def blog_index(request: HttpRequest) -> HttpResponse:
    blogs = list(public_blogs())
    figures = blog_figures(blogs)
    cards = [(blog, figures.get(blog.pk)) for blog in blogs]
    return render(request, "blogs/index.html", {"cards": cards})


def blog_detail(request: HttpRequest, slug: str) -> HttpResponse:
    blog = _public_blog(slug)
    status = request.GET.get("status", "")
    if status not in QUESTION_FILTERS:
        status = ""
    page = Paginator(blog_questions(blog, status=status or None), QUESTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    own_waiting = questions_of(request.user).filter(blog=blog).exclude(state=Moderation.PUBLISHED)
    return render(
        request,
        "blogs/blog.html",
        {
            "blog": blog,
            "figures": blog_summary(blog),
            "posts": list(blog_posts(blog)[:3]),
            "page": page,
            "status": status,
            "filters": QUESTION_FILTERS,
            "own_waiting": list(own_waiting[:10]),
        },
    )


def post_list(request: HttpRequest, slug: str) -> HttpResponse:
    blog = _public_blog(slug)
    page = Paginator(blog_posts(blog), POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "blogs/post_list.html", {"blog": blog, "page": page})


def post_detail(request: HttpRequest, slug: str, post_id: int) -> HttpResponse:
    blog = _public_blog(slug)
    post = get_object_or_404(blog_posts(blog), pk=post_id)
    return render(
        request, "blogs/post.html", {"blog": blog, "post": post, "body_html": _post_html(blog, post.body)}
    )


def _question_for(request: HttpRequest, slug: str, question_id: int) -> BlogQuestion:
    """The question if `request.user` may read it; 404 otherwise (its existence is not told)."""
    question = get_object_or_404(
        BlogQuestion.objects.with_appeal()
        .select_related("blog__head", "appeal__citizen")
        .prefetch_related(Prefetch("appeal__answers", queryset=Answer.objects.order_by("sent_at", "id"))),
        pk=question_id,
        blog__agency__slug=slug,
    )
    if not can_read_question(request.user, question):  # type: ignore[arg-type]
        raise Http404
    return question


def question_detail(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    question = _question_for(request, slug, question_id)
    return _render_question(request, question)


def _render_question(
    request: HttpRequest, question: BlogQuestion, *, rating_form: RatingForm | None = None, status: int = 200
) -> HttpResponse:
    appeal = question.appeal
    is_author = request.user.is_authenticated and appeal.citizen_id == request.user.pk
    can_rate = is_author and appeal.status == "answered"
    return render(
        request,
        "blogs/question.html",
        {
            "blog": question.blog,
            "question": question,
            "appeal": appeal,
            "answers": list(appeal.answers.all()),
            "timeline": question_timeline(question),
            "is_author": is_author,
            "is_moderator": request.user.is_authenticated and can_moderate(request.user, question.blog),  # type: ignore[arg-type]
            "rating_form": rating_form or (RatingForm() if can_rate else None),
            "form": rating_form,
        },
        status=status,
    )


@require_POST
@idempotent
def question_rate(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    question = _question_for(request, slug, question_id)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            appeal_rate(
                actor=request.user,  # type: ignore[arg-type]
                appeal=question.appeal,
                rating=form.cleaned_data["rating"],
                resolved=form.cleaned_data["resolved"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you: your rating is published with the answer."))
            return redirect("blogs:question", slug, question.pk)
    return _render_question(request, question, rating_form=form, status=400)


def _ask_problem(request: HttpRequest, blog: Blog) -> tuple[str, str] | None:
    """Why this citizen cannot ask on this blog now, as (code, message); None when they can."""
    if not (blog.is_open and blog.head.is_active):
        return "blog_closed", _(
            "This blog is not taking questions at the moment. You can still write to %(agency)s "
            "with an ordinary appeal."
        ) % {"agency": blog.agency.name}
    if not request.user.is_authenticated:
        return None
    profile = CitizenProfile.objects.filter(user=request.user).select_related("user").first()
    if profile is None or not profile.is_complete:
        return "profile_incomplete", _(
            "Before you can ask a question the law requires your full name, IIN and postal address. "
            "They are never published."
        )
    return None


@idempotent
def question_ask(request: HttpRequest, slug: str) -> HttpResponse:
    blog = _public_blog(slug)
    if request.user.is_authenticated or not (blog.is_open and blog.head.is_active):
        problem = _ask_problem(request, blog)
    else:
        return redirect_to_login(request.get_full_path())
    if problem is not None:
        return render(
            request,
            "blogs/ask.html",
            {"blog": blog, "problem": problem[1], "problem_code": problem[0]},
            status=200 if request.method == "GET" else 400,
        )
    initial = {"region": blog.agency.region_id} if blog.agency.region_id else {}
    form = QuestionForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid() and (refusal := rate_limit(request, "file_appeal")):
            # A public question is an appeal: it shares the citizen's budget for filing appeals.
            form.add_error(
                None,
                _(
                    "You have sent several appeals or questions in a short time. To protect the portal "
                    "from abuse, please try again in %(minutes)d minutes. Everything you typed is kept."
                )
                % {"minutes": refusal.retry_minutes},
            )
            status = 429
        elif form.is_valid():
            try:
                question = blog_question_ask(
                    actor=request.user,  # type: ignore[arg-type]
                    blog=blog,
                    region=form.cleaned_data["region"],
                    subject=form.cleaned_data["subject"],
                    text=form.cleaned_data["text"],
                    language=getattr(request, "LANGUAGE_CODE", "kk"),
                )
            except DomainError as error:
                form.add_error(None, str(error))
                status = http_status(error)
            else:
                messages.success(
                    request,
                    _(
                        "Your question is sent (appeal %(number)s). It will be published after "
                        "moderation; the answer is due by %(due)s."
                    )
                    % {
                        "number": question.appeal.tracking_number,
                        "due": date_format(question.appeal.due_on, "DATE_FORMAT"),
                    },
                )
                return redirect("blogs:question", blog.slug, question.pk)
        else:
            status = 400
    return render(request, "blogs/ask.html", {"blog": blog, "form": form}, status=status)


@idempotent
def question_report(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    question = _question_for(request, slug, question_id)
    if not question.is_listed:
        raise Http404
    initial = {"part": request.GET.get("part")} if request.GET.get("part") in ("question", "answer") else {}
    form = ReportForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                blog_item_report(
                    actor=request.user,  # type: ignore[arg-type]
                    question=question,
                    part=form.cleaned_data["part"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                form.add_error(None, str(error))
                status = http_status(error)
            else:
                messages.success(request, _("Thank you. The blog's moderators will look at your report."))
                return redirect("blogs:question", slug, question.pk)
        else:
            status = 400
    return render(
        request,
        "blogs/report.html",
        {"blog": question.blog, "question": question, "form": form},
        status=status,
    )


def my_questions(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    questions = Paginator(questions_of(request.user), QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "blogs/mine.html", {"page": questions})


def search_view(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results = None
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query:
            results = search(query)
    return render(request, "blogs/search.html", {"form": form, "results": results, "query": query})


# --- files: MEDIA is private; these views serve only what a public blog shows ---------------

_FILE_CACHE = "public, max-age=86400"


def _file_response(field_file: Any, content_type: str) -> FileResponse:
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = _FILE_CACHE
    response["Content-Disposition"] = "inline"
    return response


def blog_photo(request: HttpRequest, slug: str) -> FileResponse:
    blog = _public_blog(slug)
    if not blog.photo:
        raise Http404
    return _file_response(blog.photo, blog.photo_content_type or "application/octet-stream")


def blog_image(request: HttpRequest, slug: str, image_id: int) -> FileResponse:
    blog = _public_blog(slug)
    image = get_object_or_404(PostImage, pk=image_id, blog=blog)
    return _file_response(image.file, image.content_type)
