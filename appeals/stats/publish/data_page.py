"""`/<lang>/stats/data/`: the data dictionary and the open-data licence as a page, in the
language of the URL, for readers who want the definitions before (or without) the zip."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from appeals.stats.publish.dictionary import LICENCE_URL, dictionary_rows, licence_paragraphs


@require_safe
def stats_data_page(request: HttpRequest) -> HttpResponse:
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    paragraphs = licence_paragraphs(language)
    context = {
        "columns": dictionary_rows(language),
        # The first paragraph is the title and the second carries the bare URL: the page says
        # both in its own words, with a link.
        "licence_notes": paragraphs[2:],
        "licence_url": LICENCE_URL,
        "download": f"{reverse('api:stats-download-list')}?{urlencode({'lang': language})}",
        "docs": f"{reverse('api:docs')}?{urlencode({'lang': language})}",
    }
    return render(request, "stats/data.html", context)
