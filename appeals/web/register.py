"""The public register's pages under /<lang>/register/: the searchable list, one published
appeal with its answer and timeline, an agency's page (its protected figures and recent published
answers), the "has this been answered already?" list beside the filing form, and the answer's
published files. Public reads only: the replica router serves them (`portal.replica`)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from appeals.models import Attachment
from appeals.register.figures import agency_figures, publication_rate
from appeals.register.selectors import (
    RegisterFilters,
    published_appeals,
    recent_answers,
    register_entries,
    register_entry,
    register_filter,
    similar_published,
)
from appeals.web.register_forms import RegisterSearchForm
from officials.models import Agency

PER_PAGE = 20
SIMILAR_TEXT_MAX = 2000
_CACHE = "public, max-age=60"


def _language() -> str:
    return (get_language() or "en").split("-")[0]


@require_safe
def register_list(request: HttpRequest) -> HttpResponse:
    form = RegisterSearchForm(request.GET or None, language=_language())
    filters = RegisterFilters()
    status = 200
    if form.is_bound:
        if form.is_valid():
            filters = form.filters()
        else:
            status = 400
    page = Paginator(register_filter(published_appeals(), filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    return render(
        request,
        "register/list.html",
        {
            "form": form,
            "page": page,
            "entries": register_entries(page.object_list),
            "query": f"{query}&" if query else "",
            "searched": bool(filters.q),
            "register_section": True,
        },
        status=status,
    )


@require_safe
def register_detail(request: HttpRequest, tracking_number: str) -> HttpResponse:
    entry = register_entry(tracking_number)
    if entry is None:
        raise Http404
    if entry.tracking_number != tracking_number:
        # An earlier number of an appeal redirected to the competent agency.
        return redirect("register:detail", entry.tracking_number, permanent=False)
    return render(request, "register/detail.html", {"entry": entry, "register_section": True})


@require_safe
def register_agency(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.select_related("region"), slug=slug)
    figures = agency_figures(agency)
    return render(
        request,
        "register/agency.html",
        {
            "agency": agency,
            "figures": figures,
            "publication": publication_rate(agency, figures),
            "entries": recent_answers(agency),
            "register_section": True,
        },
    )


@require_safe
def register_similar(request: HttpRequest) -> HttpResponse:
    """Published appeals like the words in `q`: an HTML fragment for the filing form's script
    (the form shows the same list without JavaScript, `appeals.web.views.appeal_new`)."""
    text = request.GET.get("q", "")[:SIMILAR_TEXT_MAX]
    agency = Agency.objects.filter(slug=request.GET.get("agency", "")[:100]).first()
    response = render(
        request,
        "register/includes/similar.html",
        {"similar": similar_published(text, agency=agency), "asked": bool(text.strip())},
    )
    response["Cache-Control"] = _CACHE
    return response


@require_safe
def register_attachment(request: HttpRequest, tracking_number: str, attachment_id: int) -> FileResponse:
    """A file of a published answer, unless the agency withheld it."""
    entry = register_entry(tracking_number)
    if entry is None or not any(
        attachment.id == attachment_id for answer in entry.answers for attachment in answer.attachments
    ):
        raise Http404
    attachment = Attachment.objects.get(pk=attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["Cache-Control"] = _CACHE
    response["X-Content-Type-Options"] = "nosniff"
    return response
