"""Routing help on the web: `/<lang>/appeals/new/route/` asks what the problem is and where,
and lists the bodies likely to be competent, each a link to the filing form with the agency and
region filled in, plus "I don't know". A GET form, so it works without JavaScript (submit and
suggest) and a result can be bookmarked; `static/js/route-suggest.js` refreshes the list from
`GET /api/v1/agencies/suggest/` as the citizen types. Both call `appeals.routing.suggest`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from appeals.routing.suggest import MAX_TEXT, Suggestion, Suggestions, agency_suggest
from appeals.selectors import region_choices
from officials.models import Competence, Region
from officials.translated import name_field_for
from portal.accounts.forms import GovukFormMixin
from portal.domain_errors import DomainError
from portal.ratelimit import rate_limit, too_many_requests


class RouteForm(GovukFormMixin, forms.Form):
    q = forms.CharField(
        label=_("What is the problem?"),
        help_text=_("In a few words, in any language: “no street lighting on our street”."),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "true"}),
        error_messages={"max_length": _("Describe the problem in at most %(limit_value)d characters.")},
    )
    topic = forms.ChoiceField(label=_("Or choose a topic (optional)"), required=False)
    region = forms.ChoiceField(
        label=_("Which region does the matter concern?"),
        error_messages={
            "required": _("Choose the region the matter concerns."),
            "invalid_choice": _("Choose the region from the list."),
        },
    )

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        topic = self.fields["topic"]
        assert isinstance(region, forms.ChoiceField) and isinstance(topic, forms.ChoiceField)
        region.choices = [("", _("Choose…")), *region_choices(language)]
        name = name_field_for(language)
        topics = Competence.objects.order_by(name).values_list("key", name)
        topic.choices = [("", _("No topic: use my words")), *topics]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("q", "").strip() and not cleaned.get("topic") and "q" not in self.errors:
            self.add_error("q", _("Describe the problem in a few words, or choose a topic."))
        return cleaned


def filing_link(suggestion: Suggestion, region: Region) -> str:
    """The filing form with this agency and region filled in."""
    query = urlencode({"agency": suggestion.agency.slug, "region": region.code})
    return f"{reverse('appeals:new')}?{query}"


def route(request: HttpRequest) -> HttpResponse:
    language = (get_language() or "kk").split("-")[0]
    asked = bool(request.GET)
    form = RouteForm(request.GET if asked else None, language=language)
    suggestions: Suggestions | None = None
    region: Region | None = None
    if asked and form.is_valid():
        refusal = rate_limit(request, "agency_suggest")
        if refusal:
            return too_many_requests(request, refusal)
        region = Region.objects.get(code=form.cleaned_data["region"])
        try:
            suggestions = agency_suggest(
                text=form.cleaned_data["q"],
                region=region,
                language=language,
                topic=form.cleaned_data["topic"] or None,
            )
        except DomainError as error:
            form.add_error("topic" if error.code == "topic" else "q", str(error))
    results = []
    fallback = None
    if suggestions is not None and region is not None:
        results = [(s, filing_link(s, region)) for s in suggestions.results]
        if suggestions.fallback:
            fallback = (suggestions.fallback, filing_link(suggestions.fallback, region))
    return render(
        request,
        "appeals/route.html",
        {
            "form": form,
            "asked": suggestions is not None,
            "results": results,
            "fallback": fallback,
            "language": language,
        },
    )
