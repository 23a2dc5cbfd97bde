"""The citizen-facing pages that belong to the portal as a whole."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from officials.models import Agency, Region


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {
            "agency_count": Agency.objects.active().count(),
            "region_count": Region.objects.count(),
        },
    )
