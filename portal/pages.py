"""The pages a public service owes its users: privacy notice, accessibility statement, help and
contact. Long prose reads better written whole in each language than cut into catalogue
entries, so each page is one template per language (`pages/<name>.<lang>.html`)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import select_template
from django.utils.translation import get_language

PAGES = ("privacy", "accessibility", "help", "contact")


def _page(request: HttpRequest, name: str) -> HttpResponse:
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    template = select_template([f"pages/{name}.{language}.html", f"pages/{name}.en.html"])
    return render(
        request,
        template.template.name,  # type: ignore[attr-defined]
        {
            "contact_email": settings.DIALOG_CONTACT_EMAIL,
            "text_limit": settings.DIALOG_APPEAL_TEXT_MAX,
        },
    )


def privacy(request: HttpRequest) -> HttpResponse:
    return _page(request, "privacy")


def accessibility(request: HttpRequest) -> HttpResponse:
    return _page(request, "accessibility")


def help_page(request: HttpRequest) -> HttpResponse:
    return _page(request, "help")


def contact(request: HttpRequest) -> HttpResponse:
    return _page(request, "contact")
